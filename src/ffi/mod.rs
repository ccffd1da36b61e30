//! The C ABI: opaque handles with `_new`/`_free` pairs, a numbered result enum, the last error's
//! message per thread, and no panic across the boundary. This is the only module with unsafe
//! code; every pointer is checked for null before use. The header `include/wcodm.h` is
//! generated from this file by cbindgen (`cbindgen.toml`).
//!
//! Ownership: every `*_new` result is freed by its `*_free`; strings returned by
//! `wcodm_report_to_json` are freed with `wcodm_string_free`; strings inside a
//! `wcodm_diagnostic` belong to the report and live until `wcodm_report_free`.
//! Threads: a `wcodm_validator` is immutable once built and may be used by any number of threads
//! at once; each `wcodm_report` belongs to the caller that received it.

use crate::rules::RulePack;
use crate::{Choice, Options, Report, RuleSets, Validator, Version};
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The outcome of a call. `WCODM_OK` is 0; any other value is an error whose message
/// `wcodm_last_error` gives (on the same thread).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum wcodm_result {
    /// Success.
    WCODM_OK = 0,
    /// A required pointer argument was null.
    WCODM_ERR_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    WCODM_ERR_INVALID_UTF8 = 2,
    /// A schema set could not be compiled.
    WCODM_ERR_SCHEMA = 3,
    /// A file could not be read.
    WCODM_ERR_IO = 4,
    /// The version named is not a built-in one.
    WCODM_ERR_UNKNOWN_VERSION = 5,
    /// A rule pack could not be read or compiled.
    WCODM_ERR_RULE_PACK = 6,
    /// A diagnostic index past the end of the report.
    WCODM_ERR_INDEX_OUT_OF_RANGE = 7,
    /// The caller's buffer is too small (the message was cut, NUL-terminated).
    WCODM_ERR_BUFFER_TOO_SMALL = 8,
    /// wcodm failed internally (a panic was caught); the handle should not be used again.
    WCODM_ERR_PANIC = 99,
}

use wcodm_result::*;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn fail(code: wcodm_result, message: impl Into<String>) -> wcodm_result {
    LAST_ERROR.with(|e| *e.borrow_mut() = message.into());
    code
}

/// Run `f`, turning a panic into `WCODM_ERR_PANIC`.
fn guard(f: impl FnOnce() -> wcodm_result) -> wcodm_result {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => fail(WCODM_ERR_PANIC, "internal error (panic caught at the C boundary)"),
    }
}

/// # Safety
/// `p` is null or a NUL-terminated string.
unsafe fn text<'a>(p: *const c_char) -> Result<&'a str, wcodm_result> {
    if p.is_null() {
        return Err(fail(WCODM_ERR_NULL_ARGUMENT, "a string argument is null"));
    }
    // SAFETY: checked non-null; the caller promises NUL termination.
    unsafe { CStr::from_ptr(p) }.to_str().map_err(|_| fail(WCODM_ERR_INVALID_UTF8, "a string argument is not UTF-8"))
}

fn schema_error(e: crate::Error) -> wcodm_result {
    let code = match e {
        crate::Error::Io { .. } => WCODM_ERR_IO,
        crate::Error::RuleSet(_) => WCODM_ERR_RULE_PACK,
        _ => WCODM_ERR_SCHEMA,
    };
    fail(code, e.to_string())
}

/// Options for building a validator: created with `wcodm_options_new`, freed with
/// `wcodm_options_free`; a validator copies what it needs, so the options may be freed once it
/// is built.
pub struct wcodm_options {
    options: Options,
    packs: Vec<RulePack>,
}

/// A compiled rule set (opaque). Thread-safe: share it freely once built.
pub struct wcodm_validator {
    inner: Inner,
}

enum Inner {
    Xsd(Validator, String),
    Builtin(Box<RuleSets>, Choice),
}

/// The outcome of one validation (opaque).
pub struct wcodm_report {
    report: Report,
    version: Option<CString>,
    strings: Vec<[Option<CString>; 7]>,
}

