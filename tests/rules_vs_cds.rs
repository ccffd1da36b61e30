//! The built-in 3.6 rule pack against what CDS itself decided on the UK corpus.
//!
//! - Every error-severity rule hit on a valid (schema-valid) UK declaration is listed, with its
//!   cause, in `tests/rules-vs-cds.md`, and every listed hit happens: the two sets are equal.
//!   The same holds for warnings (rule and number of declarations).
//! - For each declaration CDS rejected (a `DMSREJ` notification), every rejection code that the
//!   pack maps a rule to (`national_code`) is reported by wcodm with that rule at CDS's pointer;
//!   the codes the pack has no rule for are listed in the same file with the reason.
//!
//! Date rules use the day CDS judged the declaration (the `IssueDateTime` of its acceptance or
//! rejection notification), else the day the declaration says it was accepted: the samples are
//! years old, and re-checking them as of today would only say so.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use wcodm::rules::Day;
use wcodm::{Choice, Options, RuleSets, Severity};

/// The first `DateTimeString` after `tag` in `text`, as a day (its first 8 digits).
fn day_after(text: &str, tag: &str) -> Option<Day> {
    let at = text.find(tag)?;
    let rest = &text[at..];
    let v = &rest[rest.find("DateTimeString")?..];
    let v = &v[v.find('>')? + 1..];
    let d = v.get(..8)?;
    Day::from_ymd(d.get(..4)?.parse().ok()?, d.get(4..6)?.parse().ok()?, d.get(6..8)?.parse().ok()?)
}

/// The notifications of a declaration's folder (`notifications/<folder>/*.xml`), by name.
fn notifications(corpus: &Path, file: &str) -> Vec<(String, String)> {
    let folder = file.trim_start_matches("declarations/").split('/').next().unwrap_or_default();
    let Ok(dir) = std::fs::read_dir(corpus.join("notifications").join(folder)) else { return Vec::new() };
    let mut out: Vec<(String, String)> = dir
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect();
    out.sort();
    out
}

/// The day CDS judged the declaration: its acceptance or rejection notification's issue date.
fn judged_on(notes: &[(String, String)]) -> Option<Day> {
    notes
        .iter()
        .find(|(n, _)| n.contains("DMSACC") || n.contains("DMSREJ"))
        .and_then(|(_, t)| day_after(t, "<IssueDateTime>"))
}

/// A CDS pointer or a wcodm WCO pointer in one form: sequence [1] left out (CDS writes it for
/// some classes and not others).
fn normal(pointer: &str) -> String {
    pointer.replace("[1]", "")
}

/// The `(code, pointer)` pairs of a DMSREJ notification (`42A/67A/68A[1]/70A[1]#166`).
fn rejections(text: &str) -> Vec<(String, String)> {
    let field = |s: &str, tag: &str| {
        let open = format!("<{tag}>");
        s.find(&open).map(|i| {
            let v = &s[i + open.len()..];
            v[..v.find('<').unwrap_or(0)].trim().to_string()
        })
    };
    text.split("<Error>")
        .skip(1)
        .map(|e| {
            let e = &e[..e.find("</Error>").unwrap_or(e.len())];
            let code = field(e, "ValidationCode").unwrap_or_default();
            let steps: Vec<String> = e
                .split("<Pointer>")
                .skip(1)
                .map(|p| {
                    let mut s = field(p, "DocumentSectionCode").unwrap_or_default();
                    if let Some(n) = field(p, "SequenceNumeric") {
                        s += &format!("[{n}]");
                    }
                    if let Some(t) = field(p, "TagID") {
                        s += &format!("#{t}");
                    }
                    s
                })
                .collect();
            (code, steps.join("/"))
        })
        .collect()
}

/// Rows of the markdown table whose first cell starts with `` `prefix ``: the cells.
fn rows<'a>(md: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    md.lines()
        .filter(|l| l.starts_with(&format!("| `{prefix}")))
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().trim_matches('`')).collect())
        .collect()
}

