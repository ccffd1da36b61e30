//! The C ABI, in the rustls-ffi shape: opaque handles with `_new`/`_free` pairs, a numbered
//! result enum, the calling thread's last error message, and no panic across the boundary
//! (every export runs inside [`catch_unwind`] and turns a panic into `WCODM_ERR_PANIC`).
//!
//! This is the only module with unsafe code; every pointer is checked for null before use. The
//! header `include/wcodm.h` is generated from this module by a pinned cbindgen (`cbindgen.toml`)
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
//!
//! One file per object, as rustls-ffi does: `errors` (result codes, the last error), `options`,
//! `validator` (building, validating) and `report` (its getters). This file holds what they all
//! use: the panic guard and the checks of pointer and string arguments.

// The header lists the objects in the order of these modules (a validator, then its reports).
mod errors;
mod options;
mod validator;

mod report;

use errors::{fail, wcodm_result, wcodm_result::*};
use report::wcodm_report;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;
use validator::wcodm_validator;

// A validator is shared by reference between threads: it must be Send + Sync.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<wcodm_validator>();
    send_sync::<wcodm_report>();
};

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

/// A C string from Rust text (an interior NUL, which XML cannot carry, becomes a space).
fn c(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

/// The library version, e.g. "0.1.0": a static NUL-terminated string (never freed).
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
