//! The benchmark generator (`benches/support/generator.rs`) makes valid declarations, and each
//! error it can inject is caught with the expected code, against the built-in 3.6 rule set
//! (structure and business rules) and the UK DMS 2.15 schema set (skipped when `../shared` is
//! absent).

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
fn generated_declarations_pass_the_built_in_rules_and_each_injected_error_is_caught() {
    let v = wcodm::Version::V3_6.validator().unwrap();
    for items in [1, 10, 100, 999] {
        let report = v.validate(generator::declaration(items, 42, &[]).as_bytes());
        assert!(report.is_valid(), "{items} items: {:?}", report.diagnostics.first());
    }
    // (code, rule) of each finding. The missing sequence number also breaks the numbering rule
    // at the next item.
    type Findings<'a> = &'a [(Code, Option<&'a str>)];
    let cases: [(Inject, Findings); 5] = [
        (Inject::OverlongText, &[(Code::Length, None)]),
        (Inject::LettersInNumber, &[(Code::InvalidValue, None)]),
        (Inject::MissingRequired, &[(Code::MissingElement, None), (Code::BusinessRule, Some("WCO-R002"))]),
        (Inject::WrongOrder, &[(Code::UnexpectedElement, None)]),
        (Inject::UnknownAttribute, &[(Code::UnexpectedAttribute, None)]),
    ];
    for (inject, expected) in cases {
        let report = v.validate(generator::declaration(20, 7, &[inject]).as_bytes());
        let found: Vec<(Code, Option<&str>)> = report.diagnostics.iter().map(|d| (d.code, d.rule.as_deref())).collect();
        assert_eq!(found, expected, "{inject:?}: {:?}", report.diagnostics);
    }
}

#[test]
fn each_injected_error_is_caught() {
    let Some(v) = uk() else { return };
    let cases = [
        (Inject::OverlongText, Code::Length),
        (Inject::LettersInNumber, Code::InvalidValue),
        (Inject::MissingRequired, Code::MissingElement),
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
