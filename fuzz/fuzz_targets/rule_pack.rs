//! Arbitrary text as a business-rule pack: an error or a validator with the pack, never a
//! panic; when it loads, a small declaration is validated with it in both reading modes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static BASE: LazyLock<wcodm::Validator> = LazyLock::new(|| {
    wcodm::Validator::from_xsd_files(
        "customs.xsd",
        [("customs.xsd".to_string(), include_str!("../schema/customs.xsd").to_string())],
    )
    .expect("fuzz schema compiles")
});

const SEED: &[u8] = include_bytes!("../seeds/declaration.xml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(pack) = wcodm::rules::RulePack::from_json(text) else { return };
    let Ok(v) = BASE.clone().with_rules(&[pack]) else { return };
    let a = v.validate(SEED);
    let b = v.validate_reader(std::io::BufReader::with_capacity(5, SEED));
    assert_eq!(a, b, "in-memory and streamed reports differ");
});
