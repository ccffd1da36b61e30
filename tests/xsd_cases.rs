//! Data-driven XSD conformance suite: `tests/xsd/<case>/`.
//!
//! Every case folder holds `schema.xsd` (plus any documents it includes or imports), a few
//! instance documents `*.xml` and `expected.txt`, one line per instance:
//!
//! ```text
//! name.xml valid
//! name.xml invalid <code> <line> <path>
//! ```
//!
//! where `<code>`, `<line>` and `<path>` are those of the FIRST diagnostic wcodm reports (`-`
//! stands for an empty path, e.g. for a document that has no element at all).
//!
//! The runner compiles each case's schema once, validates every instance and compares with the
//! goldens; all mismatches are collected and reported together.
//!
//! - `WCODM_BLESS=1` rewrites every `expected.txt` from wcodm's output (maintainers only:
//!   review the diff by hand and against xmllint before committing it).
//! - `WCODM_XSD_CASE=name` runs only the cases whose folder name contains `name`.
//! - Oracle: when `xmllint` is on PATH, `xmllint --noout --schema schema.xsd *.xml` runs once
//!   per case and every instance must get the same valid/invalid verdict from both tools,
//!   except the instances listed in `tests/xsd/KNOWN_DIFFERENCES.md` (lines of the form
//!   ``- `case/instance.xml`: reason``). Without xmllint a note is printed and only the goldens
//!   are checked.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one instance should produce (or produced).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Valid,
    Invalid { code: String, line: u32, path: String },
}

impl Outcome {
    fn render(&self) -> String {
        match self {
            Outcome::Valid => "valid".into(),
            Outcome::Invalid { code, line, path } => {
                let p = if path.is_empty() { "-" } else { path.as_str() };
                format!("invalid {code} {line} {p}")
            }
        }
    }

    fn is_valid(&self) -> bool {
        matches!(self, Outcome::Valid)
    }
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
    let mut out = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let outcome = match parts.as_slice() {
            [_, "valid"] => Outcome::Valid,
            [_, "invalid", code, l, path] => Outcome::Invalid {
                code: code.to_string(),
                line: l.parse().map_err(|_| format!("expected.txt line {}: bad line number '{l}'", i + 1))?,
                path: if *path == "-" { String::new() } else { path.to_string() },
            },
            _ => return Err(format!("expected.txt line {}: cannot parse '{raw}'", i + 1)),
        };
        if out.insert(parts[0].to_string(), outcome).is_some() {
            return Err(format!("expected.txt line {}: {} listed twice", i + 1, parts[0]));
        }
    }
    Ok(out)
}

