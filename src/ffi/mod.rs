//! The C ABI, in the rustls-ffi shape: opaque handles with `_new`/`_free` pairs, a numbered
//! result enum, the calling thread's last error message, and no panic across the boundary
//! (every export runs inside [`catch_unwind`] and turns a panic into `WCODM_ERR_PANIC`).
//!
//! This is the only module with unsafe code; every pointer is checked for null before use. The
//! header `include/wcodm.h` is generated from this file by a pinned cbindgen (`cbindgen.toml`)
//! and checked in; `tests/c/check_header.sh` fails when it drifts.
//!
//! Ownership: every `*_new*` result is freed by its `*_free`; a string from
//! `wcodm_report_to_json` is freed with `wcodm_string_free`; the strings of a
//! `wcodm_diagnostic` (and `wcodm_report_version`) belong to the report and live until
//! `wcodm_report_free`. Every `_free` ignores NULL.
//!
//! Threads: a `wcodm_validator` is immutable once built; any number of threads may call
//! `wcodm_validate` on it at once. Reports are independent of the validator and of each other
//! (a report may outlive its validator and be used from any one thread at a time).

use crate::rules::RulePack;
use crate::{Choice, Options, Report, RuleSets, Validator, Version};
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

/// The outcome of a call. `WCODM_OK` is 0; any other value is an error, whose message
/// `wcodm_last_error` gives (on the same thread) and whose fixed description
/// `wcodm_result_text` gives. Numbers never change once released; new ones may be added.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wcodm_result {
    /// Success.
    WCODM_OK = 0,
    /// A required pointer argument was NULL.
    WCODM_ERR_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    WCODM_ERR_INVALID_UTF8 = 2,
    /// A schema set could not be compiled (not well-formed, wrong, or not supported).
    WCODM_ERR_SCHEMA = 3,
    /// A file (schema document or rule pack) could not be read.
    WCODM_ERR_IO = 4,
    /// The version named is not a built-in one.
    WCODM_ERR_UNKNOWN_VERSION = 5,
    /// A rule pack could not be parsed or compiled.
    WCODM_ERR_RULE_PACK = 6,
    /// A diagnostic index at or past `wcodm_report_count`.
    WCODM_ERR_INDEX_OUT_OF_RANGE = 7,
    /// The caller's buffer was too small: the text was cut (still NUL-terminated).
    WCODM_ERR_BUFFER_TOO_SMALL = 8,
    /// An argument's value is not acceptable (e.g. a day that is not `YYYY-MM-DD`).
    WCODM_ERR_INVALID_ARGUMENT = 9,
    /// wcodm failed internally (a panic was caught at the boundary). Please report it.
    WCODM_ERR_PANIC = 99,
}

use wcodm_result::*;

// A validator is shared by reference between threads: it must be Send + Sync.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<wcodm_validator>();
    send_sync::<wcodm_report>();
};

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Record `message` as this thread's last error and return `code`.
fn fail(code: wcodm_result, message: impl Into<String>) -> wcodm_result {
    let message = message.into();
    // try_with: during thread teardown the slot may be gone; the code still tells the caller.
    let _ = LAST_ERROR.try_with(|e| {
        if let Ok(mut e) = e.try_borrow_mut() {
            *e = message;
        }
    });
    code
}

/// Run `f`, turning a panic into `WCODM_ERR_PANIC`.
fn guard(f: impl FnOnce() -> wcodm_result) -> wcodm_result {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| fail(WCODM_ERR_PANIC, "internal error: a panic was caught at the C boundary"))
}

/// Run `f`, returning `fallback` if it panics (for exports that return no `wcodm_result`).
fn guard_or<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        fail(WCODM_ERR_PANIC, "internal error: a panic was caught at the C boundary");
        fallback
    })
}

/// Turn `?`-style results into the code.
fn code(r: Result<(), wcodm_result>) -> wcodm_result {
    r.err().unwrap_or(WCODM_OK)
}

