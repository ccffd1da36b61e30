//! The `uk-cds` profile on HMRC's own UK declarations (`../shared/corpus/uk-dms-2.15`): the
//! category it derives against HMRC's label, no error on the accepted samples, CDS's
//! rejections, and a mutation check of every requirement it enforces. The expected differences
//! are data in `tests/profile-uk.md`, which this test reads: a difference that appears or goes
//! away fails it.

mod common;
#[path = "support/mutate.rs"]
mod mutate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use wcodm::profile::Profile;
use wcodm::rules::{Check, Condition};
use wcodm::{Severity, Validator};

fn profile() -> Profile {
    Profile::builtin("uk-cds").unwrap()
}

/// The UK schema set with the profile's rules (no other rules).
fn validator(corpus: &Path) -> Validator {
    Validator::from_xsd_path(corpus.join("schemas/customs/wrapper_submit.xsd"))
        .unwrap()
        .with_profile(&profile())
        .unwrap()
}

/// The rows of the markdown table under `## {section}` in tests/profile-uk.md (cells trimmed,
/// backticks dropped).
fn table(section: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/profile-uk.md")).unwrap();
    let start = text.find(&format!("## {section}\n")).unwrap_or_else(|| panic!("no section {section}"));
    text[start..]
        .lines()
        .skip(1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().replace('`', "")).collect())
        .collect()
}

/// The schema-valid (accepted) declarations, by path relative to the corpus.
fn accepted(corpus: &Path) -> Vec<String> {
    let expected = std::fs::read_to_string(corpus.join("expected.tsv")).unwrap();
    expected
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, rest)| rest.starts_with("valid"))
        .map(|(p, _)| p.to_string())
        .collect()
}

/// The declaration files of a sample folder, sorted.
fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")));
    files.sort();
    files
}

/// The category HMRC gives each labelled sample equals the one the profile derives from the
/// message (its first file with a category; amendments and cancellations have none), except
/// the differences listed with their reasons.
#[test]
fn derived_categories_match_hmrc_labels() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let labels = std::fs::read_to_string(corpus.join("categories.tsv")).unwrap();
    let (mut total, mut agree) = (0, 0);
    let mut differences = BTreeMap::new();
    for line in labels.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let files = files_of(&corpus.join("declarations").join(c[0]));
        if !corpus.join("declarations").join(c[0]).is_dir() {
            continue;
        }
        total += 1;
        let derived =
            files.iter().find_map(|f| v.validate(&std::fs::read(f).unwrap()).category).unwrap_or_else(|| "-".into());
        if derived == c[4] {
            agree += 1;
        } else {
            differences.insert(c[0].to_string(), (c[4].to_string(), derived));
        }
    }
    eprintln!("derived category equals HMRC's label on {agree} of {total} labelled samples");
    let documented: BTreeMap<String, (String, String)> =
        table("Category differences").into_iter().map(|r| (r[0].clone(), (r[1].clone(), r[2].clone()))).collect();
    assert_eq!(differences, documented, "the differences from HMRC's labels are those tests/profile-uk.md explains");
    assert_eq!(total, 277);
}

/// On the accepted declarations the profile reports no error but the samples' own defects
/// (tests/profile-uk.md, "Sample defects": each one still there). The rows HMRC's samples
/// disagree with are warnings (`exceptions.tsv`, basis `measured`), and each of those warnings
/// is still earned.
#[test]
fn accepted_declarations_get_no_error_from_the_profile() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let mut errors = BTreeSet::new();
    let mut warned = BTreeSet::new();
    let files = accepted(&corpus);
    for f in &files {
        let report = v.validate(&std::fs::read(corpus.join(f)).unwrap());
        for d in &report.diagnostics {
            match (d.severity, &d.rule) {
                (Severity::Error, r) => {
                    errors.insert((f.clone(), r.clone().unwrap_or_else(|| d.message.clone())));
                }
                (_, Some(r)) => {
                    warned.insert(r.clone());
                }
                _ => {}
            }
        }
    }
    assert_eq!(files.len(), 308);
    let defects: BTreeSet<(String, String)> =
        table("Sample defects").into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    assert_eq!(errors, defects, "the errors on accepted declarations are the sample defects tests/profile-uk.md lists");
    let exceptions = std::fs::read_to_string("schemas/profiles/uk-cds/exceptions.tsv").unwrap();
    for row in exceptions.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split('\t').collect::<Vec<_>>()) {
        assert!(matches!(row.get(2), Some(&"measured" | &"source")), "exception {row:?}: basis measured or source");
        if row[2] == "measured" {
            assert!(
                warned.contains(row[0]),
                "exception {} is no longer needed: no accepted declaration breaks it",
                row[0]
            );
        }
    }
}