/// One diagnostic, as borrowed C strings (valid until the report is freed).
#[repr(C)]
pub struct wcodm_diagnostic {
    /// Stable code, e.g. "unexpected-element" or "business-rule".
    pub code: *const c_char,
    /// Business rule id, or NULL.
    pub rule: *const c_char,
    /// "error" or "warning".
    pub severity: *const c_char,
    /// The message.
    pub message: *const c_char,
    /// Element path with 1-based indices ("" when none).
    pub path: *const c_char,
    /// CDS-style WCO pointer, or NULL.
    pub wco_pointer: *const c_char,
    /// National code of a business rule (e.g. "CDS11006"), or NULL.
    pub national_code: *const c_char,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column in bytes (0 when unknown).
    pub column: u32,
}

/// The library version, a static NUL-terminated string.
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Copy the calling thread's last error message into `buf` (NUL-terminated, cut to `len`).
/// `written` (may be NULL) receives the message length without the NUL.
///
/// # Safety
/// `buf` points to `len` writable bytes (or is NULL with `len` 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_last_error(buf: *mut c_char, len: usize, written: *mut usize) -> wcodm_result {
    LAST_ERROR.with(|e| {
        let msg = e.borrow();
        if !written.is_null() {
            // SAFETY: checked non-null.
            unsafe { *written = msg.len() };
        }
        if buf.is_null() || len == 0 {
            return if msg.is_empty() { WCODM_OK } else { WCODM_ERR_BUFFER_TOO_SMALL };
        }
        let n = msg.len().min(len - 1);
        // SAFETY: buf has len bytes, n < len.
        unsafe {
            std::ptr::copy_nonoverlapping(msg.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
        if n < msg.len() { WCODM_ERR_BUFFER_TOO_SMALL } else { WCODM_OK }
    })
}

/// New options with the defaults (error cap 100, values shown). Free with `wcodm_options_free`.
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_options_new() -> *mut wcodm_options {
    Box::into_raw(Box::new(wcodm_options { options: Options::default(), packs: Vec::new() }))
}

/// Stop after this many diagnostics per message.
///
/// # Safety
/// `o` is NULL or from `wcodm_options_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_max_errors(o: *mut wcodm_options, max: usize) -> wcodm_result {
    // SAFETY: NULL or a live handle.
    let Some(o) = (unsafe { o.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
    o.options.max_errors = max;
    WCODM_OK
}

/// Leave message values out of diagnostics (customs data is confidential).
///
/// # Safety
/// `o` is NULL or from `wcodm_options_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_mask_values(o: *mut wcodm_options, mask: bool) -> wcodm_result {
    // SAFETY: NULL or a live handle.
    let Some(o) = (unsafe { o.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
    o.options.mask_values = mask;
    WCODM_OK
}

/// Add a business-rule pack (JSON file) to be checked with the rule set.
///
/// # Safety
/// `o` is NULL or from `wcodm_options_new`; `path` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_add_rules_file(o: *mut wcodm_options, path: *const c_char) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle.
        let Some(o) = (unsafe { o.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        // SAFETY: per the contract.
        let path = match unsafe { text(path) } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match RulePack::from_path(path) {
            Ok(p) => {
                o.packs.push(p);
                WCODM_OK
            }
            Err(e) => schema_error(e),
        }
    })
}

/// Free options (NULL is ignored).
///
/// # Safety
/// `o` is NULL or from `wcodm_options_new`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_free(o: *mut wcodm_options) {
    if !o.is_null() {
        // SAFETY: from Box::into_raw in wcodm_options_new.
        drop(unsafe { Box::from_raw(o) });
    }
}

fn opts(o: *const wcodm_options) -> (Options, Vec<RulePack>) {
    // SAFETY: callers pass NULL or a live handle.
    match unsafe { o.as_ref() } {
        Some(o) => (o.options.clone(), o.packs.clone()),
        None => (Options::default(), Vec::new()),
    }
}

fn finish(v: Inner, out: *mut *mut wcodm_validator) -> wcodm_result {
    // SAFETY: callers checked `out` is non-null.
    unsafe { *out = Box::into_raw(Box::new(wcodm_validator { inner: v })) };
    WCODM_OK
}

/// A validator for the built-in WCO rule sets: `version` is "auto" (the version each message
/// claims), "3.6", "3.7" or "4.0-draft". `options` may be NULL.
///
/// # Safety
/// `version` is NUL-terminated; `options` NULL or live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_new_builtin(
    version: *const c_char,
    options: *const wcodm_options,
    out: *mut *mut wcodm_validator,
) -> wcodm_result {
    guard(|| {
        if out.is_null() {
            return fail(WCODM_ERR_NULL_ARGUMENT, "out is NULL");
        }
        // SAFETY: per the contract.
        let label = match unsafe { text(version) } {
            Ok(v) => v,
            Err(e) => return e,
        };
        let choice = match label {
            "auto" => Choice::Auto,
            l => match Version::parse(l) {
                Some(v) => Choice::Fixed(v),
                None => {
                    return fail(
                        WCODM_ERR_UNKNOWN_VERSION,
                        format!("unknown version '{l}'; supported: auto, {}", Version::supported()),
                    );
                }
            },
        };
        let (o, packs) = opts(options);
        let sets = RuleSets::with_options(o).with_packs(packs);
        // Compile eagerly so errors surface here, not on first use.
        for v in Version::ALL {
            if let Err(e) = sets.get(v) {
                return schema_error(e);
            }
        }
        finish(Inner::Builtin(Box::new(sets), choice), out)
    })
}

