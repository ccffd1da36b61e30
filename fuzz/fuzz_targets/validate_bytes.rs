//! Arbitrary bytes through validation, in memory and streamed in windows whose sizes the input
//! chooses. Both paths must give the same verdict and the same diagnostic codes (the whole
//! report with the streamed path's own windows), and neither may panic. Checked against the schema `fuzz/schema/customs.xsd` (or the XSD set named
//! by `WCODM_FUZZ_SCHEMA`, e.g. the UK's `wrapper_submit.xsd`) and against the built-in version
//! the input picks (3.6, 3.7, 4.0-draft, with business rules).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::BufReader;
use std::sync::LazyLock;

static VALIDATOR: LazyLock<wcodm::Validator> = LazyLock::new(|| match std::env::var_os("WCODM_FUZZ_SCHEMA") {
    Some(p) => wcodm::Validator::from_xsd_path(p).expect("WCODM_FUZZ_SCHEMA compiles"),
    None => wcodm::Validator::from_xsd_files(
        "customs.xsd",
        [("customs.xsd".to_string(), include_str!("../schema/customs.xsd").to_string())],
    )
    .expect("fuzz schema compiles"),
});

static BUILTIN: LazyLock<wcodm::RuleSets> = LazyLock::new(wcodm::RuleSets::new);

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, xml)) = data.split_first() else { return };
    let v = &*VALIDATOR;
    let a = v.validate(xml);
    // Windows of a few bytes cut every kind of token somewhere.
    let b = v.validate_reader_in_windows(xml, usize::from(chunk % 16) + 1, usize::from(chunk % 64) + 1);
    assert_eq!(a.is_valid(), b.is_valid(), "in-memory and streamed verdicts differ");
    let codes = |r: &wcodm::Report| r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(codes(&a), codes(&b), "in-memory and streamed diagnostics differ");
    let version = wcodm::Version::ALL[usize::from(chunk) % 3];
    let c = BUILTIN.validate(xml, wcodm::Choice::Fixed(version)).report;
    let d = BUILTIN.validate_reader(BufReader::with_capacity(usize::from(chunk % 16) + 1, xml), wcodm::Choice::Fixed(version)).report;
    let e = v.validate_reader(BufReader::with_capacity(usize::from(chunk % 64) + 1, xml));
    assert_eq!(a, e, "in-memory and streamed reports differ");
    assert_eq!(codes(&c), codes(&d), "built-in {version}: in-memory and streamed diagnostics differ");
});