/// An exception that names no rule of the profile (misspelt, or its row dropped) is a load
/// error naming it, not a warning that silently never applies.
#[test]
fn an_exception_for_no_rule_is_a_load_error() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/profiles/uk-cds");
    let scratch = common::Scratch::new("exception-for-no-rule");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().filter_map(|e| e.ok()) {
            if e.path().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    };
    copy(&here, &scratch.0);
    copy(&here.join("lists"), &scratch.0.join("lists"));
    copy(&here.join("data-sets"), &scratch.0.join("data-sets"));
    assert!(Profile::load(&scratch.0).is_ok());
    scratch.file("exceptions.tsv", "rule\treason\tbasis\nH1-DE6/1-Y\tmisspelt: 6/1 is an item-level row\tsource\n");
    let Err(e) = Profile::load(&scratch.0).map(|_| ()) else { panic!("the profile loads") };
    let e = e.to_string();
    assert!(e.contains("exceptions.tsv: rule H1-DE6/1-Y is not a requirement rule of the profile"), "{e}");
}

/// The first child of element `from` with local name `local`.
fn find(doc: &mutate::Doc<'_>, from: usize, local: &str) -> Option<usize> {
    doc.els[from].children.iter().copied().find(|&c| doc.els[c].local() == local)
}

/// Elements at `path` (local names, `/`-separated) under element `from`.
fn at_path(doc: &mutate::Doc<'_>, from: usize, path: &str) -> Vec<usize> {
    let mut at = vec![from];
    for step in path.split('/') {
        at = at
            .iter()
            .flat_map(|&e| doc.els[e].children.iter().copied())
            .filter(|&c| doc.els[c].local() == step)
            .collect();
    }
    at
}

/// The text with the elements `els` removed.
fn remove(doc: &mutate::Doc<'_>, els: &[usize]) -> String {
    let mut spans: Vec<(usize, usize)> = els.iter().map(|&e| (doc.els[e].start, doc.els[e].end)).collect();
    spans.sort();
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in spans {
        if a >= at {
            out.push_str(&doc.xml[at..a]);
            at = b;
        }
    }
    out.push_str(&doc.xml[at..]);
    out
}

/// The declaration and its first goods item.
fn scopes(doc: &mutate::Doc<'_>) -> Option<(usize, usize)> {
    let decl = (0..doc.els.len()).find(|&i| doc.els[i].local() == "Declaration")?;
    let item = find(doc, find(doc, decl, "GoodsShipment")?, "GovernmentAgencyGoodsItem")?;
    Some((decl, item))
}

/// A chain of elements for `path` holding a plausible value, with the prefix of its parent's
/// children.
fn chain(path: &str, prefix: &str) -> String {
    let steps: Vec<&str> = path.split('/').collect();
    let mut s = String::new();
    for st in &steps {
        s.push_str(&format!("<{prefix}{st}>"));
    }
    s.push_str("GB000060");
    for st in steps.iter().rev() {
        s.push_str(&format!("</{prefix}{st}>"));
    }
    s
}

/// The header path a row met at either level names in its condition (`"absent": true`).
fn header_alternative(when: &Option<Condition>) -> Option<String> {
    let w = when.as_ref()?;
    w.all.iter().find(|c| c.absent).map(|c| c.field.trim_start_matches("/Declaration/").to_string())
}

/// Whether a required rule's `when` exempts a sample (a relaxation of profile.json, as `not` of
/// its condition): a pattern on DE 1/1 + 1/2 (`ty`; supplementary declarations), or a category
/// (`cat`) together with codes at a path under the rule's scope element `at` (B2 items declaring
/// authorisation by customs declaration). A relaxation of another form fails the test, so the
/// mutation check never counts a relaxed rule as missed or skips one unseen.
fn relaxed_for(when: &Option<Condition>, ty: &str, cat: &str, doc: &mutate::Doc<'_>, at: usize) -> bool {
    let Some(w) = when.as_ref() else { return false };
    let holds = |c: &Condition| -> bool {
        if c.field == "/Declaration/TypeCode"
            && let Some(p) = &c.pattern
        {
            return regex::Regex::new(&format!("^(?:{p})$")).unwrap().is_match(ty);
        }
        if !c.category.is_empty() {
            return c.category.iter().any(|k| k == cat);
        }
        if !c.field.starts_with('/') && !c.is_in.is_empty() {
            return at_path(doc, at, &c.field)
                .iter()
                .any(|&e| doc.text_value(e).is_some_and(|t| c.is_in.iter().any(|v| v == t.trim())));
        }
        panic!("a relaxation this check cannot read: {c:?}");
    };
    w.all
        .iter()
        .filter_map(|c| c.not.as_deref())
        .any(|n| if n.all.is_empty() { holds(n) } else { n.all.iter().all(holds) })
}

