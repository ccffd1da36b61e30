//! Business rules: every rule of the built-in pack has a passing and a failing case (generated
//! from its own definition and run through it), rules run in the same pass as the structure on
//! real and generated declarations, and packs load from files with clear errors.

use wcodm::rules::{RulePack, explain};
use wcodm::{Code, Version};

#[test]
fn every_built_in_rule_has_a_passing_and_a_failing_case() {
    let pack = Version::V3_6.rule_pack().unwrap();
    assert!(pack.rules.len() >= 12, "{} rules", pack.rules.len());
    for rule in &pack.rules {
        let ex = explain::examples(rule).unwrap();
        assert_eq!(ex.len(), 2, "{}", rule.id);
        for e in ex {
            assert_eq!(e.passed, e.should_pass, "{}: {}", rule.id, e.xml);
        }
    }
}

#[test]
fn rules_fire_in_the_streaming_pass_with_pointer_and_national_code() {
    let v = Version::V3_6.validator().unwrap();
    let ok = std::fs::read("examples/3.6/import-3-items.xml").unwrap();
    assert!(v.validate(&ok).is_valid());
    // Net mass above gross mass on the second item; the item count one too low.
    let text = String::from_utf8(ok).unwrap();
    let bad = text.replacen("<GoodsItemQuantity>3</GoodsItemQuantity>", "<GoodsItemQuantity>2</GoodsItemQuantity>", 1);
    let second = bad.match_indices("<NetNetWeightMeasure>").nth(1).unwrap().0;
    let end = bad[second..].find("</NetNetWeightMeasure>").unwrap() + second;
    let bad = format!("{}<NetNetWeightMeasure>999999{}", &bad[..second], &bad[end..]);
    for report in [v.validate(bad.as_bytes()), v.validate_reader(std::io::BufReader::with_capacity(9, bad.as_bytes()))]
    {
        let rules: Vec<(&str, &str, Option<&str>, Option<&str>)> = report
            .diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.code, Code::BusinessRule);
                (d.rule.as_deref().unwrap(), d.path.as_str(), d.wco_pointer.as_deref(), d.national_code.as_deref())
            })
            .collect();
        assert_eq!(
            rules,
            [
                (
                    "WCO-R004",
                    "/MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/GoodsMeasure",
                    Some("42A/67A[1]/68A[2]/23A/65A"),
                    Some("CDS11006")
                ),
                ("WCO-R001", "/MetaData/Declaration", Some("42A"), Some("CDS11003")),
            ]
        );
    }
}

#[test]
fn packs_load_from_files_and_bad_packs_are_clear_errors() {
    let dir = std::env::temp_dir().join(format!("wcodm-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("national.json");
    std::fs::write(
        &p,
        r#"{"name":"xx","rules":[{"id":"XX-1","message":"Procedure code must be 4000","scope":"Declaration/GoodsShipment/GovernmentAgencyGoodsItem/GovernmentProcedure","check":{"kind":"value-in","field":"CurrentCode","values":["40","000"]},"source":"test"}]}"#,
    )
    .unwrap();
    let pack = RulePack::from_path(&p).unwrap();
    let v = Version::V3_6.validator().unwrap().with_rules(&[pack]).unwrap();
    assert_eq!(v.rules().len(), Version::V3_6.rule_pack().unwrap().rules.len() + 1);
    assert!(v.validate(&std::fs::read("examples/3.6/import-3-items.xml").unwrap()).is_valid());
    for (bad, needle) in [
        (
            r#"{"name":"x","rules":[{"id":"A","message":"m","scope":"Declaration","check":{"kind":"compare","left":"A","op":"=<","right":"B"},"source":"s"}]}"#,
            "unknown operator",
        ),
        (
            r#"{"name":"x","rules":[{"id":"A","message":"m","scope":"GoodsShipment","check":{"kind":"sequence","field":"A"},"source":"s"}]}"#,
            "must start with Declaration",
        ),
        (
            r#"{"name":"x","rules":[{"id":"A","message":"m","scope":"Declaration","check":{"kind":"nope"},"source":"s"}]}"#,
            "unknown variant",
        ),
        (r#"{"name":"x"}"#, "missing field"),
    ] {
        let e = RulePack::from_json(bad).and_then(|p| Version::V3_6.validator()?.with_rules(&[p])).unwrap_err();
        assert!(e.to_string().contains(needle), "{e}");
    }
    let dup = Version::V3_6.validator().unwrap().with_rules(&[Version::V3_6.rule_pack().unwrap()]);
    assert!(dup.unwrap_err().to_string().contains("defined twice"));
    let _ = std::fs::remove_dir_all(&dir);
}