#[test]
fn built_in_rules_agree_with_cds_verdicts() {
    let Some(corpus) = common::uk_corpus() else { return };
    let md = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules-vs-cds.md")).unwrap();
    let expected = std::fs::read_to_string(corpus.join("expected.tsv")).unwrap();
    let pack = wcodm::Version::V3_6.rule_pack().unwrap();
    let sets_on = |day: Option<Day>| {
        let mut options = Options::default();
        options.today = day;
        RuleSets::with_options(options)
    };

    let mut errors: BTreeSet<(String, String)> = BTreeSet::new();
    let mut warnings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut matched = Vec::new();
    let mut unmatched: BTreeMap<String, u32> = BTreeMap::new();
    for line in expected.lines().skip(1) {
        let mut cells = line.split('\t');
        let (Some(file), Some("valid")) = (cells.next(), cells.next()) else { continue };
        let xml = std::fs::read(corpus.join(file)).unwrap();
        let notes = notifications(&corpus, file);
        let day = judged_on(&notes).or_else(|| day_after(&String::from_utf8_lossy(&xml), "AcceptanceDateTime>"));
        let report = sets_on(day).validate(&xml, Choice::Auto).report;
        for d in &report.diagnostics {
            let Some(rule) = &d.rule else { continue };
            match d.severity {
                Severity::Error => errors.insert((file.to_string(), rule.clone())),
                _ => warnings.entry(rule.clone()).or_default().insert(file.to_string()),
            };
        }
        for (name, text) in &notes {
            if !name.contains("DMSREJ") {
                continue;
            }
            for (code, pointer) in rejections(text) {
                match pack.rules.iter().find(|r| r.national_code.as_deref() == Some(code.as_str())) {
                    Some(rule) => {
                        let hit = report.diagnostics.iter().any(|d| {
                            d.rule.as_deref() == Some(rule.id.as_str())
                                && d.wco_pointer.as_deref().map(normal) == Some(normal(&pointer))
                        });
                        assert!(
                            hit,
                            "{file}: CDS rejected it with {code} at {pointer}; wcodm has {} but did not report it there: {:#?}",
                            rule.id, report.diagnostics
                        );
                        matched.push(format!("{file} {code} {pointer} = {}", rule.id));
                    }
                    None => *unmatched.entry(code).or_default() += 1,
                }
            }
        }
    }
    eprintln!("DMSREJ codes matched by a rule at CDS's pointer:\n  {}", matched.join("\n  "));

    // Error-severity hits: exactly the table's.
    let listed: BTreeSet<(String, String)> = rows(&md, "declarations/")
        .iter()
        .flat_map(|r| r[1].split(", ").map(|rule| (r[0].to_string(), rule.to_string())))
        .collect();
    let unexplained: Vec<_> = errors.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&errors).collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "hits not in rules-vs-cds.md: {unexplained:#?}\nlisted but not hit: {stale:#?}"
    );

    // Warnings: rule and number of declarations.
    let listed: BTreeMap<String, usize> =
        rows(&md, "WCO-").iter().map(|r| (r[0].to_string(), r[1].parse().unwrap())).collect();
    let found: BTreeMap<String, usize> = warnings.iter().map(|(r, f)| (r.clone(), f.len())).collect();
    assert_eq!(
        found, listed,
        "warnings on valid declarations (rule: declarations) differ from rules-vs-cds.md: {warnings:#?}"
    );

    // DMSREJ codes without a rule: listed with their count.
    let listed: BTreeMap<String, u32> =
        rows(&md, "CDS").iter().map(|r| (r[0].to_string(), r[1].parse().unwrap())).collect();
    assert_eq!(unmatched, listed, "DMSREJ codes with no rule in the pack differ from rules-vs-cds.md");
    assert!(!matched.is_empty(), "no rejection matched at all");
}
