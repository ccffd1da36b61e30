//! The `wcodm` binary, run for real: snapshot tests of each output format, exit codes, one
//! verdict per input whatever the input, and a quiet end on a closed pipe.
//!
//! Snapshots live in `tests/cli/snapshots/`; `WCODM_BLESS=1 cargo test --test cli` rewrites them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli")
}

fn wcodm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(args)
        .current_dir(here())
        .env("NO_COLOR", "1")
        .output()
        .expect("run wcodm")
}

fn snapshot(name: &str, actual: &str) {
    let path = here().join("snapshots").join(name);
    if std::env::var_os("WCODM_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, expected, "snapshot {name} differs (WCODM_BLESS=1 to accept)");
}

const SCHEMA: &str = "../../fuzz/schema/customs.xsd";
const INPUTS: [&str; 5] =
    ["inputs/valid.xml", "inputs/invalid.xml", "inputs/truncated.xml", "inputs/empty.xml", "inputs/binary.xml"];

#[test]
fn human_output() {
    let mut args = vec!["validate", "--schema", SCHEMA];
    args.extend(INPUTS);
    let out = wcodm(&args);
    assert_eq!(out.status.code(), Some(1));
    snapshot("human.txt", &String::from_utf8(out.stdout).unwrap());
}

#[test]
fn ndjson_output_is_one_record_per_input_then_a_summary() {
    let mut args = vec!["validate", "--format", "ndjson", "--schema", SCHEMA];
    args.extend(INPUTS);
    args.push("inputs/missing.xml");
    let out = wcodm(&args);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), INPUTS.len() + 2);
    for (r, name) in records.iter().zip(INPUTS.iter().chain(["inputs/missing.xml"].iter())) {
        assert_eq!(r["file"], *name);
        assert!(r["valid"].is_boolean() && r["diagnostics"].is_array());
        for d in r["diagnostics"].as_array().unwrap() {
            for key in ["code", "rule", "severity", "message", "path", "line", "column", "wco_pointer"] {
                assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
            }
        }
    }
    let summary = records.last().unwrap();
    assert_eq!(summary["summary"], true);
    assert_eq!(summary["files"], 6);
    assert_eq!(summary["valid"], 1);
    assert_eq!(summary["invalid"], 4);
    assert_eq!(summary["unreadable"], 1);
    snapshot("ndjson.txt", &text);
}

