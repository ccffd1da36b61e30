//! The defects a new user met in the first hour (issue 20), each run for real through the
//! `wcodm` binary or the library: every test here failed before its fix.

mod common;

use common::Scratch;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use wcodm::{Code, RuleSets};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wcodm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run wcodm")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const VALID: &str = "examples/3.6/import-3-items.xml";

/// The NDJSON records of a run (the summary last).
fn records(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Defect 1: threads beyond the inputs are never started. With the address space capped at
/// 1 GiB, 10,000 threads' stacks (2 MiB each) cannot even be reserved: the run only passes if
/// the batch of one file starts no thread beyond it. (Before the fix it panicked, and its other
/// threads polled for a check that never came: `timeout` ends such a run.)
#[test]
fn jobs_beyond_the_inputs_start_no_threads() {
    let out = Command::new("sh")
        .args([
            "-c",
            "ulimit -v 1048576 && exec timeout 60 \"$0\" validate --jobs 10000 \"$1\"",
            env!("CARGO_BIN_EXE_wcodm"),
            VALID,
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).starts_with("valid   examples/3.6/import-3-items.xml (3.6)\n"), "{}", stdout(&out));
}

/// Defects 2 and 5: a rule pack that cannot be compiled, or read, is one message naming the
/// rule pack, exit 2, and no record, with the built-in rule sets, a schema, or standard input.
#[test]
fn a_bad_rule_pack_is_one_message_and_exit_2() {
    let s = Scratch::new("packs");
    let rule = r#"{"id": "X-1", "severity": "error", "message": "m", "scope": "Declaration",
        "check": {"kind": "presence", "field": "FunctionCode", "mode": "required"}, "wco_ids": [], "source": "test"}"#;
    let dup = s.pack("dup", &[rule, rule]);
    let clash = s.pack("clash", &[&rule.replace("X-1", "WCO-R004")]);
    let nope = s.0.join("nope.json").to_string_lossy().into_owned();
    let schema = "fuzz/schema/customs.xsd";
    // The pack is named by its file, the rule by its id.
    let dup_says = format!("rule pack {dup}: rule X-1: defined twice");
    let clash_says = format!("rule pack {clash}: rule WCO-R004: already defined by pack wco-3.6-core");
    let cases: [(&[&str], &str); 6] = [
        (&["--rules", &dup, VALID, "examples/3.7/import-2-items.xml"], &dup_says),
        (&["--rules", &dup, "-"], &dup_says),
        (&["--rules", &dup, "--schema", schema, VALID], &dup_says),
        (&["--rules", &clash, VALID], &clash_says),
        (&["--rules", &nope, VALID], "cannot read rule pack"),
        (&["--rules", &nope, "--schema", schema, VALID], "cannot read rule pack"),
    ];
    for (args, says) in cases {
        let out = wcodm(&[&["validate"], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("wcodm: ") && err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("schema file"), "{args:?}: {err}");
    }
}

/// Defect 3: in auto mode an input that is empty, not XML, or not a WCO message says so,
/// not that it claims no version.
#[test]
fn auto_mode_says_what_an_input_is_not() {
    let s = Scratch::new("auto");
    let cases = [
        (s.file("empty.xml", ""), Code::XmlSyntax, "the input is empty", (1, 1)),
        (s.file("blank.xml", "\u{feff}  \n"), Code::XmlSyntax, "the input is empty", (1, 1)),
        (s.file("binary.xml", b"\x00\x01\xff\xfe binary"), Code::XmlSyntax, "the input is not XML", (1, 1)),
        (s.file("text.xml", "\nhello <a/>"), Code::XmlSyntax, "the input is not XML", (2, 1)),
        (
            s.file("foo.xml", "<?xml version=\"1.0\"?>\n<foo/>"),
            Code::UnknownRoot,
            "the root element foo is not a WCO",
            (2, 1),
        ),
        (
            s.file("ns.xml", "<x:Invoice xmlns:x=\"urn:other\"/>"),
            Code::UnknownRoot,
            "the root element x:Invoice is not a WCO",
            (1, 1),
        ),
        (
            s.file("plain.xml", "<Declaration/>"),
            Code::UnknownVersion,
            "the message is a Declaration without the md:MetaData envelope, so the WCO Data Model version it follows cannot be read; choose a version explicitly (`--version 3.6` on the command line",
            (1, 1),
        ),
        (
            s.file(
                "no-code.xml",
                "<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\">\n  <Declaration/></md:MetaData>",
            ),
            Code::UnknownVersion,
            "the message has no WCODataModelVersionCode in its MetaData envelope; choose a version explicitly",
            (2, 3),
        ),
    ];
    let sets = RuleSets::new();
    for (file, code, says, (line, column)) in &cases {
        let outcome = sets.validate(&std::fs::read(file).unwrap(), wcodm::Choice::Auto);
        assert_eq!(outcome.version, None);
        let d = &outcome.report.diagnostics[0];
        assert_eq!((d.code, d.line, d.column), (*code, *line, *column), "{file}: {d:?}");
        assert!(d.message.contains(says), "{file}: {}", d.message);
    }
    // The same through the CLI, empty standard input included.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(["validate", "--format", "ndjson", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(records(&out)[0]["diagnostics"][0]["message"], "the input is empty: there is no message to validate");
    let out = wcodm(&["validate", "--format", "ndjson", &cases[4].0]);
    assert_eq!(records(&out)[0]["diagnostics"][0]["code"], "unknown-root");
}

/// An input that starts as XML but is cut short or broken before its version could be read
/// is not well-formed, said as a fixed version's validator says it, at the same place (it was
/// "the input is not XML" before the root element, and "no WCODataModelVersionCode" inside
/// the envelope).
#[test]
fn auto_mode_says_a_broken_input_is_not_well_formed() {
    let envelope = r#"<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2">"#;
    let cases = [
        ("<a".to_string(), "not well-formed: syntax error: tag not closed: `>` not found before end of input"),
        ("<?xml version=\"1.0\"?>\n<!-- no root -->".to_string(), "not well-formed: the document has no root element"),
        (
            format!("{envelope}\n<md:WCODataModel"),
            "not well-formed: syntax error: tag not closed: `>` not found before end of input",
        ),
    ];
    let sets = RuleSets::new();
    let fixed = wcodm::Version::V3_6.validator().unwrap();
    for (xml, says) in &cases {
        let outcome = sets.validate(xml.as_bytes(), wcodm::Choice::Auto);
        assert_eq!(outcome.version, None);
        let d = &outcome.report.diagnostics[0];
        assert_eq!((d.code, d.message.as_str()), (Code::XmlSyntax, *says), "{xml}");
        let f = &fixed.validate(xml.as_bytes()).diagnostics[0];
        assert_eq!((d.message.as_str(), d.line, d.column), (f.message.as_str(), f.line, f.column), "{xml}");
        let streamed = sets.validate_reader(xml.as_bytes(), wcodm::Choice::Auto);
        assert_eq!(streamed.report.diagnostics[0].message, d.message);
    }
}

/// The source line under a diagnostic is the one it names, whatever ends the lines (CR alone
/// counted as one line end, as positions count it), and a blank one (an empty input's) is not
/// shown as an empty `1 | `.
#[test]
fn the_source_line_shown_is_the_diagnostics_own() {
    let s = Scratch::new("source-line");
    let text = std::fs::read_to_string(root().join("examples/3.6/invalid-letters-in-gross-mass.xml")).unwrap();
    let lf = wcodm(&["validate", "examples/3.6/invalid-letters-in-gross-mass.xml"]);
    let shown =
        |o: &Output| -> Vec<String> { stdout(o).lines().filter(|l| l.contains(" | ")).map(str::to_string).collect() };
    assert_eq!(shown(&lf).len(), 1, "{}", stdout(&lf));
    let cr = wcodm(&["validate", &s.file("cr.xml", text.replace('\n', "\r"))]);
    assert_eq!(shown(&cr), shown(&lf), "{}", stdout(&cr));
    let crlf = wcodm(&["validate", &s.file("crlf.xml", text.replace('\n', "\r\n"))]);
    assert_eq!(shown(&crlf), shown(&lf));
    for empty in ["", "\n\n", "\u{feff}", "\u{feff}\n"] {
        let o = wcodm(&["validate", &s.file("empty.xml", empty)]);
        assert!(stdout(&o).contains("error[xml-syntax]: the input is empty"), "{}", stdout(&o));
        assert_eq!(shown(&o), Vec::<String>::new(), "{}", stdout(&o));
    }
}

/// A named pipe in a folder is not read (the batch waited forever for a writer): it gets an
/// unreadable verdict naming it; one given by name is read, as a file is.
#[test]
fn a_named_pipe_in_a_folder_is_not_waited_for() {
    let s = Scratch::new("fifo");
    s.file("a.xml", std::fs::read(root().join(VALID)).unwrap());
    let pipe = s.0.join("p.xml");
    assert!(Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_wcodm"))
        .args(["validate", "--format", "ndjson"])
        .arg(&s.0)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // A guard against the hang itself, not a timing: the run takes milliseconds.
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap();
        panic!("wcodm waited for the named pipe");
    }
    let out = child.wait_with_output().unwrap();
    let r = records(&out);
    assert_eq!((r[0]["valid"].as_bool(), r[1]["unreadable"].as_bool()), (Some(true), Some(true)), "{r:?}");
    let message = r[1]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "p.xml: not read: it is a named pipe, socket or device, not a file (give it by name to read it)"
        ),
        "{message}"
    );
}

