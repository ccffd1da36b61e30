//! The national profile compiler on a profile written here (a folder as `Profile::load` reads
//! it): categories, requirement tables (required, dependent on notes, both levels, complete
//! tables), rows that cannot be enforced and why, exceptions as warnings, relaxations, lists
//! expanded into a pack's rules, and broken profiles told as such. The built-in uk-cds is
//! judged on HMRC's corpus in tests/profile_uk.rs; this file needs no corpus.

mod common;

use wcodm::profile::Profile;
use wcodm::{Severity, Validator};

/// A declaration: its type, a reference and a remark at header level, a net and a gross mass at
/// either level, goods items with a number, and an office after the items.
const XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="Decl"><xs:complexType><xs:sequence>
    <xs:element name="Type" type="xs:string"/>
    <xs:element name="Ref" type="xs:string" minOccurs="0"/>
    <xs:element name="Remark" type="xs:string" minOccurs="0"/>
    <xs:element name="Weight" type="xs:string" minOccurs="0"/>
    <xs:element name="Gross" type="xs:string" minOccurs="0"/>
    <xs:element name="Item" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="Seq" type="xs:string" minOccurs="0"/>
      <xs:element name="Weight" type="xs:string" minOccurs="0"/>
      <xs:element name="Gross" type="xs:string" minOccurs="0"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="Office" type="xs:string" minOccurs="0"/>
    </xs:sequence></xs:complexType></xs:element></xs:schema>"#;

const ELEMENTS: &str = "# data elements\n# (a comment)\nde\tname\twco_id\theader\titem\n\
    1/1\tDeclaration type\tD013\tType\t-\n\
    2/5\tLRN\tD026\tRef\t\n\
    1/6\tGoods item number\t006\t-\tSeq\n\
    6/1\tNet mass\t126\tWeight\tWeight\n\
    2/2\tRemark\t225\tRemark\t-\n\
    5/5\tOffice\tG05\tOffice\t-\n\
    6/5\tGross mass\t131\tGross\tGross\n";

/// Category A's table (complete): 8/8 has no path (8/9, not required, is left out without a
/// word), one note of 2/2 is free text, [2] states no condition, [9] is unknown, 1/6 is required
/// at a level it has no path at, 6/5 is at item level only; 5/5 is not in the table.
const TABLE_A: &str = "# A\nde\tname\tsymbol\tlevel\tnotes\torigin\n\
    1/1\tDeclaration type\tA\tY\t\tgov.uk\n\
    2/5\tLRN\tD\tY\t[1]\tgov.uk\n\
    1/6\tGoods item number\tA\tX\t\tthird-party\n\
    6/1\tNet mass\tA\tX, Y\t\tgov.uk\n\
    8/8\tNo path\tA\tY\t\tgov.uk\n\
    8/9\tNo path either\tC\tY\t\tgov.uk\n\
    2/2\tRemark\tD\tY\tsee the guide\tgov.uk\n\
    2/2\tRemark\tD\tY\t[2]\tgov.uk\n\
    2/2\tRemark\tD\tY\t[1] [9]\tgov.uk\n\
    1/6\tGoods item number\tA\tY\t\tgov.uk\n\
    6/5\tGross mass\tO\tX\t\tthird-party\n";

/// Category B's table (not complete): the reference is required where note [1] or [3] applies.
const TABLE_B: &str = "# B\nde\tname\tsymbol\tlevel\tnotes\torigin\n2/5\tLRN\tD\tY\t[1] [3]\tgov.uk\n";

const PROFILE: &str = r#"{
  "name": "xx", "title": "a test profile", "country": "XX", "agencies": ["Customs"],
  "root": "Decl", "item": "Decl/Item",
  "codes": {"missing": "N001", "not_allowed": "N002"},
  "basis": "type {/Decl/Type}",
  "categories": [
    {"name": "A", "title": "a", "scope": "Decl", "when": {"field": "/Decl/Type", "in": ["A1", "A2", "A9"]}, "source": "s"},
    {"name": "B", "title": "b", "scope": "Decl", "when": {"field": "/Decl/Type", "in": ["B1", "B2"]}, "source": "s"}
  ],
  "data_elements": "elements.tsv",
  "data_sets": [
    {"category": "A", "file": "a.tsv", "complete": true, "source": "Table A"},
    {"category": "B", "file": "b.tsv", "source": "Table B", "label": "B x", "when": {"field": "/Decl/Type", "in": ["B2"]}}
  ],
  "notes": {
    "[1]": {"text": "where the type is A2", "when": {"field": "/Decl/Type", "in": ["A2"]}, "source": "the guide"},
    "[2]": {"text": "where it applies", "source": "the guide"},
    "[3]": {"text": "where there is an office", "when": {"field": "/Decl/Office", "present": true}, "source": "the guide"}
  },
  "exceptions": "exceptions.tsv",
  "relaxations": [{"des": ["6/1"], "when": {"field": "/Decl/Type", "in": ["A9"]}, "source": "the guide, A9"}],
  "packs": ["offices.json"],
  "lists": {"offices": "offices.tsv"}
}"#;