/// Check an out-pointer and set it to NULL, so that callers may free it whatever the outcome.
///
/// # Safety
/// `out` is NULL or writable.
unsafe fn out_param<T>(out: *mut *mut T, name: &str) -> Result<(), wcodm_result> {
    if out.is_null() {
        return Err(fail(WCODM_ERR_NULL_ARGUMENT, format!("{name} is NULL")));
    }
    // SAFETY: non-null and writable per the contract.
    unsafe { *out = ptr::null_mut() };
    Ok(())
}

/// A borrowed string argument.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string that outlives `'a`.
unsafe fn text<'a>(p: *const c_char, name: &str) -> Result<&'a str, wcodm_result> {
    if p.is_null() {
        return Err(fail(WCODM_ERR_NULL_ARGUMENT, format!("{name} is NULL")));
    }
    // SAFETY: checked non-null; the caller promises NUL termination.
    unsafe { CStr::from_ptr(p) }.to_str().map_err(|e| fail(WCODM_ERR_INVALID_UTF8, format!("{name} is not UTF-8: {e}")))
}

/// A borrowed handle argument.
///
/// # Safety
/// `p` is NULL or a live handle.
unsafe fn handle<'a, T>(p: *const T, name: &str) -> Result<&'a T, wcodm_result> {
    // SAFETY: NULL or live per the contract.
    unsafe { p.as_ref() }.ok_or_else(|| fail(WCODM_ERR_NULL_ARGUMENT, format!("{name} is NULL")))
}

fn build_error(e: crate::Error) -> wcodm_result {
    let code = match e {
        crate::Error::Io { .. } => WCODM_ERR_IO,
        crate::Error::RuleSet(_) | crate::Error::UnknownPath { .. } => WCODM_ERR_RULE_PACK,
        _ => WCODM_ERR_SCHEMA,
    };
    fail(code, e.to_string())
}

/// A C string from Rust text (an interior NUL, which XML cannot carry, becomes a space).
fn c(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

/// Options for building a validator (opaque): the error cap, value masking and extra
/// business-rule packs. Create with `wcodm_options_new`, free with `wcodm_options_free`. A
/// validator copies what it needs when it is built, so the options may be freed (or changed
/// and reused) right after. Not for concurrent use from several threads.
pub struct wcodm_options {
    options: Options,
    packs: Vec<RulePack>,
}

/// A compiled rule set (opaque). Create with a `wcodm_validator_new_*`, free with
/// `wcodm_validator_free`. Immutable once built: any number of threads may validate with one
/// validator at the same time.
pub struct wcodm_validator {
    inner: Inner,
    /// What `wcodm_report_version` says for an XSD rule set (its root document).
    label: String,
}

enum Inner {
    Xsd(Validator),
    Builtin(Box<RuleSets>, Choice),
}

/// The outcome of one validation (opaque). Create with `wcodm_validate`, free with
/// `wcodm_report_free`. Independent of the validator (it may be freed first) and of other
/// reports.
pub struct wcodm_report {
    report: Report,
    version: Option<CString>,
    /// Per diagnostic, computed once: code, rule, severity, message, path, pointer, national code.
    strings: Vec<[Option<CString>; 7]>,
}

/// One diagnostic of a report, filled by `wcodm_report_diagnostic`. The strings are borrowed
/// from the report: valid until `wcodm_report_free`, never freed by the caller.
#[repr(C)]
pub struct wcodm_diagnostic {
    /// Stable code, e.g. "unexpected-element", "invalid-value" or "business-rule".
    pub code: *const c_char,
    /// The business rule's id (e.g. "WCO-R004"), or NULL when the problem is not from a rule.
    pub rule: *const c_char,
    /// "error" or "warning" (only errors make a message invalid).
    pub severity: *const c_char,
    /// A sentence naming what was found and what was expected.
    pub message: *const c_char,
    /// Element path with 1-based indices, e.g. `/Declaration/GoodsItem[2]/GrossMassMeasure`;
    /// "" when the problem is not inside an element.
    pub path: *const c_char,
    /// CDS-style WCO pointer, e.g. `42A/67A[1]/68A[3]#126`, or NULL when the schema has no WCO IDs.
    pub wco_pointer: *const c_char,
    /// National code of a business rule (e.g. "CDS11006"), or NULL.
    pub national_code: *const c_char,
    /// 1-based line of the element's start tag (or of the parse error).
    pub line: u32,
    /// 1-based column, in bytes, on that line.
    pub column: u32,
}

/// The library version, e.g. "0.1.0": a static NUL-terminated string (never freed).
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// A fixed English description of a result code, e.g. "a required pointer argument is NULL":
/// a static NUL-terminated string (never freed). Unknown numbers give "unknown result code".
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_result_text(result: i32) -> *const c_char {
    let s: &'static CStr = match result {
        0 => c"success",
        1 => c"a required pointer argument is NULL",
        2 => c"a string argument is not valid UTF-8",
        3 => c"the schema set could not be compiled",
        4 => c"a file could not be read",
        5 => c"not a built-in WCO Data Model version",
        6 => c"the rule pack could not be read or compiled",
        7 => c"diagnostic index out of range",
        8 => c"the buffer is too small",
        9 => c"an argument's value is not acceptable",
        99 => c"internal error (a panic was caught)",
        _ => c"unknown result code",
    };
    s.as_ptr()
}

