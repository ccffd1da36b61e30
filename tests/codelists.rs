//! The built-in code lists: (a) the `wcodm codelists` command run for real; (b) every code of
//! HMRC's own lists is in ours or is a known, explained difference; (c) every code the UK CDS
//! corpus uses in the checked places is in the corresponding list, or is a reported finding.
//!
//! (b) and (c) read `../shared` (or `$WCODM_SHARED`) and are skipped, with a note, without it.

mod common;

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use wcodm::codelists;

fn wcodm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wcodm")).args(args).env("NO_COLOR", "1").output().expect("run wcodm")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// (a) the command

#[test]
fn codelists_lists_every_list() {
    let out = wcodm(&["codelists"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for list in codelists::all() {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(list.name())).unwrap_or_else(|| {
            panic!("no line for {} in:\n{text}", list.name());
        });
        assert!(line.contains(&list.len().to_string()) && line.contains(list.title()), "{line}");
        assert!(text.contains(&format!("source: {}", list.source())));
    }

    let out = wcodm(&["codelists", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), codelists::all().len());
    for (row, list) in rows.iter().zip(codelists::all()) {
        assert_eq!(row["name"], list.name());
        assert_eq!(row["entries"], list.len());
        assert_eq!(row["source"], list.source());
        assert_eq!(row["licence"], list.licence());
    }
}

#[test]
fn codelists_country_prints_code_tab_name() {
    let out = wcodm(&["codelists", "country"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let country = codelists::get("country").unwrap();
    assert_eq!(text.lines().count(), country.len());
    assert!(text.lines().all(|l| l.split('\t').count() == 2), "code<TAB>name lines");
    assert!(text.contains("\nGB\tUnited Kingdom of Great Britain and Northern Ireland\n"));
    assert!(text.contains("\nXI\tUnited Kingdom (Northern Ireland)\n"));

    let out = wcodm(&["codelists", "currency", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["name"], "currency");
    let codes = json["codes"].as_array().unwrap();
    assert_eq!(codes.len(), json["entries"].as_u64().unwrap() as usize);
    let vef = codes.iter().find(|c| c["code"] == "VEF").unwrap();
    assert!(vef["note"].as_str().unwrap().contains("withdrawn"));
    assert!(codes.iter().find(|c| c["code"] == "GBP").unwrap().get("note").is_none());
}

#[test]
fn unknown_list_name_exits_2_naming_the_lists() {
    let out = wcodm(&["codelists", "countries"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown code list 'countries'"), "{err}");
    for list in codelists::all() {
        assert!(err.contains(list.name()), "{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// (b) HMRC's lists against ours

/// Codes HMRC's lists carry that ours leave out on purpose: (list, code, why).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    // exports-frontend writes ZIG for the Zimbabwe Gold; ISO 4217's code is ZWG (in our list).
    ("currency", "ZIG", "not an ISO 4217 code"),
    // Incoterms 2000 terms, withdrawn by the 2010 edition; wco-dec still lists them.
    ("incoterms", "DAF", "Incoterms 2000 only"),
    ("incoterms", "DDU", "Incoterms 2000 only"),
    ("incoterms", "DEQ", "Incoterms 2000 only"),
    ("incoterms", "DES", "Incoterms 2000 only"),
];

fn reference() -> Option<PathBuf> {
    common::shared_dir("reference/codelists")
}

/// The codes of one HMRC JSON list (`value` in wco-dec, `code` in exports-frontend).
fn hmrc_codes(path: &Path) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| r.get("value").or_else(|| r.get("code")).and_then(|v| v.as_str()).unwrap().trim().to_string())
        .collect()
}

#[test]
fn every_hmrc_code_is_ours_or_a_known_difference() {
    let Some(r) = reference() else { return };
    let wcodec = r.join("hmrc__wco-dec/src/main/resources/uk/gov/hmrc/wco/dec");
    let exfe = r.join("hmrc__customs-declare-exports-frontend/conf/code-lists");
    let cases = [
        ("country", wcodec.join("country-codes.json"), 251),
        ("country", exfe.join("countryCodes.json"), 257),
        ("currency", wcodec.join("currency-codes.json"), 153),
        ("currency", exfe.join("currencyCodes.json"), 155),
        ("package", wcodec.join("package-types.json"), 378),
        ("package", exfe.join("packageTypes.json"), 378),
        ("transport-mode", wcodec.join("transport-mode-types.json"), 8),
        ("incoterms", wcodec.join("incoterm-codes.json"), 16),
        ("transport-means-id-type", wcodec.join("transport-means-identification-types.json"), 8),
        ("document-category", wcodec.join("document-category.json"), 3),
    ];
    let mut used = BTreeSet::new();
    for (name, path, size) in cases {
        let ours = codelists::get(name).unwrap();
        let theirs = hmrc_codes(&path);
        assert_eq!(theirs.len(), size, "{}", path.display());
        let mut missing = Vec::new();
        for code in &theirs {
            if ours.contains(code) {
                continue;
            }
            match KNOWN_DIFFERENCES.iter().find(|(l, c, _)| *l == name && c == code) {
                Some(d) => {
                    used.insert(*d);
                }
                None => missing.push(code.clone()),
            }
        }
        let extra = ours.codes().filter(|(c, _)| !theirs.iter().any(|t| t == c)).count();
        println!(
            "{name:<24} {:<50} {size:>4} codes, all in ours{}; ours has {extra} more",
            path.file_name().unwrap().to_string_lossy(),
            if used.iter().any(|(l, _, _)| *l == name) { " or known differences" } else { "" },
        );
        assert!(missing.is_empty(), "{name}: HMRC's {} has codes ours lacks: {missing:?}", path.display());
    }
    assert_eq!(used.len(), KNOWN_DIFFERENCES.len(), "a known difference no longer occurs: update the table");
    for (list, code, why) in KNOWN_DIFFERENCES {
        assert!(!codelists::get(list).unwrap().contains(code), "{list} now has {code}: drop it from the table");
        println!("known difference: {list} {code}: {why}");
    }

    // HMRC's measure units, as CDS writes unitCode, are exactly our cds-unit list.
    let units: BTreeSet<String> = hmrc_codes(&wcodec.join("measure-unit-types.json"))
        .iter()
        .map(|v| v.replace('\u{a0}', " ").replace('*', "").trim_end_matches(['#', ' ']).to_string())
        .collect();
    let ours: BTreeSet<String> = codelists::get("cds-unit").unwrap().codes().map(|(c, _)| c.to_string()).collect();
    assert_eq!(units, ours);
}

// ---------------------------------------------------------------------------------------------
// (c) the UK corpus against our lists

/// Values real, accepted UK declarations use that are not in the list checked, with why
/// (list, value, why). Each one is a finding, reported, not a reason to widen a list.
const CORPUS_FINDINGS: &[(&str, &str, &str)] = &[
    // TT_IM189a: SpecificTaxBaseQuantity unitCode="KTC" ("kilogram of tobacco", tax type 633,
    // tobacco for heating); CDS accepted it (DMSACC). Not a Rec 20 code and not in HMRC's
    // measure-unit-types: a UK national unit missing from HMRC's published list.
    ("cds-unit", "KTC", "UK tax unit for heated tobacco, accepted by CDS, in no published list"),
];

struct Scan {
    files: usize,
    /// list name -> value -> occurrences
    values: BTreeMap<&'static str, BTreeMap<String, usize>>,
}

fn scan(corpus: &Path) -> Scan {
    let mut paths = Vec::new();
    let mut stack = vec![corpus.join("declarations")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")) {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let p = r"(?:[\w.-]+:)?"; // an optional namespace prefix
    let re = |s: &str| Regex::new(&s.replace("P:", p)).unwrap();
    let comment = Regex::new(r"(?s)<!--.*?-->").unwrap();
    let country = re(r"<P:\w*CountryCode\b[^>]*>\s*([^<]*?)\s*</");
    let currency = re(r#"\bcurrencyID\s*=\s*["']([^"']*)["']"#);
    let unit = re(r#"\bunitCode\s*=\s*["']([^"']*)["']"#);
    let packaging = re(r"(?s)<P:Packaging\b[^>]*>(.*?)</P:Packaging>");
    let type_code = re(r"<P:TypeCode\b[^>]*>\s*([^<]*?)\s*</");
    let trade_terms = re(r"(?s)<P:TradeTerms\b[^>]*>(.*?)</P:TradeTerms>");
    let condition = re(r"<P:ConditionCode\b[^>]*>\s*([^<]*?)\s*</");
    let mode = re(r"<P:\w*ModeCode\b[^>]*>\s*([^<]*?)\s*</");
    let function = re(
        r"(?s)<P:Declaration\b[^>]*>\s*(?:<P:AcceptanceDateTime\b.*?</P:AcceptanceDateTime>\s*)?<P:FunctionCode\b[^>]*>\s*([^<]*?)\s*</",
    );
    let agent = re(r"(?s)<P:Agent\b[^>]*>(.*?)</P:Agent>");
    let agent_function = re(r"<P:FunctionCode\b[^>]*>\s*([^<]*?)\s*</");

    let mut values: BTreeMap<&'static str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut add = |list: &'static str, v: &str| *values.entry(list).or_default().entry(v.to_string()).or_default() += 1;
    for path in &paths {
        let raw = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let text = comment.replace_all(&raw, "");
        for (list, re) in
            [("country", &country), ("currency", &currency), ("cds-unit", &unit), ("transport-mode", &mode)]
        {
            for c in re.captures_iter(&text) {
                add(list, &c[1]);
            }
        }
        for (list, outer, inner) in [
            ("package", &packaging, &type_code),
            ("incoterms", &trade_terms, &condition),
            ("representative-status", &agent, &agent_function),
        ] {
            for block in outer.captures_iter(&text) {
                for c in inner.captures_iter(&block[1]) {
                    add(list, &c[1]);
                }
            }
        }
        for c in function.captures_iter(&text) {
            add("function-code", &c[1]);
        }
    }
    Scan { files: paths.len(), values }
}

#[test]
fn uk_corpus_codes_are_members() {
    let Some(corpus) = common::uk_corpus() else { return };
    let scan = scan(&corpus);
    println!("{} declarations scanned", scan.files);
    assert_eq!(scan.files, 313);

    let mut findings_seen = BTreeSet::new();
    let mut totals = BTreeMap::new();
    for (list_name, values) in &scan.values {
        let list = codelists::get(list_name).unwrap();
        let total: usize = values.values().sum();
        totals.insert(*list_name, (values.len(), total));
        let mut outside = Vec::new();
        for (v, n) in values {
            if list.contains(v) {
                continue;
            }
            match CORPUS_FINDINGS.iter().find(|(l, c, _)| l == list_name && c == v) {
                Some(f) => {
                    findings_seen.insert(*f);
                    println!("finding: {list_name} {v:?} x{n}: {}", f.2);
                }
                None => outside.push(format!("{v:?} x{n}")),
            }
        }
        println!("{list_name:<22} {total:>5} values, {:>3} distinct, not in the list: {outside:?}", values.len());
        assert!(outside.is_empty(), "{list_name}: corpus values outside the list: {outside:?}");
    }
    assert_eq!(findings_seen.len(), CORPUS_FINDINGS.len(), "a finding no longer occurs: update the table");

    // Golden (distinct values, occurrences) of this fixed corpus.
    let expect = [
        ("cds-unit", (10, 108)),
        ("country", (51, 1474)),
        ("currency", (5, 364)),
        ("function-code", (2, 312)),
        ("incoterms", (5, 171)),
        ("package", (26, 290)),
        ("representative-status", (2, 145)),
        ("transport-mode", (7, 325)),
    ];
    let got: Vec<(&str, (usize, usize))> = totals.into_iter().collect();
    assert_eq!(got, expect);

    // The same unitCode values against the Rec 20 list: the TARIC units and qualifiers CDS takes
    // are not Rec 20 codes (see schemas/codelists/unit.tsv).
    let rec20 = codelists::get("unit").unwrap();
    let units = &scan.values["cds-unit"];
    let not_rec20: Vec<String> =
        units.iter().filter(|(v, _)| !rec20.contains(v)).map(|(v, n)| format!("{v} x{n}")).collect();
    println!("unitCode values that are not UN/ECE Rec 20 codes: {not_rec20:?}");
    assert_eq!(not_rec20, ["ASV x8", "GBP x12", "GP1 x1", "KGM#G x22", "KTC x1", "TNE#I x1"]);

    // Transport modes CDS's published list (HMRC, 8 codes) lacks: 6, used for RoRo.
    let modes = &scan.values["transport-mode"];
    let outside_cds: Vec<String> = modes
        .iter()
        .filter(|(v, _)| !["1", "2", "3", "4", "5", "7", "8", "9"].contains(&v.as_str()))
        .map(|(v, n)| format!("{v} x{n}"))
        .collect();
    println!("transport modes outside HMRC's list: {outside_cds:?} (6 = RoRo in the samples' comments)");
    assert_eq!(outside_cds, ["6 x5"]);
}