/// `case/instance.xml` entries of KNOWN_DIFFERENCES.md where xmllint's verdict may differ.
fn known_differences() -> BTreeSet<String> {
    let text = std::fs::read_to_string(suite_dir().join("KNOWN_DIFFERENCES.md")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- `"))
        .filter_map(|l| l.split_once('`').map(|(entry, _)| entry.to_string()))
        .collect()
}

fn xmllint_available() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

/// xmllint's verdict per instance: true = "validates"; anything else (fails to validate, not
/// well-formed, schema not compiled) is false.
fn xmllint_verdicts(case: &Path, names: &[String]) -> Result<BTreeMap<String, bool>, String> {
    let out = Command::new("xmllint")
        .current_dir(case)
        .args(["--noout", "--nonet", "--schema", "schema.xsd"])
        .args(names)
        .output()
        .map_err(|e| format!("cannot run xmllint: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut v: BTreeMap<String, bool> = names.iter().map(|n| (n.clone(), false)).collect();
    for line in stderr.lines() {
        if let Some(name) = line.strip_suffix(" validates")
            && let Some(slot) = v.get_mut(name)
        {
            *slot = true;
        }
    }
    if stderr.contains("failed to compile") {
        return Err(format!("xmllint could not compile {}/schema.xsd:\n{stderr}", case.display()));
    }
    Ok(v)
}

#[test]
fn xsd_conformance_cases() {
    let bless = std::env::var("WCODM_BLESS").is_ok_and(|v| v == "1");
    let oracle = xmllint_available();
    if !oracle {
        eprintln!("note: xmllint is not on PATH; checking the goldens only (CI installs xmllint as an oracle)");
    }
    let known = known_differences();
    let mut mismatches: Vec<String> = Vec::new();
    let (mut cases, mut checked) = (0usize, 0usize);
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
        // A schema wcodm cannot compile is one mismatch for the case; the goldens are still
        // checked against xmllint below.
        let validator = match wcodm::Validator::from_xsd_path(case.join("schema.xsd")) {
            Ok(v) => Some(v),
            Err(e) => {
                mismatches.push(format!("{cname}: wcodm cannot compile schema.xsd: {e}"));
                None
            }
        };
        let mut actual: BTreeMap<String, (Outcome, String)> = BTreeMap::new();
        for n in names.iter().filter(|_| validator.is_some()) {
            let validator = validator.as_ref().expect("filtered");
            let bytes = std::fs::read(case.join(n)).expect("instance readable");
            let report = validator.validate(&bytes);
            let outcome = match report.diagnostics.first() {
                _ if report.is_valid() => Outcome::Valid,
                Some(d) => Outcome::Invalid { code: d.code.as_str().to_string(), line: d.line, path: d.path.clone() },
                None => Outcome::Invalid { code: "?".into(), line: 0, path: String::new() },
            };
            let msg = report.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
            actual.insert(n.clone(), (outcome, msg));
        }

        if bless && validator.is_some() {
            let mut text = String::new();
            for (n, (o, _)) in &actual {
                let _ = writeln!(text, "{n} {}", o.render());
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
        for n in &names {
            checked += 1;
            let Some((got, msg)) = actual.get(n) else {
                if !expected.contains_key(n) {
                    mismatches.push(format!("{cname}/{n}: not listed in expected.txt"));
                }
                continue;
            };
            match expected.get(n) {
                None => {
                    mismatches.push(format!("{cname}/{n}: not listed in expected.txt (wcodm says: {})", got.render()))
                }
                Some(want) if want != got => mismatches.push(format!(
                    "{cname}/{n}:\n      expected: {}\n      wcodm:    {}{}",
                    want.render(),
                    got.render(),
                    if msg.is_empty() { String::new() } else { format!("\n      message:  {msg}") }
                )),
                Some(_) => {}
            }
        }

        if oracle {
            match xmllint_verdicts(case, &names) {
                Err(e) => mismatches.push(format!("{cname}: {e}")),
                Ok(verdicts) => {
                    for (n, lint_valid) in verdicts {
                        let key = format!("{cname}/{n}");
                        let want_valid = expected.get(&n).map(Outcome::is_valid);
                        let got_valid = actual.get(&n).map(|(o, _)| o.is_valid());
                        if known.contains(&key) {
                            continue;
                        }
                        if want_valid.is_some_and(|w| w != lint_valid) {
                            mismatches.push(format!(
                                "{key}: golden says {} but xmllint says {}",
                                if want_valid == Some(true) { "valid" } else { "invalid" },
                                if lint_valid { "valid" } else { "invalid" }
                            ));
                        } else if got_valid.is_some_and(|g| g != lint_valid) && want_valid.is_none() {
                            mismatches.push(format!(
                                "{key}: wcodm says {} but xmllint says {}",
                                if got_valid == Some(true) { "valid" } else { "invalid" },
                                if lint_valid { "valid" } else { "invalid" }
                            ));
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
        "xsd cases: {cases} cases, {checked} instances, {} mismatches{}",
        mismatches.len(),
        if oracle { " (xmllint oracle on)" } else { " (xmllint oracle off)" }
    );
    if !mismatches.is_empty() {
        panic!("{} mismatch(es) in tests/xsd:\n  {}\n", mismatches.len(), mismatches.join("\n  "));
    }
}