/// Mutation check: on accepted samples of each category (up to three), each requirement the
/// profile enforces as an error is removed (required) or added (not allowed); the mutant must
/// be reported by that rule, with its DE in the message and its national code.
#[test]
fn every_enforced_requirement_catches_its_mutants() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let p = profile();
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schemas/profiles/uk-cds/profile.json").unwrap()).unwrap();
    // Data set label -> (category, DE 1/1 + 1/2 codes it is limited to).
    let mut sets: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for s in spec["data_sets"].as_array().unwrap() {
        let cat = s["category"].as_str().unwrap().to_string();
        let label = s["label"].as_str().unwrap_or(&cat).replace(' ', "");
        let codes = s["when"]["in"].as_array().map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect());
        sets.insert(label, (cat, codes.unwrap_or_default()));
    }
    // Accepted samples by category, with their declaration type.
    let mut samples: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for f in accepted(&corpus) {
        let text = std::fs::read_to_string(corpus.join(&f)).unwrap();
        let Some(cat) = v.validate(text.as_bytes()).category else { continue };
        let doc = mutate::scan(&text);
        let Some((decl, _)) = scopes(&doc) else { continue };
        let ty = find(&doc, decl, "TypeCode").and_then(|t| doc.text_value(t)).unwrap_or("").trim().to_string();
        samples.entry(cat).or_default().push((text, ty));
    }
    let (mut mutants, mut caught, mut not_applicable, mut inputs) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    let mut per_set: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for rule in p.pack.rules.iter().filter(|r| r.severity == "error") {
        let Some((label, _)) = rule.id.split_once("-DE") else { continue };
        let Some((cat, codes)) = sets.get(label) else { continue };
        let Check::Presence { field, mode } = &rule.check else { continue };
        let item_level = rule.scope.ends_with("GovernmentAgencyGoodsItem");
        let alternative = header_alternative(&rule.when);
        let de = rule.message.split(' ').nth(1).unwrap_or("");
        let mut tried = 0;
        for (text, ty) in samples.get(cat).map(Vec::as_slice).unwrap_or(&[]) {
            if tried == 3 || (!codes.is_empty() && !codes.contains(ty)) {
                continue;
            }
            let doc = mutate::scan(text);
            let Some((decl, item)) = scopes(&doc) else { continue };
            let scope = if item_level { item } else { decl };
            let mutant = if mode == "required" {
                let there = at_path(&doc, scope, field);
                if there.is_empty()
                    || alternative.as_ref().is_some_and(|h| !at_path(&doc, decl, h).is_empty())
                    || relaxed_for(&rule.when, ty, cat, &doc, scope)
                {
                    not_applicable += 1;
                    continue;
                }
                remove(&doc, &there)
            } else {
                let prefix =
                    doc.els[scope].children.first().and_then(|&c| doc.els[c].prefix()).map(|p| format!("{p}:"));
                let at = doc.els[scope].tag_end;
                doc.splice(at, at, &chain(field, prefix.as_deref().unwrap_or("")))
            };
            tried += 1;
            mutants += 1;
            let report = v.validate(mutant.as_bytes());
            // DE 1/1 and 1/10 are what the category is derived from: without them the message
            // is of another category (or none), so another rule, or the schema, rejects it.
            if mode == "required" && (field == "TypeCode" || field == "GovernmentProcedure/CurrentCode") {
                inputs += 1;
                if report.is_valid() {
                    missed.push(format!("{} on a {cat} sample ({ty}): the mutant passes", rule.id));
                }
                continue;
            }
            let hit = report.diagnostics.iter().any(|d| {
                d.rule.as_deref() == Some(&rule.id)
                    && d.national_code == rule.national_code
                    && d.message.starts_with(&format!("DE {de} "))
            });
            let e = per_set.entry(label.to_string()).or_default();
            e.0 += 1;
            if hit {
                caught += 1;
                e.1 += 1;
            } else {
                missed.push(format!("{} on a {cat} sample ({ty})", rule.id));
            }
        }
    }
    for (set, (n, c)) in &per_set {
        eprintln!("mutants of {set}: {c} of {n} reported with the right DE and code");
    }
    eprintln!(
        "mutants: {caught} of {} reported by their rule; {inputs} removing DE 1/1 or 1/10 (the category's own inputs) rejected otherwise; {not_applicable} rule/sample pairs not applicable",
        mutants - inputs
    );
    assert!(mutants > 150, "{mutants} mutants");
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

