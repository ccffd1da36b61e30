//! The C ABI entry points with arbitrary input: schema text through
//! `wcodm_validator_new_xsd_memory`, message bytes through `wcodm_validate`, every diagnostic
//! read back and the report rendered as JSON. Never a crash; every handle freed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ffi::CString;
#[path = "../../benches/support/c_abi.rs"]
mod c_abi;
// The library is linked for its C symbols, which `c_abi` declares.
use c_abi::*;
use wcodm as _;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (schema, message) = data.split_at(split);
    let schema_text = if schema.len() < 8 { include_str!("../schema/customs.xsd").as_bytes() } else { schema };
    let Ok(schema_c) = CString::new(schema_text.to_vec()) else { return };
    let name = c"s.xsd";
    let names = [name.as_ptr()];
    let texts = [schema_c.as_ptr()];
    let mut v: *mut wcodm_validator = std::ptr::null_mut();
    // SAFETY: arrays of one valid NUL-terminated string each; out pointer valid.
    let r = unsafe { wcodm_validator_new_xsd_memory(name.as_ptr(), names.as_ptr(), texts.as_ptr(), 1, std::ptr::null(), &mut v) };
    if r != WCODM_OK {
        let mut buf = [0 as std::ffi::c_char; 64];
        // SAFETY: buffer of 64 bytes.
        unsafe { wcodm_last_error(buf.as_mut_ptr(), buf.len(), std::ptr::null_mut()) };
        return;
    }
    let message = message.get(1..).unwrap_or(&[]);
    let mut rep: *mut wcodm_report = std::ptr::null_mut();
    // SAFETY: live validator, message.len() readable bytes.
    unsafe {
        assert_eq!(wcodm_validate(v, message.as_ptr(), message.len(), &mut rep), WCODM_OK);
        let n = wcodm_report_count(rep);
        let mut d = std::mem::zeroed::<wcodm_diagnostic>();
        for i in 0..n {
            assert_eq!(wcodm_report_diagnostic(rep, i, &mut d), WCODM_OK);
            assert!(!d.code.is_null() && !d.message.is_null());
            // The pointer's names are there exactly when the pointer is.
            assert_eq!(wcodm_report_wco_names(rep, i).is_null(), d.wco_pointer.is_null());
        }
        assert_eq!(wcodm_report_diagnostic(rep, n, &mut d), WCODM_ERR_INDEX_OUT_OF_RANGE);
        let mut json = std::ptr::null_mut();
        assert_eq!(wcodm_report_to_json(rep, &mut json), WCODM_OK);
        wcodm_string_free(json);
        wcodm_report_free(rep);
        wcodm_validator_free(v);
    }
});
