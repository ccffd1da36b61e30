//! `wcodm_report`: the outcome of one validation and its getters (verdict, count, version,
//! each diagnostic, JSON), and `wcodm_string_free` for the JSON. Reports are made by
//! `validator`; nothing here validates.

use super::errors::{fail, wcodm_result, wcodm_result::*};
use super::{c, code, guard, guard_or, handle, out_param};
use crate::Report;
use std::ffi::{CString, c_char};
use std::ptr;

/// The outcome of one validation (opaque). Create with `wcodm_validate`, free with
/// `wcodm_report_free`. Independent of the validator (it may be freed first) and of other
/// reports.
pub struct wcodm_report {
    pub(super) report: Report,
    pub(super) version: Option<CString>,
    /// Per diagnostic, computed once: code, rule, severity, message, path, pointer, national
    /// code, location, pointer names.
    pub(super) strings: Vec<[Option<CString>; 9]>,
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

/// The location of diagnostic `index` (0-based, document order), the way XPath-based rule
/// engines report it: every step indexed, every name as written (`/ie:CC315A[1]/GOOITEGDS[2]`).
/// NULL unless locations were asked for (`wcodm_options_set_locations`, or a profile such as
/// `uk-ics1`), for an index out of range, or for a NULL report. Borrowed from the report: valid
/// until `wcodm_report_free`. (A getter of its own, so `wcodm_diagnostic` keeps its layout.)
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_location(report: *const wcodm_report, index: usize) -> *const c_char {
    guard_or(ptr::null(), || {
        // SAFETY: NULL or a live handle per the contract.
        let strings = unsafe { report.as_ref() }.and_then(|r| r.strings.get(index));
        strings.and_then(|s| s[7].as_ref()).map_or(ptr::null(), |s| s.as_ptr())
    })
}

/// The WCO pointer of diagnostic `index` (0-based, document order) in words: each class and
/// the data element by the WCO name the schema gives it, with the pointer's indices, e.g.
/// `Declaration / GoodsShipment[1] / GovernmentAgencyGoodsItem[1] / Commodity / GoodsMeasure /
/// Gross weight item level` for `42A/67A[1]/68A[1]/23A/65A#126` (the WCO ID where the schema
/// gives no name). NULL exactly when the diagnostic's `wco_pointer` is, for an index out of
/// range, or for a NULL report. Borrowed from the report: valid until `wcodm_report_free`. (A
/// getter of its own, so `wcodm_diagnostic` keeps its layout.)
///
/// # Safety
/// `report` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_report_wco_names(report: *const wcodm_report, index: usize) -> *const c_char {
    guard_or(ptr::null(), || {
        // SAFETY: NULL or a live handle per the contract.
        let strings = unsafe { report.as_ref() }.and_then(|r| r.strings.get(index));
        strings.and_then(|s| s[8].as_ref()).map_or(ptr::null(), |s| s.as_ptr())
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
