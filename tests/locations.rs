//! Diagnostics' locations (`Options::locations`, or a profile asking for them): the element as
//! XPath-based rule engines report it, every step indexed and every name as written, prefix
//! included; the same in memory and in windows; absent unless asked for.

use wcodm::{Options, Validator};

const XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x" xmlns="urn:x" elementFormDefault="qualified">
  <xs:element name="Root"><xs:complexType><xs:sequence>
    <xs:element name="Item" maxOccurs="9"><xs:complexType><xs:sequence>
      <xs:element name="Mass" type="xs:decimal"/>
    </xs:sequence><xs:attribute name="n" type="xs:int"/></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;

fn validator(locations: bool) -> Validator {
    Validator::from_xsd_files("x.xsd", [("x.xsd".to_string(), XSD.to_string())])
        .unwrap()
        .with_options(Options::new().locations(locations))
}

/// (code, path, location) of each diagnostic.
fn located(v: &Validator, xml: &str) -> Vec<(String, String, Option<String>)> {
    let r = v.validate(xml.as_bytes());
    for (first, most) in [(1, 1), (3, 7), (64, 1 << 20)] {
        assert_eq!(v.validate_reader_in_windows(xml.as_bytes(), first, most), r, "windows {first} to {most}");
    }
    r.diagnostics.iter().map(|d| (d.code.as_str().to_string(), d.path.clone(), d.location.clone())).collect()
}

#[test]
fn every_step_indexed_and_written_as_in_the_message() {
    // The schema's elements are qualified: each name is written with the prefix the message
    // gives it, one of two for the same namespace here.
    let xml = r#"<ie:Root xmlns:ie="urn:x"><ie:Item><ie:Mass>1</ie:Mass></ie:Item><x:Item xmlns:x="urn:x" n="z"><x:Mass>heavy</x:Mass></x:Item></ie:Root>"#;
    assert_eq!(
        located(&validator(true), xml),
        [
            ("invalid-value".into(), "/Root/Item[2]/@n".into(), Some("/ie:Root[1]/x:Item[2]/@n".into())),
            ("invalid-value".into(), "/Root/Item[2]/Mass".into(), Some("/ie:Root[1]/x:Item[2]/x:Mass[1]".into())),
        ]
    );
    // Unprefixed names (a default namespace) are written as they are.
    let xml = r#"<Root xmlns="urn:x"><Item><Mass>x</Mass></Item></Root>"#;
    assert_eq!(located(&validator(true), xml)[0].2.as_deref(), Some("/Root[1]/Item[1]/Mass[1]"));
    // Not asked for: no location.
    assert_eq!(located(&validator(false), xml)[0].2, None);
}

#[test]
fn a_message_that_stops_is_located_where_it_stopped() {
    let xml = r#"<ie:Root xmlns:ie="urn:x"><ie:Item><ie:Mass>1</ie:Mass></ie:Item><ie:Item></ie:Root>"#;
    let got = located(&validator(true), xml);
    let last = got.last().unwrap();
    assert_eq!((last.0.as_str(), last.2.as_deref()), ("xml-syntax", Some("/ie:Root[1]/ie:Item[2]")));
}

/// `wcodm validate --locations`: each diagnostic carries its location (NDJSON `location`, and a
/// `location` line in human output); without the flag, none.
#[test]
fn the_cli_gives_locations_when_asked() {
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_wcodm"))
            .arg("validate")
            .args(args)
            .arg("examples/3.6/invalid-letters-in-gross-mass.xml")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8(o.stdout).unwrap()
    };
    let first: serde_json::Value =
        serde_json::from_str(run(&["--locations", "--format", "ndjson"]).lines().next().unwrap()).unwrap();
    let d = &first["diagnostics"][0];
    assert_eq!(
        d["path"],
        "/MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[1]/Commodity/GoodsMeasure/GrossMassMeasure"
    );
    assert_eq!(
        d["location"],
        "/md:MetaData[1]/Declaration[1]/GoodsShipment[1]/GovernmentAgencyGoodsItem[1]/Commodity[1]/GoodsMeasure[1]/GrossMassMeasure[1]"
    );
    let plain: serde_json::Value = serde_json::from_str(run(&["--format", "ndjson"]).lines().next().unwrap()).unwrap();
    assert!(plain["diagnostics"][0].get("location").is_none_or(serde_json::Value::is_null), "{plain}");
    let human = run(&["--locations"]);
    assert!(human.contains("\n      location /md:MetaData[1]/Declaration[1]/"), "{human}");
}
