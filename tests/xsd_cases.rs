//! Data-driven XSD conformance suite: `tests/xsd/<case>/`.
//!
//! Every case folder holds `schema.xsd` (plus any documents it includes or imports), a few
//! instance documents `*.xml` and `expected.txt`, with every diagnostic wcodm reports, in its
//! order, one line each:
//!
//! ```text
//! name.xml valid
//! name.xml invalid <code> <line> <path>
//! name.xml invalid <code> <line> <path>
//! ```
//!
//! (`-` stands for an empty path, e.g. for a document that has no element at all).
//!
//! The runner compiles each case's schema once, validates every instance and compares with the
//! goldens; all mismatches are collected and reported together.
//!
//! - `WCODM_BLESS=1` rewrites every `expected.txt` from wcodm's output (maintainers only:
//!   review the diff by hand and against xmllint before committing it).
//! - `WCODM_XSD_CASE=name` runs only the cases whose folder name contains `name`.
//! - Oracle: `xmllint --noout --schema schema.xsd *.xml` runs once per case, and every instance
//!   must get the same errors from both tools: the verdict, and each error's line and kind
//!   (xmllint's message mapped to a code, as `tests/support/lint.rs` does for the differential
//!   test: lines as libxml2 numbers them; for a document that is not well-formed, the first
//!   error only; several facets broken by one value may be reported by any of them). The
//!   instances listed in `tests/xsd/KNOWN_DIFFERENCES.md` (lines ``- `case/instance.xml`:
//!   reason``) are exempt, and each of them must still differ: a stale entry fails. Without
//!   xmllint the test fails in CI and checks only the goldens elsewhere (with a note).

mod common;
#[path = "support/lint.rs"]
mod lint;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One diagnostic as the goldens hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Diag {
    code: String,
    line: u32,
    path: String,
}

impl Diag {
    fn render(&self) -> String {
        let p = if self.path.is_empty() { "-" } else { self.path.as_str() };
        format!("invalid {} {} {p}", self.code, self.line)
    }
}

/// What one instance should produce (or produced): no diagnostic (`valid`), or every one.
type Outcome = Vec<Diag>;

