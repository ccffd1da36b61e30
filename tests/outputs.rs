//! The output formats for pipelines, run for real: SARIF validated against the official SARIF
//! 2.1.0 JSON schema (tests/sarif/), JUnit XML parsed back with its counts compared to the
//! NDJSON summary, GitHub Actions annotations with hostile names and values, `-q`/`-qq`, and
//! the shell completions and man page generated from the command-line definition.

mod common;

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wcodm_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run wcodm")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// The inputs of tests/cli (valid, invalid, truncated, empty, binary, missing) and the examples
/// (built-in versions, business rules), run from the repository's root.
const MIXED: [&str; 7] = [
    "tests/cli/inputs/valid.xml",
    "tests/cli/inputs/invalid.xml",
    "tests/cli/inputs/truncated.xml",
    "tests/cli/inputs/empty.xml",
    "tests/cli/inputs/binary.xml",
    "tests/cli/inputs/missing.xml",
    "examples/",
];

/// NDJSON records (files) and the summary of a run with these arguments.
fn ndjson(dir: &Path, args: &[&str]) -> (Vec<Value>, Value) {
    let mut all = vec!["validate", "--format", "ndjson"];
    all.extend(args);
    let out = wcodm_in(dir, &all);
    let mut records: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = records.pop().expect("a summary record");
    assert_eq!(summary["summary"], true);
    (records, summary)
}