/// Defect 4: the warnings of a valid file are shown in human output (the summary counts them).
#[test]
fn warnings_on_valid_files_are_shown() {
    let s = Scratch::new("warnings");
    // WCO-R015 (a warning): an agent given only by its status, no name or ID.
    let text = std::fs::read_to_string(root().join(VALID)).unwrap();
    let warned = text.replacen("<Declarant>", "<Agent><FunctionCode>2</FunctionCode></Agent><Declarant>", 1);
    let file = s.file("warned.xml", warned);
    let json = wcodm(&["validate", "--format", "ndjson", &file]);
    let record = &records(&json)[0];
    assert_eq!(record["valid"], true, "{record}");
    let warnings: Vec<&serde_json::Value> = record["diagnostics"].as_array().unwrap().iter().collect();
    assert!(!warnings.is_empty() && warnings.iter().all(|d| d["severity"] == "warning"), "{record}");
    let human = stdout(&wcodm(&["validate", &file]));
    let first = human.lines().next().unwrap();
    assert_eq!(
        first,
        format!("valid   {file} (3.6): {} warning{}", warnings.len(), if warnings.len() == 1 { "" } else { "s" })
    );
    for d in warnings {
        let line = format!(
            "{file}:{}:{}: warning[{}{}]: {}",
            d["line"],
            d["column"],
            d["rule"].as_str().unwrap(),
            d["national_code"].as_str().map(|n| format!(" / {n}")).unwrap_or_default(),
            d["message"].as_str().unwrap()
        );
        assert!(human.contains(&line), "{line} not in\n{human}");
    }
}

