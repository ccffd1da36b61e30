//! Mutations of the engine that no test caught (issue 20), each killed here: the verdict the
//! mutated code gets wrong, checked against xmllint where it can judge (it is the reference).

mod common;

use std::process::Command;
use wcodm::{Code, Validator};

/// wcodm's verdict on `xml` against `xsd`, after checking that xmllint gives the same one.
fn verdict(name: &str, xsd: &str, xml: &str) -> wcodm::Report {
    let report = Validator::from_xsd_files("t.xsd", [("t.xsd".into(), xsd.into())]).unwrap().validate(xml.as_bytes());
    if common::have_xmllint() {
        let dir = std::env::temp_dir().join(format!("wcodm-mutations-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.xsd"), xsd).unwrap();
        std::fs::write(dir.join("t.xml"), xml).unwrap();
        let lint =
            Command::new("xmllint").args(["--noout", "--schema", "t.xsd", "t.xml"]).current_dir(&dir).output().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(report.is_valid(), lint.status.success(), "{name}: {xml}: wcodm {:?}", report.diagnostics);
    }
    report
}

/// `content.rs`: the minimum of a repeated group with no maximum is honoured (`copies = 1`
/// accepted one `(a, b)` where minOccurs is 2).
#[test]
fn an_unbounded_group_keeps_its_minimum() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType><xs:sequence minOccurs="2" maxOccurs="unbounded"><xs:element name="a"/><xs:element name="b"/></xs:sequence></xs:complexType></xs:element></xs:schema>"#;
    let one = verdict("group-1", xsd, "<r><a/><b/></r>");
    assert_eq!(one.diagnostics.len(), 1, "{:?}", one.diagnostics);
    assert_eq!(one.diagnostics[0].code, Code::MissingElement, "{:?}", one.diagnostics);
    assert!(verdict("group-2", xsd, "<r><a/><b/><a/><b/></r>").is_valid());
    assert!(verdict("group-3", xsd, "<r><a/><b/><a/><b/><a/><b/></r>").is_valid());
    assert!(!verdict("group-half", xsd, "<r><a/><b/><a/></r>").is_valid());
}

/// `facets.rs`: a length decided from the byte count only when the characters cannot be fewer
/// (`div_ceil(4) -> div_ceil(2)` let `€€`, 6 bytes and 2 characters, pass minLength 3).
#[test]
fn multibyte_characters_are_counted_for_min_length() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="s"><xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="3"/></xs:restriction></xs:simpleType></xs:element></xs:schema>"#;
    for (value, valid) in [("€€", false), ("€€€", true), ("😀😀", false), ("a€", false), ("aa€", true)]
    {
        let r = verdict("length", xsd, &format!("<s>{value}</s>"));
        assert_eq!(r.is_valid(), valid, "{value}: {:?}", r.diagnostics);
        if !valid {
            assert_eq!(r.diagnostics[0].code, Code::Length);
        }
    }
}

/// `facets.rs`: an enumeration's values are named in full up to 12, then the first 12 and `...`
/// (cargo-mutants: `> 12` made `>= 12` added `...` to a full list of 12, unseen).
#[test]
fn enumerations_are_named_in_full_up_to_12() {
    for n in [12, 13] {
        let values: String = (1..=n).map(|i| format!(r#"<xs:enumeration value="v{i:02}"/>"#)).collect();
        let xsd = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="s"><xs:simpleType><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType></xs:element></xs:schema>"#
        );
        let r = verdict("enumeration", &xsd, "<s>x</s>");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let m = &r.diagnostics[0].message;
        assert_eq!(r.diagnostics[0].code, Code::Enumeration, "{m}");
        assert!(m.contains("v01") && m.contains("v12") && !m.contains("v13"), "{n}: {m}");
        assert_eq!(m.contains("..."), n > 12, "{n}: {m}");
    }
}

/// `content.rs`: a content model's transitions are counted, and more than 2,000,000 refuse the
/// schema (a resource limit, `hostile` input). `(e0 | ... | eN)*` has about N² transitions
/// (cargo-mutants: the count left at 0, or overcounted, was not caught).
#[test]
fn a_content_model_with_too_many_transitions_is_refused() {
    let compile = |n: usize| {
        let choice: String = (0..n).map(|i| format!(r#"<xs:element name="e{i}"/>"#)).collect();
        let xsd = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType><xs:choice maxOccurs="unbounded">{choice}</xs:choice></xs:complexType></xs:element></xs:schema>"#
        );
        Validator::from_xsd_files("t.xsd", [("t.xsd".into(), xsd)])
    };
    // 1,400² = 1,960,000 transitions pass; 1,500² = 2,250,000 do not.
    let v = compile(1_400).expect("1,960,000 transitions are within the limit");
    assert!(v.validate(b"<r><e7/><e1399/><e0/></r>").is_valid());
    let e = compile(1_500).expect_err("2,250,000 transitions are over the limit").to_string();
    assert!(e.contains("more than 2000000 transitions"), "{e}");
}

/// `content.rs`: bounds are unrolled into states, and more than 20,000 refuse the schema
/// (9,000 copies of `(e?, f)` are 18,000 states; 15,000 are 30,000). No test checked it.
#[test]
fn a_content_model_with_too_many_states_is_refused() {
    let compile = |max: usize| {
        let xsd = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType><xs:sequence minOccurs="{max}" maxOccurs="{max}"><xs:element name="e" minOccurs="0"/><xs:element name="f"/></xs:sequence></xs:complexType></xs:element></xs:schema>"#
        );
        Validator::from_xsd_files("t.xsd", [("t.xsd".into(), xsd)])
    };
    let v = compile(9_000).expect("18,000 states are within the limit");
    assert!(!v.validate(b"<r><e/><f/></r>").is_valid(), "9,000 copies are needed");
    let e = compile(15_000).expect_err("30,000 states are over the limit").to_string();
    assert!(e.contains("more than 20000 states"), "{e}");
}

/// The CLI: an unknown version is a usage error (exit 2) in every command that takes one.
#[test]
fn an_unknown_version_exits_2_everywhere() {
    let root = env!("CARGO_MANIFEST_DIR");
    for args in [
        &["validate", "--version", "9.9", "examples/3.6/import-3-items.xml"][..],
        &["validate", "--as", "9.9", "examples/3.6/import-3-items.xml"],
        &["rules", "--version", "9.9"],
        &["schema", "export", "--version", "9.9", "--out", "target/never"],
        &["versions", "diff", "9.9", "3.6"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wcodm")).args(args).current_dir(root).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("'9.9'"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