const OFFICES: &str = r#"{"name": "offices", "rules": [
  {"id": "XX-OFFICE", "message": "unknown office", "scope": "Decl", "source": "list",
   "check": {"kind": "value-in", "field": "Office", "values": ["@offices", "ZZ1"]},
   "when": {"not": {"field": "Type", "in": ["@nocheck"]}}}]}"#;

/// The profile's folder with `profile.json` as given (the other files as above).
fn folder(s: &common::Scratch, profile: &str) {
    s.file("profile.json", profile);
    s.file("elements.tsv", ELEMENTS);
    s.file("a.tsv", TABLE_A);
    s.file("b.tsv", TABLE_B);
    s.file("exceptions.tsv", "# why\nrule\treason\nA-DE1/6-X\tsamples without it\n");
    s.file("offices.json", OFFICES);
    s.file("offices.tsv", "# offices\ncode\tname\nXX1\tone\n\n XX2 \ttwo\n\tnone\n");
    s.file("nocheck.tsv", "# types not checked\ncode\tname\nB2\tb\n");
}

fn load(s: &common::Scratch) -> Profile {
    Profile::load(&s.0).unwrap()
}

fn with_nocheck() -> String {
    PROFILE.replace(r#""offices": "offices.tsv""#, r#""offices": "offices.tsv", "nocheck": "nocheck.tsv""#)
}

/// What the tables compile to: every rule's id, severity, national code, message, source and
/// condition; the rows not enforced, each with why.
#[test]
fn requirement_tables_compile_into_rules() {
    let s = common::Scratch::new("profile-tables");
    folder(&s, &with_nocheck());
    let p = load(&s);
    assert_eq!(
        (p.name.as_str(), p.country.as_str(), p.agencies.as_slice()),
        ("xx", "XX", &["Customs".to_string()][..])
    );
    assert!(!p.locations);
    assert_eq!(
        p.not_enforced,
        [
            "A DE 8/8 (A Y ): the data element has no path in the profile",
            "A DE 2/2 (D Y see the guide): the note 'see the guide' is free text, not a condition",
            "A DE 2/2 (D Y [2]): note [2] is known but states no condition that can be checked",
            "A DE 2/2 (D Y [1] [9]): the text of note [9] is unknown",
            "A DE 1/6 (A Y ): the data element has no path at that level in the profile",
        ]
    );
    let rules: Vec<String> = p
        .pack
        .rules
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {:?} | {} | {} | {}",
                r.id,
                r.severity,
                r.scope,
                r.national_code,
                r.message,
                r.source,
                serde_json::to_string(&r.when).unwrap()
            )
        })
        .collect();
    let expected = [
        r#"A-DE1/1-Y error Decl Some("N001") | DE 1/1 Declaration type is required on the declaration in category A (type {/Decl/Type}) | Table A, DE 1/1: A Y  | {"category":["A"]}"#,
        r#"A-DE2/5-Y error Decl Some("N001") | DE 2/5 LRN is required on the declaration in category A (type {/Decl/Type}) | Table A, DE 2/5: D Y [1]; note [1]: where the type is A2 (the guide) | {"all":[{"category":["A"]},{"field":"/Decl/Type","in":["A2"]}]}"#,
        r#"A-DE1/6-X warning Decl/Item Some("N001") | DE 1/6 Goods item number is required on each goods item in category A (type {/Decl/Type}) | Table A, DE 1/6: A X  (row from a third-party copy of the GOV.UK table); a warning: samples without it | {"category":["A"]}"#,
        r#"A-DE6/1-X error Decl/Item Some("N001") | DE 6/1 Net mass is required on each goods item in category A (type {/Decl/Type}) | Table A, DE 6/1: A X, Y ; optional where the guide, A9 | {"all":[{"category":["A"]},{"field":"/Decl/Weight","absent":true},{"not":{"field":"/Decl/Type","in":["A9"]}}]}"#,
        r#"A-DE5/5-Y-NA error Decl Some("N002") | DE 5/5 Office is not allowed at header level in category A (type {/Decl/Type}) | Table A: DE 5/5 is not in the data set | {"category":["A"]}"#,
        r#"A-DE6/5-Y-NA error Decl Some("N002") | DE 6/5 Gross mass is not allowed at header level in category A (type {/Decl/Type}) | Table A, DE 6/5: level X only (row from a third-party copy of the GOV.UK table) | {"category":["A"]}"#,
        r#"Bx-DE2/5-Y error Decl Some("N001") | DE 2/5 LRN is required on the declaration in category B x (type {/Decl/Type}) | Table B, DE 2/5: D Y [1] [3]; note [1]: where the type is A2 (the guide); note [3]: where there is an office (the guide) | {"all":[{"all":[{"category":["B"]},{"field":"/Decl/Type","in":["B2"]}]},{"any":[{"field":"/Decl/Type","in":["A2"]},{"field":"/Decl/Office","present":true}]}]}"#,
        r#"XX-OFFICE error Decl None | unknown office | list | {"not":{"field":"Type","in":["B2"]}}"#,
    ];
    assert_eq!(rules, expected, "{rules:#?}");
    let Some(wcodm::rules::Check::ValueIn { values, .. }) = p.pack.rules.last().map(|r| &r.check) else {
        panic!("a value-in rule")
    };
    assert_eq!(values, &["XX1", "XX2", "ZZ1"], "the list's codes (trimmed, the empty one left out), then the pack's");
    assert_eq!(p.data_elements.len(), 7);
    assert_eq!(p.data_elements[1].paths, ["Decl/Ref"], "an empty item path is none");
    assert_eq!(p.data_elements[3].paths, ["Decl/Weight", "Decl/Item/Weight"]);
}

