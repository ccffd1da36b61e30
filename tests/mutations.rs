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