/// Defect 6: `--as` takes a fixed version, and says so.
#[test]
fn as_needs_a_fixed_version() {
    let out = wcodm(&["validate", "--as", "auto", VALID]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--as needs a fixed version (3.6, 3.7, 4.0-draft), not 'auto'"), "{}", stderr(&out));
    let out = wcodm(&["validate", "--version", "9.9", VALID]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "wcodm: unknown version '9.9'; supported: auto, 3.6, 3.7, 4.0-draft\n");
}

/// Defect 7: a symbolic link back up the tree is not followed round: each folder is walked once.
#[cfg(unix)]
#[test]
fn symlink_loops_visit_each_folder_once() {
    let s = Scratch::new("loop");
    std::fs::create_dir_all(s.0.join("sub")).unwrap();
    std::fs::copy(root().join(VALID), s.0.join("sub/a.xml")).unwrap();
    std::os::unix::fs::symlink(".", s.0.join("sub/self")).unwrap();
    std::os::unix::fs::symlink("..", s.0.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("sub", s.0.join("again")).unwrap();
    // Before the fix the walk went round the loop until memory ran out: `timeout` ends it.
    let out = Command::new("timeout")
        .args(["60", env!("CARGO_BIN_EXE_wcodm"), "validate", "--format", "ndjson", s.0.to_str().unwrap()])
        .output()
        .unwrap();
    let r = records(&out);
    assert_eq!(r.len(), 2, "{}", stdout(&out));
    assert_eq!(r[1]["files"], 1);
    assert_eq!(out.status.code(), Some(0));
}

/// Defect 8: a missing file is `unreadable` everywhere, and has no position.
#[test]
fn a_missing_file_is_unreadable_with_no_position() {
    let out = wcodm(&["validate", "--format", "ndjson", "no-such-file.xml"]);
    let r = records(&out);
    let d = &r[0]["diagnostics"][0];
    assert_eq!(
        (&d["code"], &d["line"], &d["column"]),
        (&"io".into(), &serde_json::Value::Null, &serde_json::Value::Null)
    );
    assert_eq!(r[1]["unreadable"], 1);
    let human = stdout(&wcodm(&["validate", "no-such-file.xml"]));
    let mut lines = human.lines();
    assert_eq!(lines.next(), Some("unreadable no-such-file.xml"));
    assert!(
        lines.next().unwrap().starts_with("no-such-file.xml: error[io]: cannot read no-such-file.xml: "),
        "{human}"
    );
    assert!(human.contains("\n1 file: 0 valid, 0 invalid, 1 unreadable\n"), "{human}");
}

/// Defect 9: `schema export` names the path it could not write; an existing file given as the
/// `--out` folder is called that (it was "cannot create the folder X: File exists"), for
/// `man --out` too.
#[test]
fn schema_export_names_the_path_it_cannot_write() {
    let s = Scratch::new("export");
    let file = s.file("a-file", "x");
    for args in [&["schema", "export", "--version", "3.6"][..], &["man"]] {
        let out = wcodm(&[args, &["--out", &file]].concat());
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out),
            format!(
                "wcodm: --out {file} is not a folder: it names an existing file, and the files are written into a folder\n"
            )
        );
    }
    let under = format!("{file}/sub");
    let out = wcodm(&["schema", "export", "--version", "3.6", "--out", &under]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&under), "{}", stderr(&out));
}

