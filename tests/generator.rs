//! The benchmark generator (`benches/support/generator.rs`) makes valid declarations, and each
//! error it can inject is caught with the expected code, against the UK DMS 2.15 schema set
//! (skipped when `../shared` is absent).

#[path = "../benches/support/generator.rs"]
mod generator;

mod common;

use generator::Inject;
use wcodm::Code;

fn uk() -> Option<wcodm::Validator> {
    let root = common::uk_corpus()?.join("schemas/customs/wrapper_submit.xsd");
    Some(wcodm::Validator::from_xsd_path(root).expect("UK schema compiles"))
}

#[test]
fn generated_declarations_are_valid_and_deterministic() {
    let Some(v) = uk() else { return };
    for items in [1, 10, 100, 999] {
        let doc = generator::declaration(items, 42, &[]);
        let report = v.validate(doc.as_bytes());
        assert!(report.is_valid(), "{items} items: {:?}", report.diagnostics.first());
        assert_eq!(doc, generator::declaration(items, 42, &[]));
    }
}

#[test]
fn each_injected_error_is_caught() {
    let Some(v) = uk() else { return };
    let cases = [
        (Inject::OverlongText, Code::Length),
        (Inject::LettersInNumber, Code::InvalidValue),
        (Inject::MissingRequired, Code::UnexpectedElement),
        (Inject::WrongOrder, Code::UnexpectedElement),
        (Inject::UnknownAttribute, Code::UnexpectedAttribute),
    ];
    for (inject, code) in cases {
        let doc = generator::declaration(20, 7, &[inject]);
        let report = v.validate(doc.as_bytes());
        let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![code], "{inject:?}");
        assert!(
            report.diagnostics[0].path.contains("GovernmentAgencyGoodsItem[1]"),
            "{inject:?}: {}",
            report.diagnostics[0].path
        );
    }
}
