//! The C ABI as a C program sees it through `include/wcodm.h`, declared for the Rust programs
//! that drive it the way C does (the criterion bench, the `c_abi` fuzz target). The library's
//! `ffi` module is private: these symbols come from the linked library, as they do for C.
#![allow(unsafe_code, non_camel_case_types, dead_code)]

use std::ffi::c_char;

/// `enum wcodm_result` (a C `int`).
pub type wcodm_result = std::ffi::c_int;
pub const WCODM_OK: wcodm_result = 0;
pub const WCODM_ERR_INDEX_OUT_OF_RANGE: wcodm_result = 7;

/// Opaque handles.
#[repr(C)]
pub struct wcodm_options {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct wcodm_validator {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct wcodm_report {
    _opaque: [u8; 0],
}

/// `struct wcodm_diagnostic`.
#[repr(C)]
pub struct wcodm_diagnostic {
    pub code: *const c_char,
    pub rule: *const c_char,
    pub severity: *const c_char,
    pub message: *const c_char,
    pub path: *const c_char,
    pub wco_pointer: *const c_char,
    pub national_code: *const c_char,
    pub line: u32,
    pub column: u32,
}

unsafe extern "C" {
    pub fn wcodm_last_error(buf: *mut c_char, len: usize, written: *mut usize) -> wcodm_result;
    pub fn wcodm_validator_new_builtin(
        version: *const c_char,
        options: *const wcodm_options,
        out: *mut *mut wcodm_validator,
    ) -> wcodm_result;
    pub fn wcodm_validator_new_xsd_memory(
        root_name: *const c_char,
        names: *const *const c_char,
        texts: *const *const c_char,
        count: usize,
        options: *const wcodm_options,
        out: *mut *mut wcodm_validator,
    ) -> wcodm_result;
    pub fn wcodm_validator_free(validator: *mut wcodm_validator);
    pub fn wcodm_validate(
        validator: *const wcodm_validator,
        data: *const u8,
        len: usize,
        out: *mut *mut wcodm_report,
    ) -> wcodm_result;
    pub fn wcodm_report_is_valid(report: *const wcodm_report) -> bool;
    pub fn wcodm_report_count(report: *const wcodm_report) -> usize;
    pub fn wcodm_report_diagnostic(
        report: *const wcodm_report,
        index: usize,
        out: *mut wcodm_diagnostic,
    ) -> wcodm_result;
    pub fn wcodm_report_wco_names(report: *const wcodm_report, index: usize) -> *const c_char;
    pub fn wcodm_report_to_json(report: *const wcodm_report, out: *mut *mut c_char) -> wcodm_result;
    pub fn wcodm_string_free(s: *mut c_char);
    pub fn wcodm_report_free(report: *mut wcodm_report);
}