/// What wcodm gave one instance: the outcome, its messages, and its errors as `(line, code)`
/// with lines as xmllint numbers them.
type Actual = (Outcome, Vec<String>, Vec<(u32, &'static str)>);

fn render(o: &Outcome, name: &str) -> String {
    if o.is_empty() {
        return format!("{name} valid");
    }
    o.iter().map(|d| format!("{name} {}", d.render())).collect::<Vec<_>>().join("\n")
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("xsd")
}

fn case_dirs() -> Vec<PathBuf> {
    let filter = std::env::var("WCODM_XSD_CASE").ok();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .expect("tests/xsd exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("schema.xsd").is_file())
        .filter(|p| {
            filter.as_deref().is_none_or(|f| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains(f)))
        })
        .collect();
    dirs.sort();
    dirs
}

fn instances(case: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(case)
        .expect("case folder readable")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    names
}

/// Parse `expected.txt`; errors are reported as mismatches by the caller.
fn parse_expected(text: &str) -> Result<BTreeMap<String, Outcome>, String> {
    let mut out: BTreeMap<String, Outcome> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (name, diag) = match parts.as_slice() {
            [name, "valid"] => (name, None),
            [name, "invalid", code, l, path] => (
                name,
                Some(Diag {
                    code: code.to_string(),
                    line: l.parse().map_err(|_| format!("expected.txt line {}: bad line number '{l}'", i + 1))?,
                    path: if *path == "-" { String::new() } else { path.to_string() },
                }),
            ),
            _ => return Err(format!("expected.txt line {}: cannot parse '{raw}'", i + 1)),
        };
        let known = out.get(*name).map(Vec::is_empty);
        match (diag, known) {
            (None, None) => {
                out.insert(name.to_string(), Vec::new());
            }
            (Some(d), None | Some(false)) => out.entry(name.to_string()).or_default().push(d),
            _ => return Err(format!("expected.txt line {}: {name} is listed as valid and again", i + 1)),
        }
    }
    Ok(out)
}

/// `case/instance.xml` entries of KNOWN_DIFFERENCES.md, where xmllint's errors differ.
fn known_differences() -> BTreeSet<String> {
    let text = std::fs::read_to_string(suite_dir().join("KNOWN_DIFFERENCES.md")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- `"))
        .filter_map(|l| l.split_once('`').map(|(entry, _)| entry.to_string()))
        .collect()
}

/// xmllint's verdict and errors per instance.
fn xmllint_errors(case: &Path, names: &[String]) -> Result<BTreeMap<String, lint::Lint>, String> {
    let out = Command::new("xmllint")
        .current_dir(case)
        .args(["--noout", "--nonet", "--schema", "schema.xsd"])
        .args(names)
        .output()
        .map_err(|e| format!("cannot run xmllint: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("failed to compile") {
        return Err(format!("xmllint could not compile {}/schema.xsd:\n{stderr}", case.display()));
    }
    let index: HashMap<String, usize> = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
    Ok(names.iter().cloned().zip(lint::parse(&stderr, &index)).collect())
}

#[test]
fn xsd_conformance_cases() {
    let bless = std::env::var("WCODM_BLESS").is_ok_and(|v| v == "1");
    let oracle = common::have_xmllint();
    let known = known_differences();
    let mut mismatches: Vec<String> = Vec::new();
    let (mut cases, mut checked, mut compared) = (0usize, 0usize, 0usize);
    let dirs = case_dirs();
    assert!(!dirs.is_empty(), "no case folders found under {}", suite_dir().display());
    for case in &dirs {
        cases += 1;
        let cname = case.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let names = instances(case);
        if names.is_empty() {
            mismatches.push(format!("{cname}: no instance documents"));
            continue;
        }
        // A schema wcodm cannot compile is one mismatch for the case.
        let validator = match wcodm::Validator::from_xsd_path(case.join("schema.xsd")) {
            Ok(v) => v,
            Err(e) => {
                mismatches.push(format!("{cname}: wcodm cannot compile schema.xsd: {e}"));
                continue;
            }
        };
        let mut actual: BTreeMap<String, Actual> = BTreeMap::new();
        for n in &names {
            let bytes = std::fs::read(case.join(n)).expect("instance readable");
            let report = validator.validate(&bytes);
            let errors = report.diagnostics.iter().filter(|d| d.severity == wcodm::Severity::Error);
            let outcome: Outcome = errors
                .clone()
                .map(|d| Diag { code: d.code.as_str().to_string(), line: d.line, path: d.path.clone() })
                .collect();
            assert_eq!(outcome.is_empty(), report.is_valid(), "{cname}/{n}");
            let messages = errors.map(|d| d.message.clone()).collect();
            let mapped = lint::wcodm_errors(&report, &String::from_utf8_lossy(&bytes));
            actual.insert(n.clone(), (outcome, messages, mapped));
        }

        if bless {
            let mut text = String::new();
            for (n, (o, _, _)) in &actual {
                let _ = writeln!(text, "{}", render(o, n));
            }
            std::fs::write(case.join("expected.txt"), text).expect("write expected.txt");
        }

        let expected = match std::fs::read_to_string(case.join("expected.txt")) {
            Ok(t) => match parse_expected(&t) {
                Ok(e) => e,
                Err(e) => {
                    mismatches.push(format!("{cname}: {e}"));
                    continue;
                }
            },
            Err(_) => {
                mismatches.push(format!("{cname}: no expected.txt (run with WCODM_BLESS=1, then review it)"));
                continue;
            }
        };
        for n in expected.keys() {
            if !names.contains(n) {
                mismatches.push(format!("{cname}/{n}: listed in expected.txt but there is no such file"));
            }
        }
        for (n, (got, messages, _)) in &actual {
            checked += 1;
            match expected.get(n) {
                None => mismatches
                    .push(format!("{cname}/{n}: not listed in expected.txt (wcodm says:\n{})", render(got, n))),
                Some(want) if want != got => mismatches.push(format!(
                    "{cname}/{n}:\n      expected:\n{}\n      wcodm:\n{}\n      messages:\n        {}",
                    render(want, n),
                    render(got, n),
                    messages.join("\n        ")
                )),
                Some(_) => {}
            }
        }

        if oracle {
            match xmllint_errors(case, &names) {
                Err(e) => mismatches.push(format!("{cname}: {e}")),
                Ok(lints) => {
                    for (n, l) in lints {
                        let key = format!("{cname}/{n}");
                        let theirs = lint::lint_errors(&l);
                        let ours = &actual[&n].2;
                        let same = l.valid == ours.is_empty() && lint::same_errors(ours, &theirs);
                        compared += 1;
                        match (same, known.contains(&key)) {
                            (false, false) => mismatches.push(format!(
                                "{key}: wcodm and xmllint differ (errors as code:line, lines as libxml2 numbers them)\n      \
                                 wcodm:   {}\n      xmllint: {}\n        {}",
                                lint::render(ours),
                                if l.valid { "valid".into() } else { lint::render(&theirs) },
                                l.messages.join("\n        ")
                            )),
                            (true, true) => mismatches.push(format!(
                                "{key}: listed in KNOWN_DIFFERENCES.md, but wcodm and xmllint now agree ({}): remove it",
                                lint::render(ours)
                            )),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    for k in &known {
        if !suite_dir().join(k).is_file() {
            mismatches.push(format!("KNOWN_DIFFERENCES.md lists {k}, which is not an instance of any case"));
        }
    }
    eprintln!(
        "xsd cases: {cases} cases, {checked} instances, {compared} compared with xmllint, {} mismatches",
        mismatches.len(),
    );
    if !mismatches.is_empty() {
        panic!("{} mismatch(es) in tests/xsd:\n  {}\n", mismatches.len(), mismatches.join("\n  "));
    }
}