/// Copy the message of the calling thread's last failed call into `buf`, NUL-terminated. A
/// successful call does not clear it. `written` (may be NULL) receives the full message length
/// without the NUL, so a caller can size a buffer: call with `buf` NULL and `len` 0 first.
///
/// Returns `WCODM_OK`, or `WCODM_ERR_BUFFER_TOO_SMALL` when the message was cut to `len - 1`
/// bytes (or `buf` is NULL / `len` is 0 and there is a message). Messages are UTF-8; a cut
/// message may end inside a character.
///
/// # Safety
/// `buf` is NULL or points to `len` writable bytes; `written` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_last_error(buf: *mut c_char, len: usize, written: *mut usize) -> wcodm_result {
    guard_or(WCODM_ERR_PANIC, || {
        let msg = LAST_ERROR.try_with(|e| e.borrow().clone()).unwrap_or_default();
        if !written.is_null() {
            // SAFETY: checked non-null; writable per the contract.
            unsafe { *written = msg.len() };
        }
        if buf.is_null() || len == 0 {
            return if msg.is_empty() { WCODM_OK } else { WCODM_ERR_BUFFER_TOO_SMALL };
        }
        let n = msg.len().min(len - 1);
        // SAFETY: buf has len bytes and n < len.
        unsafe {
            ptr::copy_nonoverlapping(msg.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
        if n < msg.len() { WCODM_ERR_BUFFER_TOO_SMALL } else { WCODM_OK }
    })
}

/// New options with the defaults: error cap 100, values shown, no extra rule packs. Free with
/// `wcodm_options_free`. Returns NULL only on an internal error.
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_options_new() -> *mut wcodm_options {
    guard_or(ptr::null_mut(), || {
        Box::into_raw(Box::new(wcodm_options { options: Options::default(), packs: Vec::new() }))
    })
}

/// Keep at most `max` diagnostics per message; the report is then marked truncated
/// (`wcodm_report_is_truncated`). 0 means no cap.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_max_errors(options: *mut wcodm_options, max: usize) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        o.options.max_errors = if max == 0 { usize::MAX } else { max };
        WCODM_OK
    })
}

/// Leave message values out of diagnostic messages (customs data is confidential).
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_mask_values(options: *mut wcodm_options, mask: bool) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        o.options.mask_values = mask;
        WCODM_OK
    })
}