/// A URI path with its `%XX` escapes decoded.
fn percent_decoded(uri: &str) -> String {
    let b = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

/// The schema's complaints about a log (empty: it is valid SARIF 2.1.0).
fn schema_errors(v: &jsonschema::Validator, log: &Value) -> Vec<String> {
    v.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// A SARIF run's results and rule descriptors, checked against the same run's NDJSON: one
/// result per diagnostic, in order, at the same place, and one descriptor per rule id used.
fn check_sarif_against_ndjson(log: &Value, records: &[Value], summary: &Value, cwd: &Path) {
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let results = run["results"].as_array().unwrap();
    let diagnostics: Vec<(&Value, &Value)> =
        records.iter().flat_map(|r| r["diagnostics"].as_array().unwrap().iter().map(move |d| (r, d))).collect();
    assert_eq!(results.len(), diagnostics.len(), "one result per diagnostic");
    for (res, (record, d)) in results.iter().zip(&diagnostics) {
        let id = d["rule"].as_str().or(d["code"].as_str()).unwrap();
        assert_eq!(res["ruleId"], id);
        assert_eq!(res["level"], d["severity"]);
        assert_eq!(res["message"]["text"], d["message"]);
        assert_eq!(res["properties"]["code"], d["code"]);
        assert_eq!(res["properties"]["nationalCode"], d.get("national_code").cloned().unwrap_or(Value::Null));
        assert_eq!(res["properties"]["wcoPointer"], d["wco_pointer"]);
        assert_eq!(res["properties"]["wcoNames"], d.get("wco_names").cloned().unwrap_or(Value::Null));
        assert_eq!(d["wco_pointer"].is_null(), d.get("wco_names").is_none(), "names exactly when a pointer");
        let file = record["file"].as_str().unwrap();
        let physical = &res["locations"][0]["physicalLocation"];
        if file == "-" {
            assert!(physical.is_null());
        } else {
            let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
            assert!(uri.bytes().all(|b| b.is_ascii_graphic()), "{uri}");
            let path = Path::new(file);
            match path.strip_prefix(cwd) {
                // Relative to the run's folder (given so, or under it).
                _ if path.is_relative() => {
                    assert_eq!(percent_decoded(uri), file.trim_start_matches("./"), "artifact of {file}");
                    assert_eq!(physical["artifactLocation"]["uriBaseId"], "SRCROOT");
                }
                Ok(under) => {
                    assert_eq!(percent_decoded(uri), under.to_str().unwrap(), "artifact of {file}");
                    assert_eq!(physical["artifactLocation"]["uriBaseId"], "SRCROOT");
                }
                // An absolute path elsewhere (WCODM_SHARED=/abs/shared): a file URI of its own.
                Err(_) => {
                    assert_eq!(percent_decoded(uri), format!("file://{file}"), "artifact of {file}");
                    assert!(physical["artifactLocation"]["uriBaseId"].is_null());
                }
            }
        }
        // A position only where the file has one (not for an unreadable input), the column in
        // code points as the run's columnKind says.
        assert_eq!(physical["region"]["startLine"], d["line"]);
        let column = d["column"]
            .as_u64()
            .filter(|_| file != "-")
            .map(|c| code_points_before(&cwd.join(file), d["line"].as_u64().unwrap(), c));
        assert_eq!(physical["region"]["startColumn"].as_u64(), column, "{file} {d}");
        let path = d["path"].as_str().unwrap();
        let logical = &res["locations"][0]["logicalLocations"][0];
        if path.is_empty() {
            assert!(logical.is_null());
        } else {
            assert_eq!(logical["fullyQualifiedName"], path);
            let kind = if path.rsplit('/').next().unwrap().starts_with('@') { "attribute" } else { "element" };
            assert_eq!(logical["kind"], kind);
        }
    }
    let descriptors = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = descriptors.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "one descriptor per rule: {ids:?}");
    let used: HashSet<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert_eq!(used, unique, "a descriptor for each rule used, and none other");
    assert_eq!(run["tool"]["driver"]["name"], "wcodm");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    for key in ["files", "valid", "invalid", "unreadable"] {
        assert_eq!(run["properties"][key], summary[key], "{key}");
    }
}

/// The code-point column of a byte column: the characters before it on its line (lines end at
/// CR LF, CR or LF), plus one.
fn code_points_before(file: &Path, line: u64, column: u64) -> u64 {
    let text = std::fs::read(file).unwrap();
    let text = String::from_utf8_lossy(&text).replace("\r\n", "\n").replace('\r', "\n");
    let line = text.split('\n').nth(line as usize - 1).unwrap();
    line.as_bytes()[..column as usize - 1].iter().filter(|b| (**b & 0xC0) != 0x80).count() as u64 + 1
}

/// Columns are counted in code points, as `columnKind` says (`unicodeCodePoints`), not in
/// bytes: an element after `€€é` on its line is at byte 16 but code point 11.
#[test]
fn sarif_columns_are_code_points() {
    let dir = scratch("sarif-columns");
    let text = declaration_with_type_code("IMAZ").replace("  <TypeCode>", "<!--€€é--><TypeCode>");
    std::fs::write(dir.join("m.xml"), text).unwrap();
    let schema = root().join("fuzz/schema/customs.xsd");
    let args = ["validate", "--schema", schema.to_str().unwrap(), "m.xml"];
    let out = wcodm_in(&dir, &[&args[..], &["--format", "sarif"]].concat());
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema_errors(&sarif_schema(), &log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(6), Some(11)));
    let out = wcodm_in(&dir, &[&args[..], &["--format", "ndjson"]].concat());
    let record: Value = serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(
        (record["diagnostics"][0]["line"].as_u64(), record["diagnostics"][0]["column"].as_u64()),
        (Some(6), Some(16))
    );
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_a_result_per_diagnostic() {
    let v = sarif_schema();
    let mut args = vec!["validate", "--format", "sarif", "--today", "2026-01-15"];
    args.extend(MIXED);
    let out = wcodm_in(root(), &args);
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(schema_errors(&v, &log), Vec::<String>::new());
    let mut nd = vec!["--today", "2026-01-15"];
    nd.extend(MIXED);
    let (records, summary) = ndjson(root(), &nd);
    assert!(summary["unreadable"].as_u64() == Some(1) && summary["valid"].as_u64() > Some(0));
    check_sarif_against_ndjson(&log, &records, &summary, root());

    // A business rule's descriptor is the rule: its message, severity and WCO IDs.
    let rules: HashMap<String, wcodm::rules::Rule> =
        wcodm::Version::V3_6.rule_pack().unwrap().rules.into_iter().map(|r| (r.id.clone(), r)).collect();
    let descriptors = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let r004 = descriptors.iter().find(|d| d["id"] == "WCO-R004").expect("WCO-R004 is reported by an example");
    let rule = &rules["WCO-R004"];
    assert_eq!(r004["shortDescription"]["text"], rule.message.as_str());
    assert_eq!(r004["defaultConfiguration"]["level"], rule.severity.as_str());
    assert_eq!(r004["properties"]["kind"], "business-rule");
    assert_eq!(r004["properties"]["wcoIds"], serde_json::json!(rule.wco_ids));
    // The rule's message, its source and the pointer to `explain`, each a sentence.
    // (Neither ends with a full stop of its own: "gross mass Source:" ran them together.)
    assert!(!rule.message.ends_with('.') && !rule.source.ends_with('.'));
    let help = format!(
        "{}. Source: {}. `wcodm explain WCO-R004` shows what it checks, with passing and failing examples.",
        rule.message, rule.source
    );
    assert_eq!(r004["help"]["text"], help.as_str());
    let io = descriptors.iter().find(|d| d["id"] == "io").expect("the missing file is reported");
    assert_eq!(io["shortDescription"]["text"], "The input could not be read.");
    // The base the relative URIs resolve against is the folder the run started in.
    let base = log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");
}

/// The schema check is not vacuous: logs that break SARIF 2.1.0 fail it.
#[test]
fn the_schema_rejects_logs_that_are_not_sarif() {
    let v = sarif_schema();
    let out = wcodm_in(root(), &["validate", "--format", "sarif", "tests/cli/inputs/invalid.xml"]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(schema_errors(&v, &log).is_empty());
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut l = log.clone();
        f(&mut l);
        schema_errors(&v, &l)
    };
    assert!(!broken(&|l| l["runs"][0]["results"][0]["level"] = "fatal".into()).is_empty());
    assert!(!broken(&|l| l["version"] = "2.0.0".into()).is_empty());
    assert!(
        !broken(&|l| l["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into())
            .is_empty()
    );
    assert!(!broken(&|l| l["runs"][0]["results"][0]["message"] = Value::Null).is_empty());
    assert!(!broken(&|l| l["runs"][0]["tool"]["driver"]["rules"][0]["unknownMember"] = 1.into()).is_empty());
}

/// The UK corpus with the UK's schema set and rule packs: national codes carried through.
#[test]
fn sarif_on_the_uk_corpus_carries_national_codes() {
    let Some(corpus) = common::uk_corpus() else { return };
    let schema = corpus.join("schemas/customs/wrapper_submit.xsd");
    let decls = corpus.join("declarations");
    let args = [
        "--schema",
        schema.to_str().unwrap(),
        "--rules",
        "schemas/wco-3.6/rules.json",
        "--rules",
        "examples/packs/uk-cds.json",
        "--today",
        "2026-01-15",
        decls.to_str().unwrap(),
    ];
    let mut sarif = vec!["validate", "--format", "sarif"];
    sarif.extend(args);
    let out = wcodm_in(root(), &sarif);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema_errors(&sarif_schema(), &log), Vec::<String>::new());
    let (records, summary) = ndjson(root(), &args);
    assert_eq!(summary["files"], 313);
    check_sarif_against_ndjson(&log, &records, &summary, root());
    let descriptors = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let national: Vec<&Value> = descriptors.iter().filter(|d| d["properties"]["nationalCode"].is_string()).collect();
    let in_records = records
        .iter()
        .flat_map(|r| r["diagnostics"].as_array().unwrap())
        .filter_map(|d| d.get("national_code"))
        .collect::<HashSet<_>>();
    assert!(!in_records.is_empty(), "the UK pack reports national codes on the corpus");
    assert!(!national.is_empty());
    // Paths given absolute under the run's folder are relative to it.
    let uri =
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("../shared/corpus/uk-dms-2.15/declarations/") || !decls.starts_with(root()), "{uri}");
}

/// JUnit XML's counts and elements, read back with quick-xml.
#[derive(Debug, Default, PartialEq)]
struct JUnit {
    suites_counts: Vec<[u64; 4]>,
    testcases: Vec<String>,
    failures: usize,
    errors: usize,
    system_outs: usize,
    /// Each testcase's failure/error text, unescaped.
    texts: Vec<String>,
    failure_messages: Vec<String>,
}

fn read_junit(xml: &[u8]) -> JUnit {
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut j = JUnit::default();
    let mut buf = Vec::new();
    let mut in_text = false;
    loop {
        let ev = r.read_event_into(&mut buf).expect("well-formed JUnit XML");
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &str| {
                    e.try_get_attribute(k)
                        .unwrap()
                        .map(|a| a.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned())
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    "testsuites" | "testsuite" => j.suites_counts.push(
                        ["tests", "failures", "errors", "skipped"].map(|k| attr(k).parse::<u64>().expect("a count")),
                    ),
                    "testcase" => j.testcases.push(attr("name")),
                    "failure" => {
                        j.failures += 1;
                        j.failure_messages.push(attr("message"));
                        j.texts.push(String::new());
                        in_text = true;
                    }
                    "error" => {
                        j.errors += 1;
                        j.texts.push(String::new());
                        in_text = true;
                    }
                    "system-out" => j.system_outs += 1,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => j.texts.last_mut().unwrap().push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_text => {
                let name = g.xml10_content();
                let c = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected reference &{other};"),
                };
                j.texts.last_mut().unwrap().push_str(c);
            }
            Event::End(e) if matches!(e.name().as_ref(), "failure" | "error") => in_text = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    j
}

fn check_junit_against_ndjson(j: &JUnit, records: &[Value], summary: &Value) {
    let n = |k: &str| summary[k].as_u64().unwrap();
    let counts = [n("files"), n("invalid"), n("unreadable"), 0];
    assert_eq!(j.suites_counts, vec![counts, counts], "testsuites and testsuite counts");
    let files: Vec<&str> = records.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(j.testcases, files, "one testcase per file, in order");
    assert_eq!(j.failures as u64, n("invalid"));
    assert_eq!(j.errors as u64, n("unreadable"));
}

#[test]
fn junit_parses_and_its_counts_are_the_ndjson_summary() {
    let mut args = vec!["validate", "--format", "junit", "--today", "2026-01-15"];
    args.extend(MIXED);
    let out = wcodm_in(root(), &args);
    assert_eq!(out.status.code(), Some(1));
    let j = read_junit(&out.stdout);
    let mut nd = vec!["--today", "2026-01-15"];
    nd.extend(MIXED);
    let (records, summary) = ndjson(root(), &nd);
    check_junit_against_ndjson(&j, &records, &summary);
    assert!(j.errors == 1 && j.failures > 1);
    // A failure (or error) carries each of its file's messages, in order; a failure's headline
    // counts the errors and names the first.
    let failed: Vec<&Value> = records.iter().filter(|r| r["valid"] == false).collect();
    assert_eq!(j.texts.len(), failed.len());
    let mut headlines = j.failure_messages.iter();
    for (text, r) in j.texts.iter().zip(&failed) {
        let file = r["file"].as_str().unwrap();
        let diagnostics = r["diagnostics"].as_array().unwrap();
        let mut at = 0;
        for d in diagnostics {
            let m = d["message"].as_str().unwrap();
            at += text[at..].find(m).unwrap_or_else(|| panic!("{file}: {m} not in {text}"));
        }
        if r["unreadable"] != true {
            let errors: Vec<&Value> = diagnostics.iter().filter(|d| d["severity"] == "error").collect();
            let first = errors[0];
            let label = first["rule"].as_str().or(first["code"].as_str()).unwrap();
            let plural = if errors.len() == 1 { "" } else { "s" };
            let expected = format!("{} error{plural}: [{label}] {}", errors.len(), first["message"].as_str().unwrap());
            assert_eq!(headlines.next().unwrap(), &expected);
        }
    }
}

#[test]
fn junit_counts_match_on_the_uk_corpus() {
    let Some(corpus) = common::uk_corpus() else { return };
    let schema = corpus.join("schemas/customs/wrapper_submit.xsd");
    let decls = corpus.join("declarations");
    let args = [
        "--schema",
        schema.to_str().unwrap(),
        "--rules",
        "examples/packs/uk-cds.json",
        "--today",
        "2026-01-15",
        decls.to_str().unwrap(),
        "tests/cli/inputs/missing.xml",
    ];
    let mut junit = vec!["validate", "--format", "junit"];
    junit.extend(args);
    let j = read_junit(&wcodm_in(root(), &junit).stdout);
    let (records, summary) = ndjson(root(), &args);
    assert_eq!(summary["files"], 314);
    check_junit_against_ndjson(&j, &records, &summary);
}

/// A scratch folder of this test target's own.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// tests/cli's invalid declaration with this TypeCode (escaped as XML text).
fn declaration_with_type_code(escaped: &str) -> String {
    let valid = std::fs::read_to_string(root().join("tests/cli/inputs/invalid.xml")).unwrap();
    valid.replace("IMAZ", escaped)
}

#[test]
fn junit_escapes_what_the_messages_quote() {
    let dir = scratch("junit-hostile");
    let name = "a&b<c>\"d'.xml";
    std::fs::write(dir.join(name), declaration_with_type_code("&amp;&lt;]]&gt;\"'")).unwrap();
    let schema = root().join("fuzz/schema/customs.xsd");
    let out = wcodm_in(&dir, &["validate", "--format", "junit", "--schema", schema.to_str().unwrap(), name]);
    assert_eq!(out.status.code(), Some(1));
    let j = read_junit(&out.stdout);
    assert_eq!(j.testcases, vec![name.to_string()]);
    assert_eq!(j.failures, 1);
    assert!(j.texts[0].contains("value '&<]]>\"'' is not valid"), "{}", j.texts[0]);
    assert!(j.failure_messages[0].contains("value '&<]]>\"'' is not valid"), "{}", j.failure_messages[0]);
}

/// Undo the workflow-command escaping of a message (`%25`, `%0D`, `%0A`) or a property (also
/// `%3A`, `%2C`).
fn unescape(s: &str) -> String {
    s.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

#[test]
fn github_annotations_are_one_line_per_diagnostic_whatever_the_values() {
    let dir = scratch("github-hostile");
    // A file name with the property separators and `%`, and a value that would start a
    // command of its own on a new line if it were not escaped.
    let name = "x,line=9:col=9%0A.xml";
    std::fs::write(dir.join(name), declaration_with_type_code("%0A::warning::\r\n::error::oops")).unwrap();
    let schema = root().join("fuzz/schema/customs.xsd");
    let schema = schema.to_str().unwrap();
    let out = wcodm_in(&dir, &["validate", "--format", "github", "--schema", schema, name]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let (records, summary) = ndjson(&dir, &["--schema", schema, name]);
    let diagnostics = records[0]["diagnostics"].as_array().unwrap();
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), diagnostics.len(), "{text}");
    for (line, d) in annotations.iter().zip(diagnostics) {
        let (command, rest) = line[2..].split_once(' ').unwrap();
        assert_eq!(command, d["severity"].as_str().unwrap());
        let (properties, message) = rest.split_once("::").unwrap();
        let props: HashMap<&str, String> = properties
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k, unescape(v))
            })
            .collect();
        assert_eq!(props["file"], name);
        assert_eq!(props["line"], d["line"].to_string());
        assert_eq!(props["col"], d["column"].to_string());
        assert_eq!(props["title"], format!("wcodm {}", d["code"].as_str().unwrap()));
        let message = unescape(message);
        assert!(message.starts_with(d["message"].as_str().unwrap()), "{message}");
    }
    // The summary follows, as in human output.
    assert!(text.contains(&format!("1 file: 0 valid, {} invalid", summary["invalid"])), "{text}");
    // A missing file: an error on the file, with no line.
    let out = wcodm_in(&dir, &["validate", "--format", "github", "-q", "--schema", schema, "nope.xml"]);
    assert_eq!(
        stdout(&out),
        "::error file=nope.xml,title=wcodm io::cannot read nope.xml: No such file or directory (os error 2)\n"
    );
}