/// The kinds of rejection CDS gives that the issue names, made from accepted samples: each is
/// reported with CDS's code, at the element that carries it.
#[test]
fn cds_rejection_kinds_are_reported_with_cds_codes() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let read = |f: &str| std::fs::read_to_string(corpus.join("declarations").join(f)).unwrap();
    let codes = |xml: &str| -> Vec<(String, String)> {
        v.validate(xml.as_bytes())
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.rule.clone().unwrap_or_default(), d.national_code.clone().unwrap_or_default()))
            .collect()
    };
    let h1 = read("TT_IM001a/Step1_TT_IM001a.xml");
    assert!(codes(&h1).is_empty());
    let doc = mutate::scan(&h1);
    let (_, item) = scopes(&doc).unwrap();
    let no_net_mass = remove(&doc, &at_path(&doc, item, "Commodity/GoodsMeasure/NetNetWeightMeasure"));
    assert_eq!(codes(&no_net_mass), [("H1-DE6/1-X".to_string(), "CDS10001".to_string())]);
    let report = v.validate(no_net_mass.as_bytes());
    let d = report.diagnostics.iter().find(|d| d.rule.as_deref() == Some("H1-DE6/1-X")).unwrap();
    assert_eq!(d.path, "/MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[1]");
    assert_eq!(d.wco_pointer.as_deref(), Some("42A/67A[1]/68A[1]"));
    assert!(d.message.starts_with(
        "DE 6/1 Net mass (kg) is required on each goods item in category H1 (category from TypeCode IMA, procedure 4000)"
    ));
    assert_eq!(report.category.as_deref(), Some("H1"));
    let lrn = h1.replacen(
        &h1[h1.find("<FunctionalReferenceID>").unwrap()..h1.find("</FunctionalReferenceID>").unwrap()],
        "<FunctionalReferenceID>LRN-2024-0000000000000001",
        1,
    );
    assert_eq!(codes(&lrn), [("UK-LRN".to_string(), "CDS10010".to_string())], "25 characters");
    let proc99 = h1.replacen("<CurrentCode>40</CurrentCode>", "<CurrentCode>99</CurrentCode>", 1);
    assert!(codes(&proc99).contains(&("UK-PROCEDURE".to_string(), "CDS12050".to_string())));

    let b1 = read("TT_EX001a/TT_EX001a.xml");
    assert!(codes(&b1).is_empty());
    let doc = mutate::scan(&b1);
    let (decl, _) = scopes(&doc).unwrap();
    let no_exit = remove(&doc, &at_path(&doc, decl, "ExitOffice"));
    assert!(codes(&no_exit).contains(&("UK-EXIT-OFFICE".to_string(), "CDS10001".to_string())));
    let exit = at_path(&doc, decl, "ExitOffice/ID")[0];
    let (a, b) = (doc.els[exit].tag_end, doc.els[exit].content_end);
    let bad_exit = doc.splice(a, b, "GB999999");
    assert_eq!(codes(&bad_exit), [("UK-EXIT-OFFICE-CODE".to_string(), "CDS10020".to_string())]);
    let no_ducr = b1.replace(">DCR<", ">MCR<");
    assert_eq!(codes(&no_ducr), [("UK-DUCR".to_string(), "CDS12108".to_string())]);
}

/// The declarations CDS rejected in the corpus (DMSREJ notifications): what the profile and the
/// built-in rules report, against what CDS said (tests/profile-uk.md, "CDS rejections").
#[test]
fn cds_rejections_in_the_corpus() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = Validator::from_xsd_path(corpus.join("schemas/customs/wrapper_submit.xsd"))
        .unwrap()
        .with_rules(&[wcodm::Version::V3_6.rule_pack().unwrap()])
        .unwrap()
        .with_profile(&profile())
        .unwrap();
    for row in table("CDS rejections") {
        let (sample, cds, flagged) = (&row[0], &row[1], &row[2]);
        let mut notes: Vec<PathBuf> = std::fs::read_dir(corpus.join("notifications").join(sample))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        notes.sort();
        let text = |p: &PathBuf| std::fs::read_to_string(p).unwrap();
        let rejection = notes.iter().find(|p| p.to_string_lossy().contains("DMSREJ")).expect("a DMSREJ");
        for code in cds.split(", ") {
            assert!(text(rejection).contains(&format!("<ValidationCode>{code}</ValidationCode>")), "{sample} {code}");
        }
        // As of the day CDS judged the sample (its first acceptance or rejection notification, as
        // tests/rules_vs_cds.rs reads them: some folders hold the accepted resubmission).
        let judged = notes
            .iter()
            .find(|p| p.to_string_lossy().contains("DMSACC") || p.to_string_lossy().contains("DMSREJ"))
            .unwrap();
        let notice = text(judged);
        let day = notice.split("<IssueDateTime>").nth(1).and_then(|s| s.split('>').nth(1)).map(|d| &d[..8]).unwrap();
        let mut options = v.options().clone();
        options.today = wcodm::rules::Day::parse(&format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..8]));
        let w = v.clone().with_options(options);
        let file = files_of(&corpus.join("declarations").join(sample))[0].clone();
        let report = w.validate(&std::fs::read(file).unwrap());
        let got: BTreeSet<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter_map(|d| d.national_code.clone())
            .collect();
        let want: BTreeSet<String> = flagged.split(", ").filter(|c| *c != "none").map(str::to_string).collect();
        assert_eq!(got, want, "{sample}");
    }
}