/// The day date rules take as today, written `YYYY-MM-DD` (to re-check a message as of the
/// day it was sent, or for reproducible results); NULL goes back to the system's UTC date at
/// validation time (the default). `WCODM_ERR_INVALID_ARGUMENT` when `day` is not a calendar
/// day; the options are unchanged then.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread; `day` is
/// NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_today(options: *mut wcodm_options, day: *const c_char) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        if day.is_null() {
            o.options.today = None;
            return WCODM_OK;
        }
        // SAFETY: non-null, NUL-terminated per the contract.
        let day = match unsafe { text(day, "day") } {
            Ok(d) => d,
            Err(e) => return e,
        };
        match crate::rules::Day::parse(day) {
            Some(d) => {
                o.options.today = Some(d);
                WCODM_OK
            }
            None => fail(WCODM_ERR_INVALID_ARGUMENT, format!("day '{day}' is not a calendar day written YYYY-MM-DD")),
        }
    })
}

/// Add a business-rule pack read from the JSON file at `path` (README.md, "Business rules"),
/// checked in the same pass as the structure. `WCODM_ERR_IO` when the file cannot be read,
/// `WCODM_ERR_RULE_PACK` when it is not a valid pack; the options are unchanged then.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread; `path` is
/// NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_add_rules_file(
    options: *mut wcodm_options,
    path: *const c_char,
) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        // SAFETY: per the contract.
        let path = match unsafe { text(path, "path") } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match RulePack::from_path(path) {
            Ok(p) => {
                o.packs.push(p);
                WCODM_OK
            }
            Err(e) => build_error(e),
        }
    })
}

/// Add a business-rule pack given as JSON text (NUL-terminated). `WCODM_ERR_RULE_PACK` when it
/// is not a valid pack; the options are unchanged then.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread; `json` is
/// NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_add_rules_json(
    options: *mut wcodm_options,
    json: *const c_char,
) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        // SAFETY: per the contract.
        let json = match unsafe { text(json, "json") } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match RulePack::from_json(json) {
            Ok(p) => {
                o.packs.push(p);
                WCODM_OK
            }
            Err(e) => build_error(e),
        }
    })
}

/// Free options (NULL is ignored). Validators built with them are not affected.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new`, and not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_free(options: *mut wcodm_options) {
    guard_or((), || {
        if !options.is_null() {
            // SAFETY: from Box::into_raw in wcodm_options_new, freed once.
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// The options and packs to build with (defaults for NULL).
///
/// # Safety
/// `o` is NULL or a live handle.
unsafe fn opts(o: *const wcodm_options) -> (Options, Vec<RulePack>) {
    // SAFETY: NULL or a live handle per the contract.
    match unsafe { o.as_ref() } {
        Some(o) => (o.options.clone(), o.packs.clone()),
        None => (Options::default(), Vec::new()),
    }
}

/// Box a new validator into `out` (already checked non-null).
fn finish(inner: Inner, label: String, out: *mut *mut wcodm_validator) -> Result<(), wcodm_result> {
    // SAFETY: callers checked `out` with out_param.
    unsafe { *out = Box::into_raw(Box::new(wcodm_validator { inner, label })) };
    Ok(())
}

/// Build a validator for the built-in WCO Data Model rule sets. `version` is "auto" (each
/// message is validated against the version it claims in `md:WCODataModelVersionCode`), or
/// "3.6", "3.7", "4.0-draft" (every message against that one). `options` may be NULL (the
/// defaults). On success `*out` is a new validator (free it with `wcodm_validator_free`); on
/// failure `*out` is NULL: `WCODM_ERR_UNKNOWN_VERSION`, `WCODM_ERR_RULE_PACK` (a pack in the
/// options does not fit), `WCODM_ERR_NULL_ARGUMENT`, `WCODM_ERR_INVALID_UTF8`.
///
/// # Safety
/// `version` is NULL or NUL-terminated; `options` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_new_builtin(
    version: *const c_char,
    options: *const wcodm_options,
    out: *mut *mut wcodm_validator,
) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            unsafe { out_param(out, "out") }?;
            // SAFETY: per the contract.
            let label = unsafe { text(version, "version") }?;
            let choice = match label {
                "auto" => Choice::Auto,
                l => Choice::Fixed(Version::parse(l).ok_or_else(|| {
                    fail(
                        WCODM_ERR_UNKNOWN_VERSION,
                        format!("unknown version '{l}'; supported: auto, {}", Version::supported()),
                    )
                })?),
            };
            // SAFETY: per the contract.
            let (o, packs) = unsafe { opts(options) };
            let sets = RuleSets::with_options(o).with_packs(packs);
            // Compile eagerly so errors surface here, not on first use.
            for v in Version::ALL {
                sets.get(v).map_err(build_error)?;
            }
            finish(Inner::Builtin(Box::new(sets), choice), label.to_string(), out)
        })())
    })
}