/// Defect 10: an unknown version is reported at the version element, not at 1:1.
#[test]
fn an_unknown_version_is_reported_where_it_is_claimed() {
    let text = std::fs::read_to_string(root().join(VALID)).unwrap();
    let claimed = text.replacen(">3.6<", ">3.9<", 1);
    assert_ne!(claimed, text);
    let wcodm::Outcome { version, report, .. } = RuleSets::new().validate(claimed.as_bytes(), wcodm::Choice::Auto);
    assert_eq!(version, None);
    let d = &report.diagnostics[0];
    let line = 1 + text[..text.find("<md:WCODataModelVersionCode>").unwrap()].matches('\n').count() as u32;
    assert_eq!((d.code, d.line), (Code::UnknownVersion, line), "{d:?}");
    assert!(d.message.contains("'3.9'"));
}

/// Defect 14: CR LF, CR and LF each end one line, for text outside the root element (after and
/// before it), for errors inside it, in memory and streamed. xmllint counts CR LF and LF so
/// (a lone CR it does not count, where XML and editors end a line).
#[test]
fn cr_lf_ends_one_line() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:decimal" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element></xs:schema>"#;
    let v = wcodm::Validator::from_xsd_files("r.xsd", [("r.xsd".into(), xsd.into())]).unwrap();
    for eol in ["\n", "\r\n", "\r"] {
        let cases = [
            (format!("<r><a>1</a></r>{eol}junk"), 2, 1),
            (format!("<r><a>1</a></r>{eol}{eol}  junk"), 3, 3),
            (format!("junk{eol}<r><a>1</a></r>"), 1, 1),
            (format!("<?xml version=\"1.0\"?>{eol}{eol}junk<r/>"), 3, 1),
            (format!("<r>{eol}<a>1</a>{eol}  <a>x</a></r>"), 3, 3),
            (format!("<r>{eol}<a>1</a>{eol}{eol}<a>2</a>  <a>{eol}x</a></r>"), 4, 11),
        ];
        for (xml, line, column) in cases {
            for report in [v.validate(xml.as_bytes()), v.validate_reader(xml.as_bytes())] {
                let d = &report.diagnostics[0];
                assert_eq!((d.line, d.column), (line, column), "{xml:?}: {d:?}");
            }
        }
    }
}