#[test]
fn json_output_and_masking() {
    let out = wcodm(&["validate", "--format", "json", "--mask-values", "--schema", SCHEMA, "inputs/invalid.xml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("IMAZ") && !text.contains("two"), "values leak despite --mask-values: {text}");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["summary"]["invalid"], 1);
    snapshot("json-masked.txt", &text);
    // Several files: one JSON document with a record each (cargo-mutants: the commas between
    // records were not checked).
    let out = wcodm(&["validate", "--format", "json", "--schema", SCHEMA, "inputs/invalid.xml", "inputs/valid.xml"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!((files.len(), &files[1]["valid"], &doc["summary"]["files"]), (2, &true.into(), &2.into()), "{doc}");
    // Human output shows each offending source line, unless values are masked (cargo-mutants:
    // the `&&` that keeps the lines out made `||` was not caught).
    let human = |args: &[&str]| {
        let mut all = vec!["validate", "--schema", SCHEMA, "inputs/invalid.xml"];
        all.extend_from_slice(args);
        String::from_utf8(wcodm(&all).stdout).unwrap()
    };
    assert!(human(&[]).contains("     6 |   <TypeCode>IMAZ</TypeCode>\n"), "{}", human(&[]));
    let masked = human(&["--mask-values"]);
    assert!(!["IMAZ", "gbp", "two", " | "].iter().any(|v| masked.contains(v)), "values leak: {masked}");
    assert_eq!(masked.matches("(value masked)").count(), 3, "{masked}");
}

#[test]
fn exit_codes() {
    assert_eq!(wcodm(&["validate", "--schema", SCHEMA, "inputs/valid.xml"]).status.code(), Some(0));
    assert_eq!(wcodm(&["validate", "--schema", SCHEMA, "inputs/invalid.xml"]).status.code(), Some(1));
    assert_eq!(wcodm(&["validate", "--schema", "no-such.xsd", "inputs/valid.xml"]).status.code(), Some(2));
    assert_eq!(wcodm(&["validate", "--schema", SCHEMA]).status.code(), Some(2));
    assert_eq!(wcodm(&["validate", "--no-such-flag"]).status.code(), Some(2));
    // A pack naming a path the rule set lacks: one message, exit 2 (built-in sets and --schema).
    let s = common::Scratch::new("cli-typo");
    let pack = &s.pack(
        "typo",
        &[r#"{"id":"TYPO-1","message":"m","source":"s","scope":"Declaration",
            "check":{"kind":"presence","field":"TypeCode","mode":"required"},"when":{"field":"/Declaration/FunctionCod","in":["9"]}}"#],
    );
    for args in [
        vec!["validate", "--rules", pack, "../../examples/3.6/import-3-items.xml", "inputs/invalid.xml"],
        vec!["validate", "--version", "3.6", "--rules", pack, "inputs/valid.xml"],
    ] {
        let out = wcodm(&args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("rule TYPO-1") && err.contains("closest: Declaration/FunctionCode"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn standard_input_and_files_from() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(["validate", "--format", "ndjson", "--schema", SCHEMA, "--files-from", "-"])
        .current_dir(here())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"inputs/valid.xml\ninputs/invalid.xml\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Many inputs, a reader that goes away after one line: no panic message, success.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(["validate", "--format", "ndjson", "--schema", SCHEMA])
        .args(std::iter::repeat_n("inputs/invalid.xml", 3000))
        .current_dir(here())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    use std::io::Read;
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "status {:?}, stderr {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A write that fails for another reason than a closed pipe is an error (exit 2, one line),
/// not a quiet success (cargo-mutants: the broken-pipe guard made `true` was not caught).
#[test]
fn a_failed_write_is_exit_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return common::missing("/dev/full (Linux) to make writes fail");
    };
    let out = Command::new(env!("CARGO_BIN_EXE_wcodm")).arg("versions").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "wcodm: No space left on device (os error 28)\n");
}

/// A progress bar is drawn on a terminal's standard error, for 50 files or more only
/// (cargo-mutants: `&&` made `||` and `>=` made `<` were not caught; a pseudo-terminal from
/// util-linux's `script` stands in for the user's).
#[test]
fn a_progress_bar_for_many_files_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        return common::missing("script (util-linux) to run wcodm on a pseudo-terminal");
    }
    let on_terminal = |files: usize, quiet: &str| {
        let cmd = format!(
            "'{}' validate {quiet} --schema {SCHEMA} {} > /dev/null",
            env!("CARGO_BIN_EXE_wcodm"),
            vec!["inputs/valid.xml"; files].join(" ")
        );
        let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).current_dir(here()).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let many = on_terminal(60, "");
    assert!(many.contains("/60 files"), "{many:?}");
    let few = on_terminal(49, "");
    assert!(!few.contains(" files"), "{few:?}");
    // `-qq` (nothing but the exit code): no bar either (cargo-mutants: `quiet < 2` made `<=`
    // was not caught).
    let silent = on_terminal(60, "-qq");
    assert!(!silent.contains(" files"), "{silent:?}");
}

/// The summary names the day date rules took as today exactly when rules are in force: the
/// built-in sets, `--schema` with a pack, `--schema` with a profile (below, in
/// `national_profiles`); not `--schema` alone (cargo-mutants: `||` made `&&` was not caught).
#[test]
fn the_summary_names_the_day_when_rules_apply() {
    let s = common::Scratch::new("cli-today");
    let pack = s.pack(
        "t",
        &[r#"{"id":"T-1","message":"m","source":"s","scope":"Declaration",
            "check":{"kind":"presence","field":"FunctionCode","mode":"required"}}"#],
    );
    let today = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["validate", "--format", "ndjson", "--today", "2026-01-15"];
        all.extend_from_slice(args);
        all.push("inputs/valid.xml");
        let out = String::from_utf8(wcodm(&all).stdout).unwrap();
        let summary: serde_json::Value = serde_json::from_str(out.lines().last().expect("a summary")).unwrap();
        summary["today"].clone()
    };
    assert_eq!(today(&[]), "2026-01-15", "built-in sets");
    assert_eq!(today(&["--schema", SCHEMA]), serde_json::Value::Null, "a schema alone");
    assert_eq!(today(&["--schema", SCHEMA, "--rules", &pack]), "2026-01-15", "a schema and a pack");
}

#[test]
fn uk_corpus_plus_garbage_gets_one_verdict_each() {
    let Some(corpus) = common::uk_corpus() else { return };
    let schema = corpus.join("schemas/customs/wrapper_submit.xsd");
    let decls = corpus.join("declarations");
    let out = wcodm(&[
        "validate",
        "--format",
        "ndjson",
        "--schema",
        schema.to_str().unwrap(),
        decls.to_str().unwrap(),
        "inputs",
        "inputs/missing.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = records.last().unwrap();
    let files = summary["files"].as_u64().unwrap();
    assert_eq!(records.len() as u64, files + 1, "one record per input plus the summary");
    assert_eq!(files, 313 + 5 + 1);
    let sum = ["valid", "invalid", "unreadable"].iter().map(|k| summary[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum, files);
    assert_eq!(summary["valid"], 308, "the inputs folder is not UK-valid");
    assert_eq!(summary["unreadable"], 1);
}

/// Business rules through the CLI: the built-in pack with a national pack added, date rules as
/// of a chosen day, the rule catalogue and a rule's explanation with its checked examples.
#[test]
fn business_rules_national_packs_and_the_clock() {
    let out = wcodm(&[
        "validate",
        "--rules",
        "../../examples/packs/uk-cds.json",
        "--today",
        "2022-08-26",
        "--format",
        "ndjson",
        "../c/fixtures/dated.xml",
        "../../examples/3.6/invalid-rule-accepted-in-the-future.xml",
        "../../examples/3.6/invalid-rule-two-currencies.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    snapshot("rules.ndjson", &String::from_utf8(out.stdout).unwrap());
    let bad_day = wcodm(&["validate", "--today", "2022-02-30", "../c/fixtures/dated.xml"]);
    assert_eq!(bad_day.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_day.stderr).contains("not a calendar day"));
    let rules = wcodm(&["rules", "--rules", "../../examples/packs/uk-cds.json"]);
    assert_eq!(rules.status.code(), Some(0));
    snapshot("rules.txt", &String::from_utf8(rules.stdout).unwrap());
    let explain = wcodm(&["explain", "WCO-R027"]);
    assert_eq!(explain.status.code(), Some(0));
    snapshot("explain-WCO-R027.txt", &String::from_utf8(explain.stdout).unwrap());
}

/// Outcomes come back in input order whatever the thread count, also when the batch is longer
/// than the window of outcomes held for ordering (64 per thread), so the ring wraps.
#[test]
fn output_order_does_not_depend_on_threads() {
    let mut args = vec!["validate", "--format", "ndjson", "--schema", SCHEMA];
    for _ in 0..150 {
        args.extend(["inputs/valid.xml", "inputs/invalid.xml", "inputs/truncated.xml"]);
    }
    let one = wcodm(&[&args[..], &["--jobs", "1"]].concat());
    let four = wcodm(&[&args[..], &["--jobs", "4"]].concat());
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(four.status.code(), Some(1));
    let one = String::from_utf8(one.stdout).unwrap();
    assert_eq!(one.lines().count(), 451);
    assert_eq!(one, String::from_utf8(four.stdout).unwrap());
}

/// Messages claiming different versions (built-in rule sets, auto): a thread that meets a
/// version another thread is still compiling puts the message aside and comes back to it. The
/// records are the same, in input order, on 1, 2 and 4 threads, with the ring wrapping.
#[test]
fn mixed_versions_give_the_same_records_on_any_thread_count() {
    let mut args = vec!["validate", "--format", "ndjson"];
    for _ in 0..100 {
        args.extend([
            "../../examples/3.6/import-3-items.xml",
            "../../examples/3.7/import-2-items.xml",
            "../../examples/4.0-draft/invalid-no-lrn.xml",
            "../../examples/3.7/invalid-unknown-attribute.xml",
        ]);
    }
    let one = wcodm(&[&args[..], &["--jobs", "1"]].concat());
    assert_eq!(one.status.code(), Some(1));
    let one = String::from_utf8(one.stdout).unwrap();
    assert_eq!(one.lines().count(), 401);
    for v in ["3.6", "3.7", "4.0-draft"] {
        assert_eq!(one.matches(&format!("\"version\":\"{v}\"")).count(), if v == "3.7" { 200 } else { 100 }, "{v}");
    }
    for jobs in ["2", "4"] {
        let many = wcodm(&[&args[..], &["--jobs", jobs]].concat());
        assert_eq!(many.status.code(), Some(1));
        assert_eq!(one, String::from_utf8(many.stdout).unwrap(), "--jobs {jobs}");
    }
}

/// A `--files-from` list names files: a line naming a folder gets its own verdict instead of
/// being walked, and a missing file gets one too.
/// A rule pack is checked before the batch with the rule set of the version the first input
/// claims (read from its file, or from standard input, whose bytes the batch then reads first):
/// a pack written for 4.0-draft validates a batch that starts with a 4.0-draft message, and is
/// one message and exit 2 when a 3.6 message comes first.
#[test]
fn a_pack_is_checked_with_the_version_the_first_input_claims() {
    let s = common::Scratch::new("first-version");
    let pack = s.pack(
        "sc",
        &[r#"{"id": "X-4", "severity": "error", "message": "specific circumstances required", "scope": "Declaration",
        "check": {"kind": "presence", "field": "SpecificCircumstancesCode", "mode": "required"}, "wco_ids": [], "source": "test"}"#],
    );
    let draft = "../../examples/4.0-draft/import-2-items.xml";
    let verdict = |name: &str| {
        format!(
            "invalid {name} (4.0-draft): 1 error\n{name}:8:3: error[X-4]: specific circumstances required: missing\n"
        )
    };
    let out = wcodm(&["validate", "--rules", &pack, draft]);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&verdict(draft)), "{}", text(&out.stdout));
    let out = Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(["validate", "--rules", &pack, "-"])
        .current_dir(here())
        .env("NO_COLOR", "1")
        .stdin(std::fs::File::open(here().join(draft)).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&verdict("-")), "{}", text(&out.stdout));
    let out = wcodm(&["validate", "--rules", &pack, "../../examples/3.6/import-3-items.xml", draft]);
    assert_eq!((out.status.code(), text(&out.stdout)), (Some(2), String::new()));
    assert_eq!(
        text(&out.stderr),
        format!(
            "wcodm: rule pack {pack}: rule X-4: 'SpecificCircumstancesCode': no element of the schema is at Declaration/SpecificCircumstancesCode (closest: Declaration/SpecificCircumstancesCodeCode)\n"
        )
    );
}

/// A symbolic link in a folder is followed: to a file (validated under the link's name) and to
/// a folder (walked), as the files and folders they name.
#[cfg(unix)]
#[test]
fn symbolic_links_in_a_folder_are_followed() {
    let s = common::Scratch::new("links");
    std::fs::create_dir_all(s.0.join("in")).unwrap();
    std::fs::create_dir_all(s.0.join("other")).unwrap();
    std::fs::copy(here().join("inputs/valid.xml"), s.0.join("other/b.xml")).unwrap();
    std::os::unix::fs::symlink(here().join("inputs/valid.xml"), s.0.join("in/a.xml")).unwrap();
    std::os::unix::fs::symlink("../other", s.0.join("in/more")).unwrap();
    let dir = s.0.join("in");
    let out = wcodm(&["validate", "--schema", SCHEMA, "--format", "ndjson", dir.to_str().unwrap()]);
    let records: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let files: Vec<(&str, bool)> =
        records[..records.len() - 1].iter().map(|r| (r["file"].as_str().unwrap(), r["valid"] == true)).collect();
    let a = dir.join("a.xml").to_string_lossy().into_owned();
    let b = dir.join("more/b.xml").to_string_lossy().into_owned();
    assert_eq!(files, [(a.as_str(), true), (b.as_str(), true)]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn files_from_lines_are_files() {
    let list = std::env::temp_dir().join(format!("wcodm-list-{}.txt", std::process::id()));
    std::fs::write(&list, "inputs/valid.xml\ninputs\n\ninputs/missing.xml\n").unwrap();
    let out = wcodm(&["validate", "--format", "ndjson", "--schema", SCHEMA, "--files-from", list.to_str().unwrap()]);
    std::fs::remove_file(&list).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 4, "{text}");
    assert_eq!(records[0]["valid"], true);
    assert_eq!(records[1]["file"], "inputs");
    assert_eq!(records[1]["diagnostics"][0]["message"], "inputs is a folder");
    assert_eq!(records[2]["valid"], false);
    assert_eq!(records[3]["unreadable"], 2);
    assert_eq!(out.status.code(), Some(1));
}

/// A file over the in-memory limit (8 MiB) is streamed: the bytes already read are validated
/// first, then the rest of the file, with the same verdict, version and positions as from
/// memory, against a schema or the built-in rule sets (a rule's error after the padding).
#[test]
fn a_file_over_the_memory_limit_is_streamed_with_the_same_verdict() {
    let dir = std::env::temp_dir().join(format!("wcodm-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record = |args: &[&str], file: &str| -> serde_json::Value {
        let out = wcodm(&[&["validate", "--format", "ndjson"], args, &[file]].concat());
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap()
    };
    for (args, small, before) in [
        (&["--schema", SCHEMA][..], "inputs/invalid.xml", "<AcceptanceDateTime>"),
        (&[][..], "../../examples/3.6/invalid-rule-net-mass-above-gross.xml", "<Declaration>"),
    ] {
        let text = std::fs::read_to_string(here().join(small)).unwrap();
        // Nine MiB of comment lines before the first error push it past the limit.
        let (head, tail) = text.split_at(text.find(before).unwrap());
        let filler = "<!-- padding padding padding padding padding padding padding padding -->\n".repeat(9 << 14);
        let big = dir.join("big.xml");
        std::fs::write(&big, format!("{head}{filler}{tail}")).unwrap();
        let streamed = record(args, big.to_str().unwrap());
        let expected = record(args, small);
        assert_eq!((&streamed["valid"], &streamed["version"]), (&expected["valid"], &expected["version"]), "{small}");
        let diags = streamed["diagnostics"].as_array().unwrap();
        let expected = expected["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), expected.len(), "{small}: {streamed}");
        let added = (9 << 14) as u64;
        for (d, e) in diags.iter().zip(expected) {
            assert_eq!((&d["code"], &d["path"], &d["column"]), (&e["code"], &e["path"], &e["column"]));
            assert_eq!(d["line"].as_u64().unwrap(), e["line"].as_u64().unwrap() + added);
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Defect 13 of issue 20: without `../shared` a corpus test is skipped on a developer's machine
/// but fails in CI (`CI=true`). The corpus test above is run again in a child process of this
/// test binary, with the shared folder pointed nowhere.
#[test]
fn a_missing_shared_folder_fails_in_ci() {
    let run = |ci: &str| {
        Command::new(std::env::current_exe().unwrap())
            .args(["uk_corpus_plus_garbage_gets_one_verdict_each", "--exact", "--nocapture"])
            .env("WCODM_SHARED", "/nonexistent")
            .env("CI", ci)
            .output()
            .unwrap()
    };
    let ci = run("true");
    assert_eq!(ci.status.code(), Some(101), "{}", String::from_utf8_lossy(&ci.stdout));
    assert!(String::from_utf8_lossy(&ci.stdout).contains("1 failed"));
    let local = run("");
    assert!(local.status.success(), "{}", String::from_utf8_lossy(&local.stdout));
    assert!(String::from_utf8_lossy(&local.stderr).contains("skipped: /nonexistent/corpus/uk-dms-2.15 not found"));
}

/// National profiles through the CLI: `--profile NAME` (built-in sets and `--schema`), `auto`
/// from the MetaData envelope, the record's profile and category, the day date rules used,
/// `wcodm profiles` and `wcodm explain --profile`.
#[test]
fn national_profiles() {
    let example = "../../examples/3.6/import-3-items.xml";
    let records = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = wcodm(args);
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let r = records(&["validate", "--format", "ndjson", "--profile", "uk-cds", "--today", "2026-01-15", example]);
    assert_eq!((r[0]["profile"].as_str(), r[0]["category"].as_str()), (Some("uk-cds"), Some("H1")));
    let d = r[0]["diagnostics"].as_array().unwrap();
    assert!(d.iter().any(|d| d["rule"] == "H1-DE5/8-X" && d["national_code"] == "CDS10001"), "{d:?}");
    assert_eq!(r[1]["today"], "2026-01-15", "the summary names the day date rules used");
    // auto: the envelope says GB / HMRC; without one, no profile.
    let r = records(&["validate", "--format", "ndjson", "--profile", "auto", example, "inputs/valid.xml"]);
    assert_eq!(r[0]["profile"], "uk-cds");
    assert!(r[1].get("profile").is_none(), "{}", r[1]);
    // Without a profile the record has no such fields.
    let r = records(&["validate", "--format", "ndjson", example]);
    assert!(r[0].get("profile").is_none() && r[0].get("category").is_none());
    let out = wcodm(&["validate", "--profile", "no-such", example]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown profile 'no-such'"));
    if let Some(corpus) = common::uk_corpus() {
        let schema = corpus.join("schemas/customs/wrapper_submit.xsd");
        let decl = corpus.join("declarations/TT_EX001a/TT_EX001a.xml");
        let r = records(&[
            "validate",
            "--format",
            "ndjson",
            "--schema",
            schema.to_str().unwrap(),
            "--profile",
            "uk-cds",
            "--today",
            "2026-01-15",
            decl.to_str().unwrap(),
        ]);
        assert_eq!((r[0]["category"].as_str(), r[0]["valid"].as_bool()), (Some("B1"), Some(true)), "{}", r[0]);
        assert_eq!(r[1]["today"], "2026-01-15", "a schema and a profile: date rules are in force");
    }
    let list = String::from_utf8(wcodm(&["profiles"]).stdout).unwrap();
    assert!(list.contains("uk-cds") && list.contains("GB HMRC"), "{list}");
    // The columns line up whatever the names' and roots' lengths (uk-ics1-new, CC315A,CC313A).
    let starts =
        |l: &str| l.find(char::is_whitespace).map(|e| e + l[e..].find(|c: char| !c.is_whitespace()).unwrap_or(0));
    let column: Vec<Option<usize>> = list.lines().map(starts).collect();
    assert!(column.len() >= 4 && column.iter().all(|c| *c == column[0]), "{list}");
    let ics = String::from_utf8(wcodm(&["profiles", "uk-ics1"]).stdout).unwrap();
    assert!(ics.contains("\ncategories: none (the profile derives no declaration category)\n"), "{ics}");
    let one = String::from_utf8(wcodm(&["profiles", "uk-cds"]).stdout).unwrap();
    assert!(one.contains("H7") && one.contains("not enforced"), "{one}");
    let explain = String::from_utf8(wcodm(&["explain", "H1-DE6/1-X", "--profile", "uk-cds"]).stdout).unwrap();
    assert!(explain.contains("reported by CDS as CDS10001") && !explain.contains("disagrees"), "{explain}");
}

/// `rules --profile P` lists what was asked for first: the profile's rules, then extra packs,
/// then the version's; a profile for messages other than WCO declarations (uk-ics1) alone,
/// since the version's rules never run beside it. The columns line up whatever the ids' length.
#[test]
fn rules_of_a_profile_come_first() {
    let ids = |args: &[&str]| -> Vec<String> {
        let out = wcodm(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let column = text.lines().next().unwrap().find("severity").unwrap();
        for l in text.lines() {
            assert_eq!(
                l[column..].split(' ').next().map(|s| ["severity", "error", "warning"].contains(&s)),
                Some(true),
                "{l}"
            );
        }
        text.lines().skip(1).map(|l| l.split(' ').next().unwrap().to_string()).collect()
    };
    let wco = ids(&["rules"]);
    assert_eq!(wco.len(), 41);
    let ics = ids(&["rules", "--profile", "uk-ics1"]);
    assert_eq!(ics.len(), 188);
    assert!(ics.iter().all(|id| id.starts_with("ICS1-")), "{ics:?}");
    let cds = ids(&["rules", "--profile", "uk-cds", "--rules", "../../examples/packs/uk-cds.json"]);
    let pack = ids(&["rules", "--rules", "../../examples/packs/uk-cds.json"]);
    let (own, rest) = cds.split_at(cds.len() - pack.len());
    assert_eq!(rest, &pack[..], "the pack, then the version's");
    assert!(!own.is_empty() && own.iter().all(|id| !id.starts_with("WCO-") && !pack.contains(id)), "{own:?}");
    assert_eq!(&pack[pack.len() - wco.len()..], &wco[..]);
}

/// A file's first line says "no category" for a profile that derives categories (uk-cds)
/// when the message has none, and never for a profile without categories, named, from a
/// folder, or picked by `--profile auto` (cargo-mutants: in the CLI's list of the profiles
/// that derive categories, the guard on an empty list made `true` or `false`, or the `!` of
/// `auto`'s filter deleted, was not caught).
#[test]
fn no_category_is_said_only_for_a_profile_with_categories() {
    let dir = std::env::temp_dir().join(format!("wcodm-cli-category-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("plain")).unwrap();
    let example = std::fs::read_to_string(here().join("../../examples/3.6/import-3-items.xml")).unwrap();
    let no_category = example.replacen("<TypeCode>IMZ</TypeCode>", "<TypeCode>ZZZ</TypeCode>", 1);
    assert_ne!(no_category, example);
    std::fs::write(dir.join("no-category.xml"), no_category).unwrap();
    std::fs::write(dir.join("h1.xml"), example).unwrap();
    std::fs::write(
        dir.join("plain/profile.json"),
        r#"{"name":"plain","title":"A profile without categories","root":"Declaration","item":"Declaration/GoodsShipment/GovernmentAgencyGoodsItem"}"#,
    )
    .unwrap();
    let first_line = |profile: &str, file: &str| {
        let path = dir.join(file);
        let out = wcodm(&["validate", "--today", "2026-01-15", "--profile", profile, path.to_str().unwrap()]);
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text.lines().next().unwrap_or_default().to_string();
        line.split_once(" (").map(|(_, label)| label.trim_end_matches(|c: char| c != ')').to_string()).unwrap_or(line)
    };
    assert_eq!(first_line("uk-cds", "no-category.xml"), "3.6, uk-cds no category)");
    assert_eq!(first_line("auto", "no-category.xml"), "3.6, uk-cds no category)");
    assert_eq!(first_line("uk-cds", "h1.xml"), "3.6, uk-cds H1)");
    let plain = dir.join("plain");
    assert_eq!(first_line(plain.to_str().unwrap(), "h1.xml"), "3.6, plain)");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The CLI: an unknown version is a usage error (exit 2) in every command that takes one.
#[test]
fn an_unknown_version_exits_2_everywhere() {
    let root = env!("CARGO_MANIFEST_DIR");
    for args in [
        &["validate", "--version", "9.9", "examples/3.6/import-3-items.xml"][..],
        &["validate", "--as", "9.9", "examples/3.6/import-3-items.xml"],
        &["rules", "--version", "9.9"],
        &["schema", "export", "--version", "9.9", "--out", "target/never"],
        &["versions", "diff", "9.9", "3.6"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wcodm")).args(args).current_dir(root).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("'9.9'"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