/// A validator for an XSD schema set on disk (`root` and what it includes and imports).
///
/// # Safety
/// `root` is NUL-terminated; `options` NULL or live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_new_xsd_path(
    root: *const c_char,
    options: *const wcodm_options,
    out: *mut *mut wcodm_validator,
) -> wcodm_result {
    guard(|| {
        if out.is_null() {
            return fail(WCODM_ERR_NULL_ARGUMENT, "out is NULL");
        }
        // SAFETY: per the contract.
        let root = match unsafe { text(root) } {
            Ok(v) => v,
            Err(e) => return e,
        };
        let (o, packs) = opts(options);
        match Validator::from_xsd_path(root).and_then(|v| v.with_rules(&packs)) {
            Ok(v) => finish(Inner::Xsd(v.with_options(o), root.to_string()), out),
            Err(e) => schema_error(e),
        }
    })
}

/// A validator for an XSD schema set in memory: `count` documents named `names[i]` with text
/// `texts[i]`; `root_name` is the one to start from (relative `schemaLocation`s resolve
/// against the names).
///
/// # Safety
/// `names` and `texts` point to `count` NUL-terminated strings each; others as above.
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
        if out.is_null() || (count > 0 && (names.is_null() || texts.is_null())) {
            return fail(WCODM_ERR_NULL_ARGUMENT, "out, names or texts is NULL");
        }
        // SAFETY: per the contract.
        let root = match unsafe { text(root_name) } {
            Ok(v) => v,
            Err(e) => return e,
        };
        let mut files = Vec::with_capacity(count);
        for i in 0..count {
            // SAFETY: both arrays hold `count` pointers.
            let (n, t) = unsafe { (*names.add(i), *texts.add(i)) };
            // SAFETY: per the contract.
            match unsafe { (text(n), text(t)) } {
                (Ok(n), Ok(t)) => files.push((n.to_string(), t.to_string())),
                (Err(e), _) | (_, Err(e)) => return e,
            }
        }
        let (o, packs) = opts(options);
        match Validator::from_xsd_files(root, files).and_then(|v| v.with_rules(&packs)) {
            Ok(v) => finish(Inner::Xsd(v.with_options(o), root.to_string()), out),
            Err(e) => schema_error(e),
        }
    })
}

/// Free a validator (NULL is ignored). No other thread may be using it.
///
/// # Safety
/// `v` is NULL or from a `wcodm_validator_new_*`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validator_free(v: *mut wcodm_validator) {
    if !v.is_null() {
        // SAFETY: from Box::into_raw in finish().
        drop(unsafe { Box::from_raw(v) });
    }
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