/// The small ones: `versions diff` names the unknown version, `--max-errors 0` is no cap,
/// "1 file", an empty folder says it holds no XML, a `--schema` path is named once.
#[test]
fn small_ones() {
    let out = wcodm(&["versions", "diff", "3.6", "9.9"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "wcodm: unknown version '9.9'; supported: 3.6, 3.7, 4.0-draft\n");
    // One version against itself says so (it printed nothing).
    let out = wcodm(&["versions", "diff", "3.7", "3.7"]);
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), "3.7 and 3.7 are the same version: no changes\n".into()));
    // A step without changes says so (it printed its heading alone).
    let out = wcodm(&["versions", "diff", "3.6", "3.7"]);
    assert_eq!(
        (out.status.code(), stdout(&out)),
        (Some(0), "3.6 -> 3.7:\n  no changes: 3.7 validates messages as 3.6 does\n".into())
    );

    // 150 errors: the default cap keeps 100, 0 keeps them all, 1 keeps 1.
    let s = Scratch::new("small");
    let items = "<a>x</a>".repeat(150);
    let xsd = s.file("r.xsd", r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:decimal" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element></xs:schema>"#);
    let many = s.file("many.xml", format!("<r>{items}</r>"));
    for (cap, kept) in [(None, 100), (Some("0"), 150), (Some("1"), 1)] {
        let mut args = vec!["validate", "--format", "ndjson", "--schema", &xsd, &many];
        if let Some(cap) = cap {
            args.extend(["--max-errors", cap]);
        }
        let r = records(&wcodm(&args));
        assert_eq!(r[0]["diagnostics"].as_array().unwrap().len(), kept, "--max-errors {cap:?}");
        assert_eq!(r[0]["truncated"], kept < 150);
    }

    // One file: "1 file"; the schema named once, in the summary.
    let human = stdout(&wcodm(&["validate", "--schema", &xsd, &many, "--max-errors", "1"]));
    assert!(human.starts_with(&format!("invalid {many}: 1 error\n")), "{human}");
    assert!(human.contains(&format!("\n1 file: 0 valid, 1 invalid, 0 unreadable (schema {xsd})\n")), "{human}");
    assert_eq!(human.matches(&xsd).count(), 1, "{human}");

    let empty = s.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = wcodm(&["validate", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), format!("wcodm: the folder {} holds no .xml files\n", empty.display()));
}

