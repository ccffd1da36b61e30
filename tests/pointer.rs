//! The WCO pointer in words (issue 20): each diagnostic's `wco_names` spells its `wco_pointer`
//! with the WCO names the schema's annotations give (`<WCOName>`), through the library, the
//! CLI's human, NDJSON, SARIF and GitHub outputs, on real UK declarations validated against
//! HMRC's DMS 2.15 schema set and against the built-in 3.6 rule set. Failed before: there was
//! no such field, and a child turned from missing back to out of order kept the missing
//! element's pointer.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use wcodm::{Code, Version};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A real UK declaration (HMRC Trade Test scenario IM117a) with its transport equipment's ID
/// (WCO 159, an..17) made 21 characters long, written to a file of its own (named by `test`).
fn long_equipment_id(corpus: &Path, test: &str) -> PathBuf {
    let xml = std::fs::read_to_string(corpus.join("declarations/TT_IM117a/Step1_TT_IM117a.xml")).unwrap();
    assert_eq!(xml.matches("<ID>AD12345</ID>").count(), 1);
    let out = std::env::temp_dir().join(format!("wcodm-pointer-{test}-{}.xml", std::process::id()));
    std::fs::write(&out, xml.replace("<ID>AD12345</ID>", "<ID>AD1234567890123456789</ID>")).unwrap();
    out
}

const EQUIPMENT_POINTER: &str = "42A/67A[1]/68A[1]/23A/31B[1]#159";
const EQUIPMENT_NAMES: &str = "Declaration / GoodsShipment[1] / GovernmentAgencyGoodsItem[1] / Commodity / TransportEquipment[1] / Equipment identification number";

#[test]
fn the_uk_schemas_names_spell_the_pointer() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = wcodm::Validator::from_xsd_path(corpus.join("schemas/customs/wrapper_submit.xsd")).unwrap();
    let file = long_equipment_id(&corpus, "library");
    let report = v.validate(&std::fs::read(&file).unwrap());
    let d = &report.diagnostics[0];
    assert_eq!((d.code, d.line), (Code::Length, 187));
    assert_eq!(d.wco_pointer.as_deref(), Some(EQUIPMENT_POINTER));
    assert_eq!(d.wco_names.as_deref(), Some(EQUIPMENT_NAMES));
    // The built-in 3.6 table, drafted from the same schema, gives the same names.
    let builtin = Version::V3_6.validator().unwrap().validate(&std::fs::read(&file).unwrap());
    assert_eq!(builtin.diagnostics[0].wco_names.as_deref(), Some(EQUIPMENT_NAMES));
    std::fs::remove_file(file).ok();
}

/// Every diagnostic on the UK corpus's declarations, each with one required element taken out
/// or a value broken: the names have one step per step of the pointer, with the same indices.
#[test]
fn names_follow_the_pointer_step_by_step_on_the_uk_corpus() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = wcodm::Validator::from_xsd_path(corpus.join("schemas/customs/wrapper_submit.xsd")).unwrap();
    let (mut checked, mut named) = (0, 0);
    let mut files: Vec<PathBuf> = walk(&corpus.join("declarations"));
    files.sort();
    for f in files.iter().take(60) {
        let xml = std::fs::read_to_string(f).unwrap();
        // Broken values and skipped elements, wherever they fall.
        let broken = xml
            .replace("<FunctionCode>9</FunctionCode>", "")
            .replace("<SequenceNumeric>1</SequenceNumeric>", "<SequenceNumeric>x</SequenceNumeric>")
            .replace("<TypeCode>", "<TypeCode>TOO-LONG-FOR-ANY-CODE-LIST-");
        for d in v.validate(broken.as_bytes()).diagnostics {
            let (Some(p), Some(n)) = (d.wco_pointer.as_deref(), d.wco_names.as_deref()) else {
                assert_eq!((d.wco_pointer, d.wco_names), (None, None), "names exactly when a pointer");
                continue;
            };
            checked += 1;
            let steps: Vec<&str> = p.split(['/', '#']).collect();
            let names: Vec<&str> = n.split(" / ").collect();
            assert_eq!(steps.len(), names.len(), "{p} vs {n}");
            for (s, m) in steps.iter().zip(&names) {
                let index = |x: &str| x.find('[').map(|i| x[i..].to_string());
                assert_eq!(index(s), index(m), "{p} vs {n}");
            }
            // DMS 2.15 names every class and data element it annotates, but for the pointer's
            // own sequence number (`Pointer/SequenceNumeric`: a WCOID, no WCOName): its ID stands.
            let unnamed: Vec<&&str> = names.iter().filter(|m| steps.contains(m)).collect();
            if unnamed.is_empty() {
                named += 1;
            } else {
                assert!(p.contains("/97A[") && unnamed == [&"006"], "{p} vs {n}");
            }
        }
    }
    assert!(checked > 100, "only {checked} diagnostics with a pointer");
    assert!(named > 100 && named < checked, "{named} of {checked} fully named");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
    out
}

/// A child reported missing then found out of order points where its parent does, not at
/// the element it once called missing.
#[test]
fn an_element_out_of_order_points_at_its_parent() {
    let xml = std::fs::read(root().join("examples/3.6/invalid-items-out-of-order.xml")).unwrap();
    let d = &Version::V3_6.validator().unwrap().validate(&xml).diagnostics[0];
    assert_eq!(d.code, Code::UnexpectedElement);
    assert_eq!(
        (d.wco_id.as_deref(), d.wco_pointer.as_deref(), d.wco_names.as_deref()),
        (Some("68A"), Some("42A/67A[1]/68A[1]"), Some("Declaration / GoodsShipment[1] / GovernmentAgencyGoodsItem[1]"))
    );
}

