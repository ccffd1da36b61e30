//! Errors: the numbered result of every call, the calling thread's last error message, and
//! the fixed description of each code. Every other file reports through `fail` and
//! `build_error`; nothing here knows options, validators or reports.

use super::guard_or;
use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::ptr;
use wcodm_result::*;

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

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Record `message` as this thread's last error and return `code`.
pub(super) fn fail(code: wcodm_result, message: impl Into<String>) -> wcodm_result {
    let message = message.into();
    // try_with: during thread teardown the slot may be gone; the code still tells the caller.
    let _ = LAST_ERROR.try_with(|e| {
        if let Ok(mut e) = e.try_borrow_mut() {
            *e = message;
        }
    });
    code
}

pub(super) fn build_error(e: crate::Error) -> wcodm_result {
    let code = match e {
        crate::Error::Io { .. } | crate::Error::RulePackIo { .. } => WCODM_ERR_IO,
        crate::Error::RuleSet(_)
        | crate::Error::RulePack { .. }
        | crate::Error::UnknownPath { .. }
        | crate::Error::ProfileRoots { .. } => WCODM_ERR_RULE_PACK,
        _ => WCODM_ERR_SCHEMA,
    };
    fail(code, e.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::guard;

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