/// Codes real declarations use that HMRC's lists here cannot vouch for: the lists of additional
/// procedure codes (DE 1/11) and previous procedures (DE 1/10) are the exports service's, and the
/// office lists hold GB offices only. An unlisted code is an error where the list is complete
/// (exports; GB offices) and a warning that names its source elsewhere (imports; an office in
/// the EU), never a false error on a declaration CDS may accept (schemas/tools/uk-holdout.py).
#[test]
fn codes_the_lists_cannot_vouch_for_are_warnings() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let read = |f: &str| std::fs::read_to_string(corpus.join("declarations").join(f)).unwrap();
    let verdicts = |xml: &str| -> Vec<(Severity, String)> {
        v.validate(xml.as_bytes())
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.rule.clone().unwrap_or_default()))
            .collect()
    };
    // What a variant of `base` is told beyond what `base` itself is.
    let added = |base: &str, variant: &str| -> Vec<(Severity, String)> {
        let before = verdicts(base);
        verdicts(variant).into_iter().filter(|d| !before.contains(d)).collect()
    };
    let warning = |r: &str| (Severity::Warning, r.to_string());
    let error = |r: &str| (Severity::Error, r.to_string());

    // An import (H1): an additional procedure code or previous procedure no list here names.
    let h1 = read("TT_IM001a/Step1_TT_IM001a.xml");
    assert!(verdicts(&h1).iter().all(|(s, _)| *s != Severity::Error));
    let apc = h1.replacen("<CurrentCode>000</CurrentCode>", "<CurrentCode>1XQ</CurrentCode>", 1);
    assert_eq!(added(&h1, &apc), [warning("UK-APC-IMPORT")]);
    let previous = h1.replacen("<PreviousCode>00</PreviousCode>", "<PreviousCode>03</PreviousCode>", 1);
    assert_eq!(added(&h1, &previous), [warning("UK-PREVIOUS-PROCEDURE-IMPORT")]);

    // An export (B1): the same codes are errors, the lists being the exports service's own.
    let b1 = read("TT_EX001a/TT_EX001a.xml");
    assert!(verdicts(&b1).iter().all(|(s, _)| *s != Severity::Error));
    let apc = b1.replacen("<CurrentCode>000</CurrentCode>", "<CurrentCode>1XQ</CurrentCode>", 1);
    assert!(verdicts(&apc).contains(&error("UK-APC")));
    assert!(!verdicts(&apc).contains(&warning("UK-APC-IMPORT")));
    let previous = b1.replacen("<PreviousCode>40</PreviousCode>", "<PreviousCode>03</PreviousCode>", 1);
    assert!(verdicts(&previous).contains(&error("UK-PREVIOUS-PROCEDURE")));

    // An office of exit in the EU is a warning; an unknown GB one stays CDS10020 (tested above).
    let eu_exit = b1.replacen("<ID>GB000040</ID>", "<ID>BE101000</ID>", 1);
    assert_eq!(added(&b1, &eu_exit), [warning("UK-EXIT-OFFICE-CODE-NON-GB")]);

    // Every C21 export procedure of the exports service (0012-0019) is known, not only the ones
    // HMRC's samples happen to use.
    let c21e = read("TT_EX026a/TT_EX026a.xml");
    assert!(verdicts(&c21e).iter().all(|(s, _)| *s != Severity::Error));
    for previous in ["16", "17", "18", "19"] {
        let other =
            c21e.replacen("<PreviousCode>12</PreviousCode>", &format!("<PreviousCode>{previous}</PreviousCode>"), 1);
        assert!(added(&c21e, &other).is_empty(), "C21 export procedure 00{previous}: {:?}", added(&c21e, &other));
    }
}

