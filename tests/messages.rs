//! Messages a customs broker can act on (issue 20): elements named as the message writes them,
//! a skipped required element reported as missing with its WCO ID and pointer, the national
//! code beside the rule, and rule packs that are not packs said in a pack's terms with the
//! file, rule and place. Each runs through the `wcodm` binary or the library, and failed before.
//! The library's tests also run without the `cli` feature (tests/mutants.sh builds so).

use std::path::Path;
#[cfg(feature = "cli")]
use std::{
    io::Write,
    process::{Command, Output, Stdio},
};
use wcodm::{Code, Version};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run `wcodm` with `stdin` as standard input.
#[cfg(feature = "cli")]
fn wcodm(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wcodm");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[cfg(feature = "cli")]
fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

/// The first diagnostic the built-in rule set of `version` reports on `xml`.
fn first(version: Version, xml: &[u8]) -> wcodm::Diagnostic {
    let report = version.validator().unwrap().validate(xml);
    report.diagnostics.into_iter().next().expect("a diagnostic")
}

#[test]
fn a_skipped_required_element_is_missing_at_the_element_that_came_instead() {
    let d = first(Version::V4_0Draft, &read("examples/4.0-draft/invalid-no-lrn.xml"));
    assert_eq!(d.code, Code::MissingElement);
    assert_eq!(d.message, "FunctionalReferenceID (Functional reference number; WCO D026) is missing before TypeCode");
    // Where xmllint reports "This element is not expected": at TypeCode.
    assert_eq!((d.line, d.column, d.path.as_str()), (10, 5, "/MetaData/Declaration/TypeCode"));
    // The WCO ID and pointer are the missing element's, as CDS points at a missing one.
    assert_eq!((d.wco_id.as_deref(), d.wco_pointer.as_deref()), (Some("D026"), Some("42A#D026")));
    assert_eq!(d.wco_names.as_deref(), Some("Declaration / Functional reference number"));
}

#[test]
fn an_element_out_of_order_is_unexpected_with_what_was_expected_as_written() {
    let d = first(Version::V3_6, &read("examples/3.6/invalid-items-out-of-order.xml"));
    assert_eq!(d.code, Code::UnexpectedElement);
    assert_eq!(d.message, "StatisticalValueAmount is not allowed here; expected CustomsValueAmount or SequenceNumeric");
    assert_eq!((d.line, d.column), (22, 9));
}

/// A prefixed message: names and expected names carry the prefix the message binds.
#[test]
fn names_are_written_with_the_messages_prefixes() {
    let xml = |declaration: &str| {
        format!(
            r#"<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2" xmlns:dec="urn:wco:datamodel:WCO:DEC-DMS:2">
<md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>
<dec:Declaration>{declaration}</dec:Declaration></md:MetaData>"#
        )
    };
    let d = first(Version::V3_6, xml("<dec:TypeCode>IMZ</dec:TypeCode>").as_bytes());
    assert_eq!(
        (d.code, d.message.as_str()),
        (Code::MissingElement, "dec:FunctionCode (Message function, coded; WCO 017) is missing before dec:TypeCode")
    );
    let d = first(Version::V3_6, xml("<dec:FunctionCode>9</dec:FunctionCode><dec:Bogus/>").as_bytes());
    assert_eq!(d.code, Code::UnexpectedElement);
    assert!(
        d.message.starts_with("dec:Bogus is not allowed here; expected dec:FunctionalReferenceID, dec:ID, "),
        "{}",
        d.message
    );
    assert!(!d.message.contains("{urn:"), "{}", d.message);
    let d = first(Version::V3_6, xml("<dec:FunctionCode>9x</dec:FunctionCode>").as_bytes());
    assert!(d.message.starts_with("element dec:FunctionCode value '9x' is not valid"), "{}", d.message);
    // The parent ends before a required child.
    let d = first(Version::V3_6, xml("").as_bytes());
    assert_eq!(
        d.message,
        "dec:FunctionCode (Message function, coded; WCO 017) is missing at the end of dec:Declaration"
    );
    assert_eq!((d.code, d.line, d.wco_pointer.as_deref()), (Code::MissingElement, 3, Some("42A#017")));
}

/// Every branch of a choice that would do is named.
#[test]
fn a_missing_choice_names_its_branches() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="D"><xs:complexType><xs:sequence>
      <xs:choice><xs:element name="ID" type="xs:token"/><xs:sequence><xs:element name="Name" type="xs:string"/><xs:element name="Address" type="xs:string" minOccurs="0"/></xs:sequence></xs:choice>
      <xs:element name="Measure" type="xs:decimal"/><xs:element name="Unit" type="xs:token"/>
    </xs:sequence></xs:complexType></xs:element></xs:schema>"#;
    let v = wcodm::Validator::from_xsd_files("d.xsd", [("d.xsd".into(), xsd.into())]).unwrap();
    let d = &v.validate(b"<D><Measure>1</Measure><Unit>kg</Unit></D>").diagnostics[0];
    assert_eq!((d.code, d.message.as_str()), (Code::MissingElement, "ID or Name is missing before Measure"));
    let d = &v.validate(b"<D><Unit>kg</Unit></D>").diagnostics[0];
    assert_eq!(d.message, "(ID or Name) and Measure are missing before Unit");
    let d = &v.validate(b"<D><ID>1</ID></D>").diagnostics[0];
    assert_eq!(d.message, "Measure and Unit are missing at the end of D");
    // Out of order: the element it skipped comes after it.
    let d = &v.validate(b"<D><Measure>1</Measure><ID>1</ID><Unit>kg</Unit></D>").diagnostics[0];
    assert_eq!(
        (d.code, d.message.as_str()),
        (Code::UnexpectedElement, "Measure is not allowed here; expected ID or Name")
    );
}