/// A schema without WCO names: the IDs stand in for them.
#[test]
fn ids_stand_where_the_schema_gives_no_name() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="D">
      <xs:annotation><xs:documentation><WCOID>42A</WCOID><WCOName>Declaration</WCOName></xs:documentation></xs:annotation>
      <xs:complexType><xs:sequence><xs:element name="G" maxOccurs="9">
        <xs:annotation><xs:documentation><WCOID>68A</WCOID></xs:documentation></xs:annotation>
        <xs:complexType><xs:sequence><xs:element name="M" type="xs:decimal">
          <xs:annotation><xs:documentation><WCOID>126</WCOID><WCOName>Gross
             mass</WCOName></xs:documentation></xs:annotation></xs:element></xs:sequence></xs:complexType>
      </xs:element></xs:sequence></xs:complexType></xs:element></xs:schema>"#;
    let v = wcodm::Validator::from_xsd_files("d.xsd", [("d.xsd".into(), xsd.into())]).unwrap();
    let d = &v.validate(b"<D><G><M>1</M></G><G><M>x</M></G></D>").diagnostics[0];
    assert_eq!(d.wco_pointer.as_deref(), Some("42A/68A[2]#126"));
    assert_eq!(d.wco_names.as_deref(), Some("Declaration / 68A[2] / Gross mass"));
    // A missing element: its own name, in the pointer and in the message.
    let d = &v.validate(b"<D><G></G></D>").diagnostics[0];
    assert_eq!(d.message, "M (Gross mass; WCO 126) is missing at the end of G");
    assert_eq!(d.wco_names.as_deref(), Some("Declaration / 68A[1] / Gross mass"));
}

fn wcodm(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_wcodm")).args(args).current_dir(root()).env("NO_COLOR", "1").output();
    let o = o.expect("run wcodm");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_output_shows_the_names_beside_the_numbers() {
    let Some(corpus) = common::uk_corpus() else { return };
    let file = long_equipment_id(&corpus, "cli");
    let file = file.to_str().unwrap();
    let schema = corpus.join("schemas/customs/wrapper_submit.xsd");
    let schema = schema.to_str().unwrap();
    let line = format!("      wco {EQUIPMENT_POINTER}  {EQUIPMENT_NAMES}\n");
    let human = wcodm(&["validate", "--schema", schema, file]);
    assert!(human.contains(&format!("/Commodity/TransportEquipment[1]/ID\n{line}")), "{human}");
    let ndjson = wcodm(&["validate", "--schema", schema, "--format", "ndjson", file]);
    let record: Value = serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
    let d = &record["diagnostics"][0];
    assert_eq!((d["wco_pointer"].as_str(), d["wco_names"].as_str()), (Some(EQUIPMENT_POINTER), Some(EQUIPMENT_NAMES)));
    let sarif: Value =
        serde_json::from_str(&wcodm(&["validate", "--schema", schema, "--format", "sarif", file])).unwrap();
    let properties = &sarif["runs"][0]["results"][0]["properties"];
    assert_eq!(properties["wcoNames"].as_str(), Some(EQUIPMENT_NAMES));
    let github = wcodm(&["validate", "--schema", schema, "--format", "github", file]);
    assert!(github.contains(&format!("%0A    wco {EQUIPMENT_POINTER}  {EQUIPMENT_NAMES}")), "{github}");
    let junit = wcodm(&["validate", "--schema", schema, "--format", "junit", file]);
    assert!(junit.contains(&line), "{junit}");
    std::fs::remove_file(file).ok();
}

/// A national profile names a missing element by its data element (`DE 1/6`), on a real UK
/// declaration whose first goods item lost its sequence number (DE 1/6, WCO 006).
#[test]
fn a_profile_names_a_missing_element_by_its_national_data_element() {
    let Some(corpus) = common::uk_corpus() else { return };
    let xml = std::fs::read_to_string(corpus.join("declarations/TT_IM117a/Step1_TT_IM117a.xml")).unwrap();
    let comment = "<!--DE 1/6: Sequential number of the goods item. -->";
    assert_eq!(xml.matches(comment).count(), 1);
    let at = xml.find(comment).unwrap() + comment.len();
    let number = at + xml[at..].find("<SequenceNumeric>1</SequenceNumeric>").unwrap();
    let xml = format!("{}{}", &xml[..number], &xml[number + "<SequenceNumeric>1</SequenceNumeric>".len()..]);
    let first_missing = |v: &wcodm::Validator| {
        let report = v.validate(xml.as_bytes());
        report.diagnostics.into_iter().find(|d| d.code == Code::MissingElement).expect("missing-element")
    };
    let uk = wcodm::profile::Profile::builtin("uk-cds").unwrap();
    let schema = wcodm::Validator::from_xsd_path(corpus.join("schemas/customs/wrapper_submit.xsd")).unwrap();
    for (v, national) in [
        (Version::V3_6.validator().unwrap(), false),
        (Version::V3_6.validator().unwrap().with_profile(&uk).unwrap(), true),
        (schema.clone(), false),
        (schema.with_profile(&uk).unwrap(), true),
    ] {
        let d = first_missing(&v);
        let named = if national { "Goods item number, DE 1/6" } else { "Sequence number" };
        assert_eq!(d.message, format!("SequenceNumeric ({named}; WCO 006) is missing before StatisticalValueAmount"));
        assert_eq!(d.wco_pointer.as_deref(), Some("42A/67A[1]/68A[1]#006"));
    }
    let de = uk.data_elements.iter().find(|e| e.number == "1/6").unwrap();
    assert_eq!((de.name.as_str(), de.wco_id.as_str()), ("Goods item number", "006"));
    assert_eq!(de.paths, ["Declaration/GoodsShipment/GovernmentAgencyGoodsItem/SequenceNumeric"]);
}