/// Ways filers write the same declaration that the rules must not care about: CRLF or LF line ends, the
/// DMS namespace under a prefix instead of the default one, another prefix for the envelope,
/// comments and indentation dropped, attributes in another order or single-quoted, codes with
/// white space around them (the schema collapses it). On the first accepted sample of each
/// category the derived category and every diagnostic stay the same. (Codes with white space
/// once derived another category: a `pattern` condition read them untrimmed.)
#[test]
fn formatting_variants_change_no_verdict() {
    use regex::Regex;
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let verdict = |xml: &str| {
        let r = v.validate(xml.as_bytes());
        let mut d: Vec<(Severity, String, String)> = r
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.rule.clone().unwrap_or_else(|| d.code.to_string()), d.path.clone()))
            .collect();
        d.sort();
        (r.category, d)
    };
    let unprefixed = Regex::new(r"<(/?)([A-Za-z_][\w.-]*)([\s/>])").unwrap();
    let start_tag = Regex::new(r#"<([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")+)\s*(/?>)"#).unwrap();
    let attribute = Regex::new(r#"[\w:.-]+="[^"]*""#).unwrap();
    let comment = Regex::new(r"(?s)<!--.*?-->").unwrap();
    let between = Regex::new(r">\s+<").unwrap();
    let code = Regex::new(r"<((?:\w+:)?(?:ID|CurrentCode|PreviousCode|TypeCode|FunctionCode))>([^<\s]+)</").unwrap();
    type Vary<'a> = Box<dyn Fn(&str) -> String + 'a>;
    let variants: [(&str, Vary); 7] = [
        (
            "CRLF line ends (LF where they were CRLF)",
            Box::new(|t| if t.contains("\r\n") { t.replace("\r\n", "\n") } else { t.replace('\n', "\r\n") }),
        ),
        (
            "DMS namespace under a prefix",
            Box::new(|t| {
                unprefixed.replace_all(t, "<${1}dec:${2}${3}").replacen(
                    "<md:MetaData",
                    "<md:MetaData xmlns:dec=\"urn:wco:datamodel:WCO:DEC-DMS:2\"",
                    1,
                )
            }),
        ),
        (
            "envelope prefix m",
            Box::new(|t| t.replace("<md:", "<m:").replace("</md:", "</m:").replace("xmlns:md=", "xmlns:m=")),
        ),
        (
            "no comments or indentation",
            Box::new(|t| between.replace_all(&comment.replace_all(t, ""), "><").into_owned()),
        ),
        (
            "attributes reversed",
            Box::new(|t| {
                start_tag
                    .replace_all(t, |c: &regex::Captures| {
                        let mut attrs: Vec<&str> = attribute.find_iter(&c[2]).map(|m| m.as_str()).collect();
                        attrs.reverse();
                        format!("<{} {}{}", &c[1], attrs.join(" "), &c[3])
                    })
                    .into_owned()
            }),
        ),
        (
            "single quotes",
            Box::new(|t| start_tag.replace_all(t, |c: &regex::Captures| c[0].replace('"', "'")).into_owned()),
        ),
        ("codes with white space", Box::new(|t| code.replace_all(t, "<${1}> ${2} </").into_owned())),
    ];
    let mut seen = BTreeSet::new();
    let mut tried = 0;
    for f in accepted(&corpus) {
        let text = std::fs::read_to_string(corpus.join(&f)).unwrap();
        let before = verdict(&text);
        let Some(category) = before.0.clone() else { continue };
        if !text.contains("<md:MetaData") || !seen.insert(category.clone()) {
            continue;
        }
        tried += 1;
        for (name, vary) in &variants {
            let varied = vary(&text);
            assert!(varied != text, "{name} changes nothing in {f}");
            assert_eq!(verdict(&varied), before, "{name} on {f} ({category})");
        }
    }
    assert!(tried >= 15, "{tried} categories");
}

/// A relaxation (profile.json): HMRC says DE 6/9, 6/11, 7/2 and others the H1 table requires are
/// optional on supplementary declarations (DE 1/2 Y or Z). The same H1 declaration without its
/// type of packages is CDS10001 as a standard one (IMA) and accepted as a supplementary one (IMY).
#[test]
fn supplementary_declarations_may_leave_out_what_hmrc_made_optional() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let h1 = std::fs::read_to_string(corpus.join("declarations/TT_IM001a/Step1_TT_IM001a.xml")).unwrap();
    let errors = |xml: &str| -> Vec<String> {
        v.validate(xml.as_bytes())
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule.clone().unwrap_or_default())
            .collect()
    };
    let doc = mutate::scan(&h1);
    let (_, item) = scopes(&doc).unwrap();
    let no_package_type = remove(&doc, &at_path(&doc, item, "Packaging/TypeCode"));
    assert_eq!(errors(&no_package_type), ["H1-DE6/9-X"]);
    let supplementary = no_package_type.replacen("<TypeCode>IMA</TypeCode>", "<TypeCode>IMY</TypeCode>", 1);
    assert_eq!(v.validate(supplementary.as_bytes()).category.as_deref(), Some("H1"));
    assert!(errors(&supplementary).is_empty(), "{:?}", errors(&supplementary));
}