/// Build a validator for the XSD schema set whose root document is the file `root` (its
/// includes and imports are read relative to it), e.g. a national customisation such as
/// "schemas/customs/wrapper_submit.xsd". `options` may be NULL. On success `*out` is a new
/// validator (free it with `wcodm_validator_free`); on failure `*out` is NULL:
/// `WCODM_ERR_IO` (a file cannot be read), `WCODM_ERR_SCHEMA`, `WCODM_ERR_RULE_PACK`,
/// `WCODM_ERR_NULL_ARGUMENT`, `WCODM_ERR_INVALID_UTF8`.
///
/// # Safety
/// `root` is NULL or NUL-terminated; `options` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_new_xsd_path(
    root: *const c_char,
    options: *const wcodm_options,
    out: *mut *mut wcodm_validator,
) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            unsafe { out_param(out, "out") }?;
            // SAFETY: per the contract.
            let root = unsafe { text(root, "root") }?;
            // SAFETY: per the contract.
            let (o, packs) = unsafe { opts(options) };
            let v = Validator::from_xsd_path(root).and_then(|v| v.with_rules(&packs)).map_err(build_error)?;
            finish(Inner::Xsd(v.with_options(o)), root.to_string(), out)
        })())
    })
}

/// Build a validator for an XSD schema set held in memory: `count` documents, named
/// `names[i]` with text `texts[i]` (both NUL-terminated UTF-8); `root_name` is the one to start
/// from, and `schemaLocation`s resolve against the including document's name like relative
/// paths ("common/types.xsd" from "root.xsd"). The texts are copied: the caller may free them
/// on return. `names` and `texts` may be NULL when `count` is 0. `options` may be NULL. On
/// failure `*out` is NULL: `WCODM_ERR_SCHEMA` (also when a document is not among the names),
/// `WCODM_ERR_RULE_PACK`, `WCODM_ERR_NULL_ARGUMENT`, `WCODM_ERR_INVALID_UTF8`.
///
/// # Safety
/// `names` and `texts` are NULL or point to `count` pointers each, each NULL or NUL-terminated;
/// `root_name` is NULL or NUL-terminated; `options` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_new_xsd_memory(
    root_name: *const c_char,
    names: *const *const c_char,
    texts: *const *const c_char,
    count: usize,
    options: *const wcodm_options,
    out: *mut *mut wcodm_validator,
) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            unsafe { out_param(out, "out") }?;
            // SAFETY: per the contract.
            let root = unsafe { text(root_name, "root_name") }?;
            if count > 0 && (names.is_null() || texts.is_null()) {
                return Err(fail(WCODM_ERR_NULL_ARGUMENT, "names or texts is NULL"));
            }
            let mut files = Vec::with_capacity(count);
            for i in 0..count {
                // SAFETY: both arrays hold `count` pointers.
                let (n, t) = unsafe { (*names.add(i), *texts.add(i)) };
                // SAFETY: per the contract.
                let (n, t) = unsafe { (text(n, &format!("names[{i}]"))?, text(t, &format!("texts[{i}]"))?) };
                files.push((n.to_string(), t.to_string()));
            }
            // SAFETY: per the contract.
            let (o, packs) = unsafe { opts(options) };
            let v = Validator::from_xsd_files(root, files).and_then(|v| v.with_rules(&packs)).map_err(build_error)?;
            finish(Inner::Xsd(v.with_options(o)), root.to_string(), out)
        })())
    })
}