/// A diagnostic: severity, rule, national code and line.
type Found = (Severity, String, Option<String>, u32);

/// The compiled profile in the pass: the category derived, required and not-allowed elements
/// reported with the national codes, a warning for an exception, a relaxation honoured.
#[test]
fn the_profile_judges_declarations() {
    let s = common::Scratch::new("profile-verdicts");
    folder(&s, &with_nocheck());
    let v = Validator::from_xsd_files("d.xsd", [("d.xsd".to_string(), XSD.to_string())])
        .unwrap()
        .with_profile(&load(&s))
        .unwrap();
    let verdicts = |xml: &str| -> (Option<String>, Vec<Found>) {
        let r = v.validate(xml.as_bytes());
        let d = r
            .diagnostics
            .iter()
            .map(|d| {
                (d.severity, d.rule.clone().unwrap_or_else(|| d.code.to_string()), d.national_code.clone(), d.line)
            })
            .collect();
        (r.category, d)
    };
    let e = |rule: &str, code: &str, line: u32| (Severity::Error, rule.to_string(), Some(code.to_string()), line);
    assert_eq!(
        verdicts("<Decl><Type>A1</Type><Weight>1</Weight><Item><Seq>1</Seq></Item></Decl>"),
        (Some("A".into()), vec![])
    );
    let w = |rule: &str, line: u32| (Severity::Warning, rule.to_string(), Some("N001".to_string()), line);
    let office = |line: u32| (Severity::Error, "XX-OFFICE".to_string(), None, line);
    // A2: the reference is required (note [1]); the remark allowed; the item's number a
    // warning (an exception); its net mass missing at both levels; the office not in the list,
    // and not allowed in A.
    assert_eq!(
        verdicts("<Decl>\n<Type>A2</Type>\n<Remark>r</Remark>\n<Item>\n</Item>\n<Office>XX9</Office>\n</Decl>"),
        (
            Some("A".into()),
            vec![
                w("A-DE1/6-X", 4),
                office(6),
                e("A-DE5/5-Y-NA", "N002", 1),
                e("A-DE2/5-Y", "N001", 1),
                e("A-DE6/1-X", "N001", 4)
            ]
        )
    );
    // A9: the net mass is optional (the relaxation); a gross mass at item level only.
    assert_eq!(
        verdicts("<Decl>\n<Type>A9</Type>\n<Gross>1</Gross>\n<Item><Seq>1</Seq><Gross>1</Gross></Item>\n</Decl>"),
        (Some("A".into()), vec![e("A-DE6/5-Y-NA", "N002", 1)])
    );
    // B2 with an office: table B applies (its `when`), note [3] makes the reference required;
    // the office list does not apply to B2 (a list in a condition). B1: table B does not apply.
    let b = "<Decl>\n<Type>B2</Type>\n<Item/>\n<Office>XX9</Office>\n</Decl>";
    assert_eq!(verdicts(b), (Some("B".into()), vec![e("Bx-DE2/5-Y", "N001", 1)]));
    assert_eq!(verdicts(&b.replace("B2", "B1")), (Some("B".into()), vec![office(4)]));
    assert_eq!(verdicts(&b.replace("B2", "B1").replace("XX9", "XX2")), (Some("B".into()), vec![]));
}