/// A relaxation with a category and a goods item's codes (profile.json): on an outward
/// processing export (B2) DE 2/3 is required (the authorisation document, C019), except on a
/// goods item that declares authorisation by customs declaration (DE 2/2 AI 00100 or ABDIN) or
/// VAT-only outward processing (OPVAT), where GOV.UK says there is no authorisation to declare.
/// HMRC's TT_EX050a is such a declaration; without its ABD codes it is CDS10001.
#[test]
fn outward_processing_by_customs_declaration_needs_no_authorisation_document() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let errors = |xml: &str| -> Vec<(String, String)> {
        v.validate(xml.as_bytes())
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.rule.clone().unwrap_or_default(), d.national_code.clone().unwrap_or_default()))
            .collect()
    };
    let b2 = std::fs::read_to_string(corpus.join("declarations/TT_EX050a/Step1_TT_EX050a.xml")).unwrap();
    assert_eq!(v.validate(b2.as_bytes()).category.as_deref(), Some("B2"));
    assert!(!b2.contains("<AdditionalDocument>"));
    assert!(errors(&b2).is_empty(), "{:?}", errors(&b2));
    let without = |codes: &[&str]| {
        codes.iter().fold(b2.clone(), |t, c| {
            t.replace(&format!("<StatementCode>{c}</StatementCode>"), "<StatementCode>NIEXP</StatementCode>")
        })
    };
    assert_eq!(errors(&without(&["00100", "ABDIN"])), [("B2-DE2/3-X".to_string(), "CDS10001".to_string())]);
    assert!(errors(&without(&["00100"])).is_empty(), "ABDIN alone");
    assert!(errors(&without(&["ABDIN"])).is_empty(), "00100 alone");
    let opvat = without(&["00100", "ABDIN"]).replacen(
        "<StatementCode>NIEXP</StatementCode>",
        "<StatementCode>OPVAT</StatementCode>",
        1,
    );
    assert!(errors(&opvat).is_empty(), "OPVAT");
    // The same code relaxes nothing in another category: on customs warehousing (H2), whose
    // table also gives DE 2/3 as A, an item without documents is CDS10001 with AI 00100 too.
    let h2 = std::fs::read_to_string(corpus.join("declarations/TT_IM012a/TT_IM012a.xml")).unwrap();
    assert_eq!(v.validate(h2.as_bytes()).category.as_deref(), Some("H2"));
    let doc = mutate::scan(&h2);
    let (_, item) = scopes(&doc).unwrap();
    let no_documents = remove(&doc, &at_path(&doc, item, "AdditionalDocument")).replacen(
        "<StatementCode>GEN45</StatementCode>",
        "<StatementCode>00100</StatementCode>",
        1,
    );
    assert!(no_documents.contains("<StatementCode>00100</StatementCode>"));
    assert!(errors(&no_documents).contains(&("H2-DE2/3-X".to_string(), "CDS10001".to_string())));
}