#[test]
#[cfg(feature = "cli")]
fn human_output_shows_the_national_code_beside_the_rule() {
    let o = wcodm(&["validate", "--today", "2026-01-15", "examples/3.6/invalid-rule-net-mass-above-gross.xml"], b"");
    assert!(
        text(&o.stdout).contains(": error[WCO-R004 / CDS11006]: Net mass must not exceed gross mass"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
#[cfg(feature = "cli")]
fn a_pack_that_is_not_a_pack_is_said_in_pack_terms_with_its_place() {
    let dir = std::env::temp_dir().join(format!("wcodm-messages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("list.json");
    std::fs::write(&list, "[]").unwrap();
    let o = wcodm(&["validate", "--rules", list.to_str().unwrap(), "examples/3.6/import-3-items.xml"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr),
        format!(
            "wcodm: rule pack {}:1: a rule pack is an object with a name and rules ({{\"name\": ..., \"rules\": [...]}}), not a list\n",
            list.display()
        )
    );
    let kind = dir.join("kind.json");
    std::fs::write(
        &kind,
        "{\"name\": \"xx\", \"rules\": [\n  {\"id\": \"XX-1\", \"message\": \"m\", \"scope\": \"Declaration\", \"check\": {\"kind\": \"requird\"}, \"source\": \"s\"}\n]}",
    )
    .unwrap();
    match wcodm::rules::RulePack::from_path(&kind) {
        Err(wcodm::Error::RulePack { file, rule, line, column, message, .. }) => {
            assert_eq!((file.as_deref(), rule.as_deref(), line), (Some(kind.as_path()), Some("XX-1"), Some(2)));
            assert!(column.is_some_and(|c| c > 1));
            assert!(message.starts_with("unknown kind \"requird\" (known: \"count-equals\""), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A pack that fits 3.6 but not the 4.0 draft (a path the draft removed), with a 4.0 message on
/// standard input: checked against the version the message claims, one message and exit 2, as
/// with a file (it was checked against 3.6 and reported as an `io` error on the message).
#[test]
#[cfg(feature = "cli")]
fn a_pack_is_checked_against_the_version_standard_input_claims() {
    let pack = root().join("tests/messages/consignor.json");
    let args = ["validate", "--rules", pack.to_str().unwrap(), "-"];
    let o = wcodm(&args, &read("examples/4.0-draft/import-2-items.xml"));
    assert_eq!(o.status.code(), Some(2), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).is_empty());
    assert!(text(&o.stderr).starts_with(&format!("wcodm: rule pack {}: rule XX-CONSIGNOR: ", pack.display())));
    // A 3.6 message with the same pack is validated, every byte of it read.
    let o = wcodm(&args, &read("examples/3.6/import-3-items.xml"));
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).starts_with("valid   - (3.6)"), "{}", text(&o.stdout));
}

/// A profile for messages of other roots (uk-ics1: `CC315A`, `CC313A`) with a WCO Data Model
/// schema is refused as such, naming the roots and the schema to use, not as a path of its
/// first rule ("no element of the schema is at CC315A|CC313A (closest: ...)").
#[test]
#[cfg(feature = "cli")]
fn a_profile_for_other_roots_names_them_and_the_schema_to_use() {
    let ics = wcodm::profile::Profile::builtin("uk-ics1").unwrap();
    let e = Version::V3_6.validator().unwrap().with_profile(&ics).unwrap_err();
    assert!(
        matches!(&e, wcodm::Error::ProfileRoots { profile, roots, .. } if profile == "uk-ics1" && roots == &["CC315A", "CC313A"]),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "profile uk-ics1 is for messages whose root is CC315A or CC313A, and the schema in use declares none of them: validate those messages with their schema (e.g. CC315A-v11-2.xsd)"
    );
    // Through the built-in sets, as the CLI and the C ABI build them.
    let sets = wcodm::RuleSets::new().with_profile(ics);
    assert!(matches!(sets.get(Version::V3_7), Err(wcodm::Error::ProfileRoots { .. })));
    // The CLI: one message naming --schema, exit 2, whether the file is a WCO message or an ICS1 one.
    let ics1 = "<ie:CC315A xmlns:ie=\"http://ics.dgtaxud.ec/CC315A\"/>";
    for (args, input) in [
        (&["validate", "--profile", "uk-ics1", "examples/3.6/import-3-items.xml"][..], &b""[..]),
        (&["validate", "--profile", "uk-ics1-new", "-"][..], ics1.as_bytes()),
    ] {
        let o = wcodm(args, input);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}{}", text(&o.stdout), text(&o.stderr));
        assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
        let schema = if args[2] == "uk-ics1" { "CC315A-v11-2.xsd" } else { "CC315A-v11-2-New.xsd" };
        assert_eq!(
            text(&o.stderr),
            format!(
                "wcodm: profile {} is for messages whose root is CC315A or CC313A, which no built-in WCO Data Model version declares: give their schema with --schema (e.g. --schema {schema})\n",
                args[2]
            )
        );
    }
}