/// Free a validator (NULL is ignored). No thread may be using it; reports it produced stay
/// valid.
///
/// # Safety
/// `validator` is NULL or from a `wcodm_validator_new_*`, and not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_free(validator: *mut wcodm_validator) {
    guard_or((), || {
        if !validator.is_null() {
            // SAFETY: from Box::into_raw in finish(), freed once.
            drop(unsafe { Box::from_raw(validator) });
        }
    })
}

/// Validate the `len` bytes at `data` (a whole message, UTF-8 XML) into a new report in `*out`
/// (free it with `wcodm_report_free`). An invalid, empty or binary message is still `WCODM_OK`:
/// the verdict and the problems are in the report. Errors (`*out` is NULL then):
/// `WCODM_ERR_NULL_ARGUMENT` (`validator` or `out` NULL, or `data` NULL with `len` > 0).
/// Thread-safe: many threads may validate with one validator at once.
///
/// # Safety
/// `validator` is NULL or live; `data` is NULL or points to `len` readable bytes that do not
/// change during the call; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validate(
    validator: *const wcodm_validator,
    data: *const u8,
    len: usize,
    out: *mut *mut wcodm_report,
) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            unsafe { out_param(out, "out") }?;
            // SAFETY: per the contract.
            let v = unsafe { handle(validator, "validator") }?;
            if data.is_null() && len > 0 {
                return Err(fail(WCODM_ERR_NULL_ARGUMENT, "data is NULL"));
            }
            // SAFETY: data has len readable bytes (or len is 0).
            let bytes = if len == 0 { &[][..] } else { unsafe { std::slice::from_raw_parts(data, len) } };
            // SAFETY: checked by out_param.
            unsafe { *out = new_report(v, Message::Bytes(bytes)) };
            Ok(())
        })())
    })
}

/// Validate the message in the file at `path` into a new report in `*out` (free it with
/// `wcodm_report_free`), streaming it: it is read in windows of at most a megabyte (more only
/// for a single token that does not fit, up to the token limit), whatever the file's size
/// (`wcodm_validate` needs the whole message in memory). A read error after the start is a
/// diagnostic ("io") in the report. Errors (`*out` is NULL then): `WCODM_ERR_IO` (the file
/// cannot be opened), `WCODM_ERR_NULL_ARGUMENT`, `WCODM_ERR_INVALID_UTF8` (`path`).
/// Thread-safe: many threads may validate with one validator at once.
///
/// # Safety
/// `validator` is NULL or live; `path` is NULL or NUL-terminated; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validate_file(
    validator: *const wcodm_validator,
    path: *const c_char,
    out: *mut *mut wcodm_report,
) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            unsafe { out_param(out, "out") }?;
            // SAFETY: per the contract.
            let v = unsafe { handle(validator, "validator") }?;
            // SAFETY: per the contract.
            let path = unsafe { text(path, "path") }?;
            let file = std::fs::File::open(path).map_err(|e| fail(WCODM_ERR_IO, format!("cannot read {path}: {e}")))?;
            // SAFETY: checked by out_param.
            unsafe { *out = new_report(v, Message::File(file)) };
            Ok(())
        })())
    })
}

/// A message to validate: bytes in memory, or a file read in windows.
enum Message<'a> {
    Bytes(&'a [u8]),
    File(std::fs::File),
}