/// Ways a broker's software may build the same declaration that the profile must not care
/// about: a second goods item like the first (DE 1/6 2, DE 1/9 one more), the additional
/// procedure codes (DE 1/11) before the procedure (DE 1/10) in a goods item, and the other DE 1/2
/// code of the same kind (A and D, C and F, B and E: arrived or pre-lodged; Y and Z:
/// supplementary; not J and K, a clearance request and an EIDR entry, which are other
/// categories). On every accepted sample the category stays, and no rule reports an error it did
/// not before.
#[test]
fn structural_variants_add_no_error() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let verdict = |xml: &str| {
        let r = v.validate(xml.as_bytes());
        let errors: BTreeSet<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule.clone().unwrap_or_else(|| d.code.to_string()))
            .collect();
        (r.category, errors)
    };
    // A copy of the first goods item numbered 2 after it, and DE 1/9 one more.
    let second_item = |text: &str| -> Option<String> {
        let doc = mutate::scan(text);
        let (decl, item) = scopes(&doc)?;
        let (e, seq) = (&doc.els[item], &doc.els[find(&doc, item, "SequenceNumeric")?]);
        let copy = format!("{}2{}", &text[e.start..seq.tag_end], &text[seq.content_end..e.end]);
        let mut out = format!("{}{copy}{}", &text[..e.end], &text[e.end..]);
        if let Some(q) = find(&doc, decl, "GoodsItemQuantity") {
            let n: u32 = doc.text_value(q)?.trim().parse().ok()?;
            let q = &doc.els[q];
            out = format!("{}{}{}", &out[..q.tag_end], n + 1, &out[q.content_end..]);
        }
        Some(out)
    };
    // In every goods item, its first GovernmentProcedure (DE 1/10) moved after its last.
    let procedure_last = |text: &str| -> Option<String> {
        let doc = mutate::scan(text);
        let (decl, _) = scopes(&doc)?;
        let mut moves: Vec<(usize, usize, usize)> = at_path(&doc, decl, "GoodsShipment/GovernmentAgencyGoodsItem")
            .into_iter()
            .filter_map(|i| {
                let gp: Vec<usize> = doc.els[i]
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| doc.els[c].local() == "GovernmentProcedure")
                    .collect();
                (gp.len() > 1).then(|| (doc.els[gp[0]].start, doc.els[gp[0]].end, doc.els[gp[gp.len() - 1]].end))
            })
            .collect();
        moves.reverse();
        let mut out = text.to_string();
        for &(a, b, last) in &moves {
            out = format!("{}{}{}{}", &out[..a], &out[b..last], &out[a..b], &out[last..]);
        }
        (!moves.is_empty()).then_some(out)
    };
    // DE 1/2 arrived <-> pre-lodged.
    let other_kind = |text: &str| -> Option<String> {
        let doc = mutate::scan(text);
        let (decl, _) = scopes(&doc)?;
        let t = &doc.els[find(&doc, decl, "TypeCode")?];
        let code = text[t.tag_end..t.content_end].trim();
        let swap = [('A', 'D'), ('C', 'F'), ('B', 'E'), ('Y', 'Z')];
        let last = code.chars().nth(2)?;
        let to = swap.iter().find_map(|&(x, y)| (x == last).then_some(y).or((y == last).then_some(x)))?;
        Some(format!("{}{}{to}{}", &text[..t.tag_end], &code[..2], &text[t.content_end..]))
    };
    type Vary<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;
    let variants: [(&str, Vary); 3] = [
        ("a second goods item", Box::new(second_item)),
        ("DE 1/11 before DE 1/10", Box::new(procedure_last)),
        ("DE 1/2 of the same kind", Box::new(other_kind)),
    ];
    let mut tried = [0; 3];
    let mut added = Vec::new();
    for f in accepted(&corpus) {
        let text = std::fs::read_to_string(corpus.join(&f)).unwrap();
        let (category, before) = verdict(&text);
        if category.is_none() {
            continue;
        }
        for (k, (name, vary)) in variants.iter().enumerate() {
            let Some(varied) = vary(&text) else { continue };
            tried[k] += 1;
            let (c, after) = verdict(&varied);
            let new: Vec<&String> = after.difference(&before).collect();
            if c != category || !new.is_empty() {
                added.push(format!("{name} on {f}: category {category:?} -> {c:?}, new errors {new:?}"));
            }
        }
    }
    eprintln!("structural variants: {tried:?} (second item, 1/11 first, DE 1/2 swapped)");
    assert!(tried.iter().all(|&n| n > 240), "{tried:?}");
    assert!(added.is_empty(), "{}", added.join("\n"));
}

/// Self-representation (CDS 3.9.0, January 2023): a declaration that declares no DE 3/21
/// representative status must carry AI 00400 or 00500 in DE 2/2, at the goods item (as HMRC's
/// samples do) or the header (where Appendix 4 puts them); with a representative status it need
/// not. HMRC's TT_EX001a (self-represented, 00400 on its goods item) without its 00400 is reported.
#[test]
fn self_representation_is_declared() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = validator(&corpus);
    let errors = |xml: &str| -> Vec<String> {
        v.validate(xml.as_bytes())
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule.clone().unwrap_or_default())
            .collect()
    };
    let b1 = std::fs::read_to_string(corpus.join("declarations/TT_EX001a/TT_EX001a.xml")).unwrap();
    assert!(!b1.contains("<Agent>") && errors(&b1).is_empty());
    let doc = mutate::scan(&b1);
    let (decl, item) = scopes(&doc).unwrap();
    let ai: Vec<usize> = at_path(&doc, item, "AdditionalInformation")
        .into_iter()
        .filter(|&a| find(&doc, a, "StatementCode").and_then(|s| doc.text_value(s)) == Some("00400"))
        .collect();
    assert_eq!(ai.len(), 1);
    let without = remove(&doc, &ai);
    assert_eq!(errors(&without), ["UK-SELF-REPRESENTATION"]);
    let r = v.validate(without.as_bytes());
    let d = r.diagnostics.iter().find(|d| d.rule.as_deref() == Some("UK-SELF-REPRESENTATION")).unwrap();
    assert!(d.message.starts_with("DE 2/2 additional information 00400 or 00500"), "{}", d.message);
    // At the header it counts too, and with a representative status (DE 3/21) no AI code is needed:
    // both go before BorderTransportMeans, the first header element of this sample after them.
    let before_transport = |xml: &str, what: &str| {
        let doc = mutate::scan(xml);
        let at = doc.els[find(&doc, decl, "BorderTransportMeans").unwrap()].start;
        doc.splice(at, at, what)
    };
    let at_header = before_transport(
        &without,
        "<AdditionalInformation><StatementCode>00400</StatementCode></AdditionalInformation>",
    );
    assert!(errors(&at_header).is_empty(), "{:?}", errors(&at_header));
    let represented = before_transport(&without, "<Agent><FunctionCode>2</FunctionCode></Agent>");
    assert!(errors(&represented).is_empty(), "{:?}", errors(&represented));
}
