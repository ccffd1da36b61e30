//! `wcodm_validator`: a compiled rule set (an XSD set or the built-in versions), built from
//! options, and validation with it, in memory or from a file, into a new report. The report's
//! getters are in `report`.

use super::errors::{build_error, fail, wcodm_result, wcodm_result::*};
use super::options::{opts, profiled, wcodm_options};
use super::report::wcodm_report;
use super::{c, code, guard, guard_or, handle, out_param, text};
use crate::{Choice, RuleSets, Validator, Version};
use std::ffi::c_char;

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
/// failure `*out` is NULL: `WCODM_ERR_UNKNOWN_VERSION`, `WCODM_ERR_RULE_PACK` (a pack or the profile in
/// the options does not fit: a profile for other messages' roots, such as uk-ics1's), `WCODM_ERR_NULL_ARGUMENT`, `WCODM_ERR_INVALID_UTF8`.
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
                        format!("unknown version '{l}'; supported: auto, {}", Version::labels().join(", ")),
                    )
                })?),
            };
            // SAFETY: per the contract.
            let (o, packs, profile) = unsafe { opts(options) };
            let mut sets = RuleSets::with_options(o).with_packs(packs);
            if let Some(p) = profile {
                sets = sets.with_profile(p);
            }
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
            let (o, packs, profile) = unsafe { opts(options) };
            let v = Validator::from_xsd_path(root)
                .and_then(|v| v.with_rules(&packs))
                .and_then(|v| profiled(v, profile.as_ref()))
                .map_err(build_error)?;
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
            let (o, packs, profile) = unsafe { opts(options) };
            let v = Validator::from_xsd_files(root, files)
                .and_then(|v| v.with_rules(&packs))
                .and_then(|v| profiled(v, profile.as_ref()))
                .map_err(build_error)?;
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
            let outcome = match message {
                Message::Bytes(bytes) => sets.validate(bytes, *choice),
                Message::File(file) => sets.validate_reader(file, *choice),
            };
            (outcome.version.map(|v| c(v.as_str())), outcome.report)
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
                d.location.as_deref().map(c),
                d.wco_names.as_deref().map(c),
            ]
        })
        .collect();
    Box::into_raw(Box::new(wcodm_report { report, version, strings }))
}