/// From a new user's trial on a fresh clone: `--files-from` with a list that cannot be read
/// names the list ("wcodm: No such file or directory (os error 2)" before).
#[test]
fn an_unreadable_files_from_list_is_named() {
    let o = wcodm(&["validate", "--files-from", "/nonexistent/list.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "wcodm: cannot read the --files-from list /nonexistent/list.txt: No such file or directory (os error 2)\n"
    );
    let o = wcodm(&["validate", "--files-from", "examples"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("wcodm: cannot read the --files-from list examples: "), "{}", stderr(&o));
}

/// A UTF-16 message in auto mode is said to be UTF-16, as with a fixed version (it was "the
/// input is not XML").
#[test]
fn utf16_in_auto_mode_is_an_encoding_error() {
    let text = std::fs::read_to_string(root().join(VALID)).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let outcome = RuleSets::new().validate(&utf16, wcodm::Choice::Auto);
    let d = &outcome.report.diagnostics[0];
    assert_eq!(
        (d.code, d.message.as_str()),
        (Code::XmlEncoding, "input is UTF-16; wcodm reads UTF-8 only: convert the file to UTF-8")
    );
    let fixed = wcodm::Version::V3_6.validator().unwrap().validate(&utf16);
    assert_eq!(fixed.diagnostics[0].message, d.message);
    let scratch = Scratch::new("utf16");
    let o = wcodm(&["validate", &scratch.file("m.xml", &utf16)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[xml-encoding]: input is UTF-16;"), "{}", stdout(&o));
}

/// An ICS1 message given to the built-in WCO sets is not one of theirs, and the message says
/// which built-in profile serves it and with what (it said only "not a WCO Data Model message").
#[test]
fn a_message_a_built_in_profile_serves_is_pointed_to_it() {
    let xml = b"<ie:CC315A xmlns:ie=\"http://ics.dgtaxud.ec/CC315A\"><HEAHEA/></ie:CC315A>";
    let d = &RuleSets::new().validate(xml, wcodm::Choice::Auto).report.diagnostics[0];
    assert_eq!(d.code, Code::UnknownRoot);
    assert!(
        d.message.ends_with(
            " (CC315A messages are served by the built-in profile uk-ics1: validate them with their schema, e.g. CC315A-v11-2.xsd, and that profile)"
        ),
        "{}",
        d.message
    );
    // Other roots get no such note.
    let d = &RuleSets::new().validate(b"<foo/>", wcodm::Choice::Auto).report.diagnostics[0];
    assert!(d.message.ends_with("in a namespace starting urn:wco:datamodel:WCO:"), "{}", d.message);
}

/// An unknown root element is told the roots the rule set accepts (its global elements, the
/// first eight by name), or the namespace it declares that name in.
#[test]
fn an_unknown_root_is_told_the_roots_the_schema_accepts() {
    let s = Scratch::new("roots");
    let xs = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x" xmlns="urn:x" elementFormDefault="qualified">"#;
    let globals: String =
        (b'A'..=b'J').map(|c| format!("<xs:element name=\"{}\" type=\"xs:string\"/>", c as char)).collect();
    let one = s.file("one.xsd", format!("{xs}<xs:element name=\"CC315A\" type=\"xs:string\"/></xs:schema>"));
    let many = s.file("many.xsd", format!("{xs}{globals}</xs:schema>"));
    let message = |args: &[&str]| {
        let o = wcodm(&[&["validate", "--format", "ndjson"], args].concat());
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        records(&o)[0]["diagnostics"][0]["message"].as_str().unwrap().to_string()
    };
    let unknown = "md:MetaData has no global declaration in the rule set, so it cannot be the root element";
    assert_eq!(message(&["--schema", &one, VALID]), format!("{unknown}; the root element it accepts is CC315A"));
    assert_eq!(
        message(&["--schema", &many, VALID]),
        format!("{unknown}; the root elements it accepts are A, B, C, D, E, F, G, H and 2 more")
    );
    let other = s.file("other.xml", "<x:B xmlns:x=\"urn:y\">t</x:B>");
    assert_eq!(
        message(&["--schema", &many, &other]),
        "x:B has no global declaration in the rule set, so it cannot be the root element; the rule set declares B in the namespace urn:x"
    );
    let foo = s.file("foo.xml", "<foo/>");
    assert!(
        message(&["--version", "3.6", &foo]).ends_with("; the root elements it accepts are Declaration, MetaData"),
        "built-in"
    );
}

/// A `--schema` file that is not an XSD says so, and what it is instead, with exit 2 (it was
/// "no root element" for JSON, an empty file and /dev/null alike).
#[test]
fn a_schema_that_is_not_an_xsd_says_what_it_is() {
    let s = Scratch::new("not-xsd");
    let cases = [
        (s.file("bad.json", "{\"a\": 1}"), "it is not XML"),
        ("/dev/null".to_string(), "the file is empty"),
        (s.file("blank.xsd", "\u{feff}\n  \n"), "the file is empty"),
        (s.file("comment.xsd", "<?xml version=\"1.0\"?><!-- nothing -->"), "XML without a root element"),
        (s.file("foo.xsd", "<foo/>"), "XML whose root element is foo in no namespace, not xs:schema"),
        (s.file("binary.xsd", b"\xff\xfe\x00<"), "not UTF-8 text"),
    ];
    for (file, what) in &cases {
        let o = wcodm(&["validate", "--schema", file, VALID]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert_eq!(
            stderr(&o),
            format!(
                "wcodm: schema {file}: not an XSD schema ({what}); an XSD schema is an XML document whose root element is xs:schema\n"
            )
        );
        assert!(stdout(&o).is_empty(), "{file}");
    }
}

/// A `limit-depth` path shows its first and last six steps and its depth, in the record and in
/// the summary (it was 256 steps long in both); a path of ordinary depth is whole.
#[test]
fn a_deep_path_is_shortened_readably() {
    let s = Scratch::new("deep");
    let deep = s.file("deep.xml", "<a>".repeat(300));
    let o = wcodm(&["validate", "--version", "3.6", "--locations", "--format", "ndjson", &deep]);
    let r = records(&o);
    let d = &r[0]["diagnostics"];
    assert_eq!((d[0]["code"].as_str(), d[0]["path"].as_str()), (Some("unknown-root"), Some("/a")));
    let short = "/a/a/a/a/a/a/…/a/a/a/a/a/a (256 levels)";
    assert_eq!((d[1]["code"].as_str(), d[1]["path"].as_str()), (Some("limit-depth"), Some(short)));
    let location = format!("{} (256 levels)", ["/a[1]"; 6].concat() + "/…" + &["/a[1]"; 6].concat());
    assert_eq!(d[1]["location"], location.as_str());
    assert_eq!(r[1]["top"][0]["fields"][0][0], short);
    let human = stdout(&wcodm(&["validate", "--version", "3.6", &deep]));
    assert!(human.contains(&format!("  --> {short}\n")), "{human}");
    assert!(human.lines().all(|l| l.len() < 400), "{human}");
}

/// An empty folder beside paths that give files is a warning naming it (it was silent); the
/// other verdicts and the exit code are theirs. A folder given twice is walked once and not
/// called empty; `-qq` prints nothing.
#[test]
fn an_empty_folder_among_other_paths_is_named() {
    let s = Scratch::new("empty-among");
    let empty = s.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let empty = empty.to_str().unwrap();
    let full = s.0.join("full");
    std::fs::create_dir_all(&full).unwrap();
    std::fs::copy(root().join(VALID), full.join("a.xml")).unwrap();
    let full = full.to_str().unwrap();
    let warning = format!("wcodm: warning: the folder {empty} holds no .xml files\n");
    let o = wcodm(&["validate", empty, VALID]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(0), warning.clone()));
    assert!(stdout(&o).starts_with(&format!("valid   {VALID} (3.6)\n1 file: 1 valid")), "{}", stdout(&o));
    let o =
        wcodm(&["validate", "--format", "ndjson", full, empty, full, "examples/3.6/invalid-description-too-long.xml"]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(1), warning));
    assert_eq!(records(&o).len(), 3, "two files and the summary");
    let o = wcodm(&["validate", "-qq", empty, VALID]);
    assert_eq!((o.status.code(), stderr(&o), stdout(&o)), (Some(0), String::new(), String::new()));
    let o = wcodm(&["validate", empty, empty]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(2), format!("wcodm: the folder {empty} holds no .xml files\n")));
}

/// A root start tag longer than the 64 KiB looked at for the version is read on, not called
/// not well-formed (it was "attribute value not closed"); the same tag cut short still is.
#[test]
fn a_root_tag_longer_than_the_sniffed_head_is_read_on() {
    let attributes: String = (0..8000).map(|i| format!(" a{i}=\"x\"")).collect();
    let xml = format!(r#"<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"{attributes}/>"#);
    assert!(xml.len() > 70_000);
    let sets = RuleSets::new();
    for outcome in
        [sets.validate(xml.as_bytes(), wcodm::Choice::Auto), sets.validate_reader(xml.as_bytes(), wcodm::Choice::Auto)]
    {
        let d = &outcome.report.diagnostics[0];
        assert_eq!(d.code, Code::UnknownVersion, "{d:?}");
        assert!(d.message.starts_with("the message has no WCODataModelVersionCode in its MetaData envelope"), "{d:?}");
    }
    let cut = &xml.as_bytes()[..70_000];
    let d = &sets.validate(cut, wcodm::Choice::Auto).report.diagnostics[0];
    assert_eq!(
        (d.code, d.message.as_str()),
        (Code::XmlSyntax, "not well-formed: syntax error: tag not closed: `>` not found before end of input")
    );
}

/// Standard input named twice (`- -`, or `-` beside `--files-from -`) is refused: the second
/// reader got nothing and was called an empty message.
#[test]
fn standard_input_is_read_once() {
    let once = "wcodm: standard input can be read only once: give `-` once, as an input or as the --files-from list\n";
    for args in [&["validate", "-", "-"][..], &["validate", "--files-from", "-", "-"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wcodm"))
            .args(args)
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdin.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!((o.status.code(), stderr(&o), stdout(&o)), (Some(2), once.to_string(), String::new()), "{args:?}");
    }
}

/// `explain` of a built-in profile's rule without `--profile` names the profile to give (it was
/// "no rule"); an id found nowhere is still "no rule".
#[test]
fn explain_names_the_profile_a_rule_is_in() {
    let o = wcodm(&["explain", "H1-DE1/1-Y"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "wcodm: no rule 'H1-DE1/1-Y' in the built-in packs; it is a rule of the profile uk-cds: wcodm explain --profile uk-cds H1-DE1/1-Y\n"
    );
    assert!(stdout(&wcodm(&["explain", "--profile", "uk-cds", "H1-DE1/1-Y"])).starts_with("H1-DE1/1-Y (error)"));
    let o = wcodm(&["explain", "NOPE-1"]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(2), "wcodm: no rule 'NOPE-1' (see `wcodm rules`)\n".to_string()));
}

/// A schema file an xs:include or xs:import names that cannot be read is told with the
/// schema and line that name it (it was the missing file's name alone).
#[test]
fn a_missing_included_schema_names_who_includes_it() {
    let s = Scratch::new("include");
    let root = s.file(
        "root.xsd",
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:include schemaLocation=\"part.xsd\"/>\n</xs:schema>",
    );
    let part = s.0.join("part.xsd");
    let o = wcodm(&["validate", "--schema", &root, VALID]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "wcodm: cannot read schema file {}: No such file or directory (os error 2) (xs:include on line 2 of {root})\n",
            part.display()
        )
    );
}

/// A file name holding a line end (legal on Unix) split its human verdict line in two: the
/// name is shown escaped, so each line of the file's report still starts with it.
#[test]
fn a_line_end_in_a_file_name_is_shown_escaped() {
    let scratch = Scratch::new("newline-name");
    let text = std::fs::read(root().join("examples/3.6/invalid-letters-in-gross-mass.xml")).unwrap();
    scratch.file("a\nb.xml", text);
    let dir = scratch.0.to_string_lossy().into_owned();
    let human = stdout(&wcodm(&["validate", &dir]));
    let name = format!("{dir}/a\\nb.xml");
    let mut lines = human.lines();
    assert_eq!(lines.next(), Some(format!("invalid {name} (3.6): 1 error").as_str()), "{human}");
    assert!(lines.next().unwrap().starts_with(&format!("{name}:")), "{human}");
    assert!(!human.contains("a\nb.xml"), "{human}");
}

/// An endless stream that is not XML (`/dev/zero`, `yes`) is refused at its first byte, with or
/// without a fixed version, as a short file of the same bytes is; with a fixed version it was
/// read up to the 16 MiB token limit and called too large.
#[cfg(unix)]
#[test]
fn an_endless_stream_that_is_not_xml_is_refused_at_once() {
    let zero = "not well-formed: character U+0000 is not allowed in XML";
    let yes = "not well-formed: text outside the root element";
    let not_xml =
        "the input is not XML: a WCO Data Model message starts with its root element (MetaData or Declaration)";
    for (command, message) in [
        ("\"$0\" validate --format ndjson --version 3.6 /dev/zero", zero),
        ("\"$0\" validate --format ndjson /dev/zero", not_xml),
        ("yes | \"$0\" validate --format ndjson --version 3.6 -", yes),
        ("yes | \"$0\" validate --format ndjson -", not_xml),
    ] {
        let out = Command::new("sh")
            .args(["-c", &format!("ulimit -v 1048576 && {command}"), env!("CARGO_BIN_EXE_wcodm")])
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let first = &records(&out)[0]["diagnostics"][0];
        assert_eq!(
            (first["code"].as_str(), first["message"].as_str(), &first["line"], &first["column"]),
            (Some("xml-syntax"), Some(message), &serde_json::json!(1), &serde_json::json!(1)),
            "{command}"
        );
    }
}

/// `validate -` with standard input on a terminal says what it waits for and how to end it,
/// once, on stderr; from a pipe it says nothing. (`script` gives wcodm a terminal; Ctrl-D, typed
/// as byte 4, ends the input there.)
#[cfg(target_os = "linux")]
#[test]
fn standard_input_on_a_terminal_gets_a_hint() {
    let hint = "wcodm: reading a message from standard input (end with Ctrl-D)";
    let bin = env!("CARGO_BIN_EXE_wcodm");
    let on_terminal = |args: &str| {
        let mut child = Command::new("timeout")
            .args(["60", "script", "-qec", &format!("'{bin}' {args}"), "/dev/null"])
            .current_dir(root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run script (util-linux)");
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(b"<a/>\n\x04").unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args}: {}", stdout(&out));
        stdout(&out)
    };
    let seen = on_terminal("validate --version 3.6 -");
    assert_eq!(seen.matches(hint).count(), 1, "{seen}");
    assert!(seen.contains("invalid - (3.6): 1 error"), "{seen}");
    let listed = on_terminal("validate --files-from -");
    assert!(
        listed.contains(
            "wcodm: reading the list of files to validate, one a line, from standard input (end with Ctrl-D)"
        ),
        "{listed}"
    );
    // From a pipe, and with -qq on a terminal: no hint.
    assert!(!on_terminal("validate -qq -").contains("wcodm: reading"));
    let mut piped = Command::new(bin)
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(piped.stdin.take());
    let out = piped.wait_with_output().unwrap();
    assert_eq!(stderr(&out), "");
}