#[test]
fn quiet_keeps_verdicts_and_very_quiet_keeps_only_the_exit_code() {
    let mut args = vec!["validate", "--today", "2026-01-15"];
    args.extend(MIXED);
    let plain = wcodm_in(root(), &args);
    let verdicts: Vec<&str> = std::str::from_utf8(&plain.stdout)
        .unwrap()
        .lines()
        .filter(|l| ["valid ", "invalid ", "unreadable "].iter().any(|v| l.starts_with(v)))
        .collect();
    assert_eq!(verdicts.len(), 17);
    for (q, expected) in
        [("-q", verdicts.join("\n") + "\n"), ("--quiet", verdicts.join("\n") + "\n"), ("-qq", String::new())]
    {
        let mut a = args.clone();
        a.insert(1, q);
        let out = wcodm_in(root(), &a);
        assert_eq!(out.status.code(), plain.status.code(), "{q}");
        assert_eq!(stdout(&out), expected, "{q}");
        assert!(out.stderr.is_empty(), "{q}");
    }
    // All valid: exit 0, with nothing written.
    let out = wcodm_in(root(), &["validate", "-qq", "--format", "sarif", "examples/3.6/import-3-items.xml"]);
    assert_eq!((out.status.code(), out.stdout.len(), out.stderr.len()), (Some(0), 0, 0));
    // A document format is whole: -q is refused with one message.
    for format in ["ndjson", "json", "sarif", "junit"] {
        let out = wcodm_in(root(), &["validate", "-q", "--format", format, "examples/"]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("--format {format} writes a whole document")), "{err}");
    }
}