/// Validate `message` with `v`'s rule set into a report handle, with its diagnostics' strings
/// made once for the getters.
fn new_report(v: &wcodm_validator, message: Message<'_>) -> *mut wcodm_report {
    let (version, report) = match &v.inner {
        Inner::Xsd(val) => {
            let report = match message {
                Message::Bytes(bytes) => val.validate(bytes),
                Message::File(file) => val.validate_reader(file),
            };
            (Some(c(&v.label)), report)
        }
        Inner::Builtin(sets, choice) => {
            let (ver, report) = match message {
                Message::Bytes(bytes) => sets.validate(bytes, *choice),
                Message::File(file) => sets.validate_reader(file, *choice),
            };
            (ver.map(|v| c(v.as_str())), report)
        }
    };
    let strings = report
        .diagnostics
        .iter()
        .map(|d| {
            [
                Some(c(d.code.as_str())),
                d.rule.as_deref().map(c),
                Some(c(&d.severity.to_string())),
                Some(c(&d.message)),
                Some(c(&d.path)),
                d.wco_pointer.as_deref().map(c),
                d.national_code.as_deref().map(c),
            ]
        })
        .collect();
    Box::into_raw(Box::new(wcodm_report { report, version, strings }))
}

/// Whether the message is valid: no diagnostic of severity "error" (warnings allowed). False
/// for NULL.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_is_valid(report: *const wcodm_report) -> bool {
    // SAFETY: NULL or a live handle per the contract.
    guard_or(false, || unsafe { report.as_ref() }.is_some_and(|r| r.report.is_valid()))
}

/// Whether the error cap was reached and later problems were not reported. False for NULL.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_is_truncated(report: *const wcodm_report) -> bool {
    // SAFETY: NULL or a live handle per the contract.
    guard_or(false, || unsafe { report.as_ref() }.is_some_and(|r| r.report.truncated))
}

/// The number of diagnostics, errors and warnings (0 for NULL). Indices for
/// `wcodm_report_diagnostic` run from 0 to this minus 1, in document order.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_count(report: *const wcodm_report) -> usize {
    // SAFETY: NULL or a live handle per the contract.
    guard_or(0, || unsafe { report.as_ref() }.map_or(0, |r| r.report.diagnostics.len()))
}

/// The rule set the message was validated against: the built-in version ("3.6", ...) or the
/// root schema's path or name; NULL when none could be chosen (a built-in "auto" validator and
/// a message claiming no known version) or for a NULL report. Borrowed from the report: valid
/// until `wcodm_report_free`.
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_version(report: *const wcodm_report) -> *const c_char {
    guard_or(ptr::null(), || {
        // SAFETY: NULL or a live handle per the contract.
        unsafe { report.as_ref() }.and_then(|r| r.version.as_ref()).map_or(ptr::null(), |s| s.as_ptr())
    })
}

/// Fill `*out` with diagnostic `index` of the report (0-based, document order). The strings
/// are borrowed from the report and valid until `wcodm_report_free`; this call allocates
/// nothing. `WCODM_ERR_INDEX_OUT_OF_RANGE` when `index >= wcodm_report_count(report)`,
/// `WCODM_ERR_NULL_ARGUMENT` for a NULL `report` or `out`; `*out` is unchanged on error.
///
/// # Safety
/// `report` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_diagnostic(
    report: *const wcodm_report,
    index: usize,
    out: *mut wcodm_diagnostic,
) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            let r = unsafe { handle(report, "report") }?;
            if out.is_null() {
                return Err(fail(WCODM_ERR_NULL_ARGUMENT, "out is NULL"));
            }
            let n = r.report.diagnostics.len();
            let (Some(d), Some(s)) = (r.report.diagnostics.get(index), r.strings.get(index)) else {
                return Err(fail(
                    WCODM_ERR_INDEX_OUT_OF_RANGE,
                    format!("diagnostic index {index} is out of range: the report has {n}"),
                ));
            };
            let p = |k: usize| s[k].as_ref().map_or(ptr::null(), |c| c.as_ptr());
            // SAFETY: checked non-null; writable per the contract.
            unsafe {
                *out = wcodm_diagnostic {
                    code: p(0),
                    rule: p(1),
                    severity: p(2),
                    message: p(3),
                    path: p(4),
                    wco_pointer: p(5),
                    national_code: p(6),
                    line: d.line,
                    column: d.column,
                }
            };
            Ok(())
        })())
    })
}