/// Validate `len` bytes at `data` into a new report (free it with `wcodm_report_free`).
/// A message that is invalid is still `WCODM_OK`: the verdict is in the report.
///
/// # Safety
/// `v` live; `data` points to `len` readable bytes (may be NULL when `len` is 0); `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_validate(
    v: *const wcodm_validator,
    data: *const u8,
    len: usize,
    out: *mut *mut wcodm_report,
) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle.
        let Some(v) = (unsafe { v.as_ref() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "validator is NULL") };
        if out.is_null() || (data.is_null() && len > 0) {
            return fail(WCODM_ERR_NULL_ARGUMENT, "out or data is NULL");
        }
        // SAFETY: data has len bytes (or len is 0).
        let bytes = if len == 0 { &[][..] } else { unsafe { std::slice::from_raw_parts(data, len) } };
        let (version, report) = match &v.inner {
            Inner::Xsd(val, root) => (Some(root.clone()), val.validate(bytes)),
            Inner::Builtin(sets, choice) => {
                let (ver, r) = sets.validate(bytes, *choice);
                (ver.map(|v| v.to_string()), r)
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
        let r = wcodm_report { report, version: version.as_deref().map(c), strings };
        // SAFETY: checked non-null.
        unsafe { *out = Box::into_raw(Box::new(r)) };
        WCODM_OK
    })
}

/// Whether the message is valid (no error-severity diagnostic). False for NULL.
///
/// # Safety
/// `r` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_is_valid(r: *const wcodm_report) -> bool {
    // SAFETY: NULL or a live handle.
    unsafe { r.as_ref() }.is_some_and(|r| r.report.is_valid())
}

/// The number of diagnostics (0 for NULL).
///
/// # Safety
/// `r` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_count(r: *const wcodm_report) -> usize {
    // SAFETY: NULL or a live handle.
    unsafe { r.as_ref() }.map_or(0, |r| r.report.diagnostics.len())
}

/// The rule set used ("3.6", or the schema path), or NULL when none could be chosen.
///
/// # Safety
/// `r` is NULL or live; the string lives as long as the report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_version(r: *const wcodm_report) -> *const c_char {
    // SAFETY: NULL or a live handle.
    unsafe { r.as_ref() }.and_then(|r| r.version.as_ref()).map_or(std::ptr::null(), |s| s.as_ptr())
}

/// Diagnostic `i` of the report, as borrowed strings (valid until `wcodm_report_free`).
///
/// # Safety
/// `r` live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_diagnostic(
    r: *const wcodm_report,
    i: usize,
    out: *mut wcodm_diagnostic,
) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle.
        let Some(r) = (unsafe { r.as_ref() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "report is NULL") };
        if out.is_null() {
            return fail(WCODM_ERR_NULL_ARGUMENT, "out is NULL");
        }
        let (Some(d), Some(s)) = (r.report.diagnostics.get(i), r.strings.get(i)) else {
            return fail(WCODM_ERR_INDEX_OUT_OF_RANGE, format!("diagnostic {i} of {}", r.report.diagnostics.len()));
        };
        let p = |k: usize| s[k].as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: checked non-null.
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
        WCODM_OK
    })
}

/// The report as JSON (the CLI's record format) in a new string freed by `wcodm_string_free`.
///
/// # Safety
/// `r` live; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_to_json(r: *const wcodm_report, out: *mut *mut c_char) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle.
        let Some(r) = (unsafe { r.as_ref() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "report is NULL") };
        if out.is_null() {
            return fail(WCODM_ERR_NULL_ARGUMENT, "out is NULL");
        }
        // SAFETY: checked non-null.
        unsafe { *out = c(&r.report.to_json()).into_raw() };
        WCODM_OK
    })
}

/// Free a string returned by wcodm (NULL is ignored).
///
/// # Safety
/// `s` is NULL or from `wcodm_report_to_json`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: from CString::into_raw.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// Free a report (NULL is ignored).
///
/// # Safety
/// `r` is NULL or from `wcodm_validate`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_free(r: *mut wcodm_report) {
    if !r.is_null() {
        // SAFETY: from Box::into_raw in wcodm_validate.
        drop(unsafe { Box::from_raw(r) });
    }
}