#[test]
fn shell_completions_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = wcodm_in(root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for word in ["validate", "completions", "man", "files-from", "quiet"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        // The values of --format, where the shell's script lists values.
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(script.contains("sarif") && script.contains("junit") && script.contains("github"), "{shell}");
        }
    }
    let dir = scratch("completions");
    let script = dir.join("wcodm.bash");
    std::fs::write(&script, wcodm_in(root(), &["completions", "bash"]).stdout).unwrap();
    let check = Command::new("bash").arg("-n").arg(&script).output().expect("bash runs");
    assert!(check.status.success(), "bash -n: {}", String::from_utf8_lossy(&check.stderr));
    // The script completes a subcommand: source it and ask, as bash would on TAB.
    let probe = format!(
        "source {}; COMP_WORDS=(wcodm val); COMP_CWORD=1; COMP_LINE='wcodm val'; COMP_POINT=9; _wcodm wcodm val wcodm; echo \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "validate", "{}", String::from_utf8_lossy(&out.stderr));
    let out = wcodm_in(root(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_comes_from_the_cli_definition() {
    let out = wcodm_in(root(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.contains(".TH wcodm 1"), "{}", &page[..page.len().min(300)]);
    assert!(page.contains(".SH SUBCOMMANDS") && page.contains("wcodm\\-validate(1)"));
    assert!(page.contains("Exit codes: 0 every file valid, 1 some file invalid or unreadable, 2 usage error"));
    let dir = scratch("man");
    let out = wcodm_in(root(), &["man", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let listed = stdout(&out);
    for name in ["wcodm.1", "wcodm-validate.1", "wcodm-completions.1", "wcodm-schema-export.1"] {
        let path = dir.join(name);
        assert!(listed.lines().any(|l| Path::new(l) == path), "{name} not listed:\n{listed}");
        assert!(std::fs::read_to_string(&path).unwrap().contains(".TH "), "{name}");
    }
    let validate = std::fs::read_to_string(dir.join("wcodm-validate.1")).unwrap();
    assert!(validate.contains("sarif") && validate.contains("\\-\\-quiet"), "validate's page has its options");
    // Rendered by man(1) where it is installed (else the roff headers above are the check).
    if Command::new("man").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let shown = Command::new("man")
            .args(["-l", "-P", "cat"])
            .arg(dir.join("wcodm-validate.1"))
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
        assert!(text.contains("SYNOPSIS") && text.contains("--format"), "{text}");
    } else {
        eprintln!("note: man not installed; the roff headers were checked");
    }
    // A folder that cannot be made: one message naming it, exit 2.
    let out = wcodm_in(root(), &["man", "--out", "/proc/wcodm-man"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/proc/wcodm-man"));
}