/// Render the report as one JSON object, `{"valid":..,"truncated":..,"diagnostics":[..]}`
/// (the shape README.md documents), into a new string in `*out`: the caller owns it and frees
/// it with `wcodm_string_free`. On error `*out` is NULL.
///
/// # Safety
/// `report` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_to_json(report: *const wcodm_report, out: *mut *mut c_char) -> wcodm_result {
    guard(|| {
        code((|| {
            // SAFETY: per the contract.
            unsafe { out_param(out, "out") }?;
            // SAFETY: per the contract.
            let r = unsafe { handle(report, "report") }?;
            // SAFETY: checked by out_param.
            unsafe { *out = c(&r.report.to_json()).into_raw() };
            Ok(())
        })())
    })
}

/// Free a string wcodm gave the caller (from `wcodm_report_to_json`); NULL is ignored.
///
/// # Safety
/// `s` is NULL or from `wcodm_report_to_json`, and not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_string_free(s: *mut c_char) {
    guard_or((), || {
        if !s.is_null() {
            // SAFETY: from CString::into_raw, freed once.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}

/// Free a report and every string borrowed from it (NULL is ignored).
///
/// # Safety
/// `report` is NULL or from `wcodm_validate`, and not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_free(report: *mut wcodm_report) {
    guard_or((), || {
        if !report.is_null() {
            // SAFETY: from Box::into_raw in wcodm_validate, freed once.
            drop(unsafe { Box::from_raw(report) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_error() -> String {
        let mut buf = [0 as c_char; 256];
        let mut n = 0;
        // SAFETY: buf has 256 bytes.
        unsafe { wcodm_last_error(buf.as_mut_ptr(), buf.len(), &mut n) };
        // SAFETY: NUL-terminated by wcodm_last_error.
        unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned()
    }

    #[test]
    fn a_panic_becomes_an_error_code_with_a_message() {
        assert_eq!(guard(|| panic!("boom")), WCODM_ERR_PANIC);
        assert!(last_error().contains("panic was caught"), "{}", last_error());
        assert_eq!(guard_or(7, || panic!("boom")), 7);
        assert_eq!(guard(|| WCODM_OK), WCODM_OK);
    }

    #[test]
    fn result_texts_cover_every_code() {
        for r in [
            WCODM_OK,
            WCODM_ERR_NULL_ARGUMENT,
            WCODM_ERR_INVALID_UTF8,
            WCODM_ERR_SCHEMA,
            WCODM_ERR_IO,
            WCODM_ERR_UNKNOWN_VERSION,
            WCODM_ERR_RULE_PACK,
            WCODM_ERR_INDEX_OUT_OF_RANGE,
            WCODM_ERR_BUFFER_TOO_SMALL,
            WCODM_ERR_PANIC,
        ] {
            // SAFETY: static strings.
            let t = unsafe { CStr::from_ptr(wcodm_result_text(r as i32)) };
            assert_ne!(t, c"unknown result code", "{r:?}");
        }
    }

    #[test]
    fn errors_are_per_thread() {
        fail(WCODM_ERR_IO, "main thread");
        std::thread::spawn(|| {
            assert_eq!(last_error(), "");
            fail(WCODM_ERR_SCHEMA, "other thread");
        })
        .join()
        .unwrap();
        assert_eq!(last_error(), "main thread");
    }
}
