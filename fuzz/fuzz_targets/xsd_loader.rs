//! Arbitrary schema text through the XSD loader: an error or a validator, never a panic, a hang
//! or unbounded recursion. When the schema compiles, a small message is validated with it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = [("s.xsd".to_string(), text.to_string()), ("inc.xsd".to_string(), text.to_string())];
    if let Ok(v) = wcodm::Validator::from_xsd_files("s.xsd", files) {
        let _ = v.validate(b"<Declaration xmlns=\"urn:wcodm:fuzz\"><FunctionCode>9</FunctionCode></Declaration>");
    }
});
