//! `wcodm report` for real: the page of the UK corpus opened in headless Chromium (its DOM
//! after the page's script ran, the requests the page made, a screenshot kept as
//! `target/report-screenshot.png`), masking, and the command's errors.
//!
//! The browser tests need Debian's `chromium` (installed by `.ci/setup`); without it they are
//! skipped with a note, except in CI (`CI=true`), where a missing browser fails them.

mod common;

use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of this test's own under the target folder.
fn work(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn wcodm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wcodm")).args(args).current_dir(root()).output().expect("run wcodm")
}

/// The UK corpus's arguments: its schema, the built-in 3.6 rules and the example UK pack.
fn uk_args(corpus: &Path) -> Vec<String> {
    vec![
        "--schema".into(),
        corpus.join("schemas/customs/wrapper_submit.xsd").display().to_string(),
        "--rules".into(),
        "schemas/wco-3.6/rules.json".into(),
        "--rules".into(),
        "examples/packs/uk-cds.json".into(),
        corpus.join("declarations").display().to_string(),
    ]
}

fn run(args: &[&str], extra: &[String]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(extra.iter().map(String::as_str));
    wcodm(&all)
}

/// Debian's Chromium, or None (with a note) outside CI.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is not installed: .ci/setup installs Debian's chromium package");
        }
        eprintln!("skipped: chromium not found (apt-get install chromium; CI fails without it)");
    }
    found
}

/// Run headless Chromium on a page with `extra` flags; its network log goes to `netlog`. No
/// name is resolved (`MAP * ~NOTFOUND`): a request the page made is still logged, and fails.
fn browse(browser: &Path, page: &Path, netlog: &Path, extra: &[&str]) -> Output {
    let profile = netlog.with_extension("profile");
    let _ = std::fs::remove_dir_all(&profile);
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(extra)
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Read the output while waiting, so a large DOM cannot fill the pipe.
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("chromium took more than 180 s on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = reader.join().unwrap().into_bytes();
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap_or_default().into_bytes();
    let _ = std::fs::remove_dir_all(&profile);
    Output { status, stdout, stderr }
}

/// The URLs the page itself asked for, from Chromium's network log: requests with a page as
/// initiator (the browser's own background requests have none).
fn page_requests(netlog: &Path) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(netlog).expect("chromium wrote a network log")).unwrap();
    let start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64().expect("event type");
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start))
        .filter(|e| e["params"]["initiator"].as_str().is_some_and(|i| i != "not an origin"))
        .map(|e| e["params"]["url"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

#[test]
fn the_uk_corpus_report_in_a_browser() {
    let Some(corpus) = common::uk_corpus() else { return };
    let Some(browser) = chromium() else { return };
    let dir = work("uk");
    let page = dir.join("report.html");
    let args = uk_args(&corpus);

    // What the NDJSON says.
    let out = run(&["validate", "--format", "ndjson"], &args);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let records: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (summary, files) = records.split_last().unwrap();
    assert_eq!(summary["summary"], true);
    assert!(summary["invalid"].as_u64().unwrap() > 0, "the corpus has invalid files to list");

    let out = run(&["report", "-o", page.to_str().unwrap()], &args);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    // Nothing on the page points elsewhere: links are within the page, nothing is loaded.
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    for href in Regex::new(r#"href="([^"]*)""#).unwrap().captures_iter(&html) {
        assert!(href[1].starts_with('#'), "a link out of the page: {}", &href[1]);
    }
    for reference in [" src=", "url(", "@import", "srcset", " action="] {
        assert!(!html.contains(reference), "the page holds {reference}");
    }

    // The page in the browser: its DOM after the script ran.
    let netlog = dir.join("netlog.json");
    let out = browse(&browser, &page, &netlog, &["--dump-dom"]);
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(dom.contains("<html lang=\"en\" class=\"js\">"), "the page's script did not run");
    assert!(dom.contains("<th scope=\"col\" data-sort=\"num\"><button type=\"button\">Errors</button><span class=\"print-label\">Errors</span></th>"));
    let requests = page_requests(&netlog);
    assert!(requests.is_empty(), "the page made requests: {requests:?}");

    // Totals as the NDJSON summary gives them.
    for key in ["files", "valid", "invalid", "unreadable"] {
        let shown = Regex::new(&format!(r#"<td data-total="{key}">([\d,]+)</td>"#)).unwrap();
        let shown = shown.captures(&dom).unwrap_or_else(|| panic!("no total {key}"))[1].replace(',', "");
        let shown: u64 = shown.parse().unwrap();
        assert_eq!(shown, summary[key].as_u64().unwrap(), "total {key}");
    }
    // The most frequent problem, as the summary names it.
    let first = Regex::new(r#"<table class="problems">[\s\S]*?<tbody>\s*<tr><th scope="row">([^<]+)</th><td>.*?</td><td class="n">([\d,]+)</td>"#).unwrap();
    let first = first.captures(&dom).expect("a problems table");
    assert_eq!(&first[1], summary["top"][0]["problem"].as_str().unwrap());
    assert_eq!(first[2].replace(',', "").parse::<u64>().unwrap(), summary["top"][0]["count"].as_u64().unwrap());

    // Every file listed once with its verdict; every invalid one with its diagnostics.
    let folder = Regex::new(r#"<code id="folder">([^<]*)</code>"#).unwrap();
    let folder = unescape(&folder.captures(&dom).expect("the shared folder")[1]);
    let row = Regex::new(
        r##"<tr><th scope="row">(?:<a href="#(f\d+)">)?([^<]*)(?:</a>)?</th><td class="(valid|invalid|unreadable)">"##,
    )
    .unwrap();
    let mut listed = BTreeMap::new();
    for c in row.captures_iter(&dom) {
        let name = format!("{folder}{}", unescape(&c[2]));
        let link = c.get(1).map(|m| m.as_str().to_string());
        assert!(listed.insert(name.clone(), (c[3].to_string(), link)).is_none(), "{name} listed twice");
    }
    assert_eq!(listed.len(), files.len());
    let details: HashSet<&str> = Regex::new(r#"<details id="(f\d+)""#)
        .unwrap()
        .captures_iter(&dom)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    for f in files {
        let name = f["file"].as_str().unwrap();
        let (verdict, link) = listed.get(name).unwrap_or_else(|| panic!("{name} is not listed"));
        let expected = if f["valid"] == true { "valid" } else { "invalid" };
        assert_eq!(verdict, expected, "{name}");
        if expected == "invalid" {
            let link = link.as_deref().unwrap_or_else(|| panic!("{name} has no diagnostics on the page"));
            assert!(details.contains(link), "{name}: its link {link} leads nowhere");
        }
    }

    // A picture of the page, kept as a build artefact; and the page printed.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let screenshot = target.join("report-screenshot.png");
    let _ = std::fs::remove_file(&screenshot);
    let out = browse(
        &browser,
        &page,
        &dir.join("netlog-screenshot.json"),
        &["--hide-scrollbars", "--window-size=1280,2000", &format!("--screenshot={}", screenshot.display())],
    );
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&screenshot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 50_000, "an empty screenshot ({} bytes)", png.len());
    let pdf = target.join("report-print.pdf");
    let out = browse(
        &browser,
        &page,
        &dir.join("netlog-print.json"),
        &["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display())],
    );
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}

/// The request check sees a page's request: a page with an image and a script from elsewhere.
#[test]
fn the_request_check_sees_a_page_that_loads_from_elsewhere() {
    let Some(browser) = chromium() else { return };
    let dir = work("outside");
    let page = dir.join("outside.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><title>t</title><img src=\"https://example.com/x.png\" alt=\"\"><script src=\"http://example.org/a.js\"></script>",
    )
    .unwrap();
    let netlog = dir.join("netlog.json");
    let out = browse(&browser, &page, &netlog, &["--dump-dom"]);
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    let mut requests = page_requests(&netlog);
    requests.sort();
    requests.dedup();
    assert_eq!(requests, ["http://example.org/a.js", "https://example.com/x.png"]);
}

/// The values a masked run left out of the messages: the quoted values, and what a business
/// rule adds after its own message.
fn values_left_out(unmasked: &str, masked: &str) -> Vec<String> {
    let quoted = Regex::new(r"'([^']+)'").unwrap();
    let mut values = Vec::new();
    let records =
        |text: &str| -> Vec<serde_json::Value> { text.lines().map(|l| serde_json::from_str(l).unwrap()).collect() };
    for (u, m) in records(unmasked).iter().zip(records(masked).iter()) {
        let (Some(u), Some(m)) = (u["diagnostics"].as_array(), m["diagnostics"].as_array()) else { continue };
        assert_eq!(u.len(), m.len());
        for (u, m) in u.iter().zip(m) {
            let (u, m) = (u["message"].as_str().unwrap(), m["message"].as_str().unwrap());
            if u == m {
                continue;
            }
            match u.strip_prefix(m).and_then(|rest| rest.strip_prefix(": ")) {
                Some(detail) => values.extend(quoted.captures_iter(detail).map(|c| c[1].to_string())),
                None => values.extend(quoted.captures_iter(u).map(|c| c[1].to_string())),
            }
        }
    }
    // A value that the masked NDJSON holds elsewhere (in a file name, a rule's own text) says
    // nothing about a leak, nor does one of a few characters (a letter is found anywhere).
    values.retain(|v| v.chars().count() >= 4 && !masked.contains(v.as_str()));
    values.sort();
    values.dedup();
    values
}

#[test]
fn a_masked_report_holds_no_message_value() {
    let Some(corpus) = common::uk_corpus() else { return };
    let dir = work("masked");
    let args = uk_args(&corpus);
    let unmasked = run(&["validate", "--format", "ndjson"], &args);
    let masked = run(&["validate", "--format", "ndjson", "--mask-values"], &args);
    let (unmasked, masked) = (String::from_utf8(unmasked.stdout).unwrap(), String::from_utf8(masked.stdout).unwrap());
    let values = values_left_out(&unmasked, &masked);
    assert!(values.len() > 20, "the corpus's messages carry values: {values:?}");
    let unmasked_ndjson = dir.join("unmasked.ndjson");
    std::fs::write(&unmasked_ndjson, &unmasked).unwrap();

    let unmasked_page = dir.join("unmasked.html");
    run(&["report", "-o", unmasked_page.to_str().unwrap()], &args);
    let masked_page = dir.join("masked.html");
    run(&["report", "--mask-values", "-o", masked_page.to_str().unwrap()], &args);
    let from_page = dir.join("from.html");
    let out = wcodm(&[
        "report",
        "--mask-values",
        "--from",
        unmasked_ndjson.to_str().unwrap(),
        "-o",
        from_page.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));

    // The unmasked page shows them (so the check below can fail), the masked ones none.
    let shown = std::fs::read_to_string(&unmasked_page).unwrap();
    assert!(values.iter().filter(|v| shown.contains(v.as_str())).count() > values.len() / 2);
    assert!(shown.contains("<code class=\"src\">"));
    for page in [&masked_page, &from_page] {
        let html = std::fs::read_to_string(page).unwrap();
        let escaped =
            |v: &str| v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&#39;");
        for v in &values {
            assert!(!html.contains(v.as_str()) && !html.contains(&escaped(v)), "{}: shows '{v}'", page.display());
        }
        assert!(!html.contains("<code class=\"src\">"), "{}: shows source lines", page.display());
        assert!(html.contains("<dd id=\"values\">masked"));
    }
}

#[test]
fn a_report_of_the_examples_and_its_errors() {
    let dir = work("examples");
    let page = dir.join("examples.html");
    let out = wcodm(&["report", "-o", page.to_str().unwrap(), "examples/"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("written to {}", page.display())), "{stderr}");
    let ndjson = wcodm(&["validate", "--format", "ndjson", "examples/"]);
    let summary: serde_json::Value =
        serde_json::from_str(String::from_utf8(ndjson.stdout).unwrap().lines().last().unwrap()).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&format!("<td data-total=\"files\">{}</td>", summary["files"])));
    assert!(html.contains(&format!("<td data-total=\"invalid\">{}</td>", summary["invalid"])));

    // The same page from the NDJSON, to standard output.
    let saved = dir.join("run.ndjson");
    std::fs::write(&saved, wcodm(&["validate", "--format", "ndjson", "examples/"]).stdout).unwrap();
    let out = wcodm(&["report", "--from", saved.to_str().unwrap(), "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    let from = String::from_utf8(out.stdout).unwrap();
    assert!(from.contains(&format!("<td data-total=\"files\">{}</td>", summary["files"])));

    // Errors: one message, exit 2, no page.
    let bad = dir.join("bad.ndjson");
    std::fs::write(&bad, "{\"file\":\"a.xml\",\"valid\":true}\n").unwrap();
    let latin1 = dir.join("latin1.ndjson");
    std::fs::write(&latin1, b"\n{\"file\":\"caf\xe9.xml\"}\n").unwrap();
    let (bad, latin1) = (bad.to_str().unwrap(), latin1.to_str().unwrap());
    let cases: [(&[&str], String); 6] = [
        (
            &["report", "--from", bad, "-o", "-"],
            format!("wcodm: --from {bad}: line 1: not a wcodm NDJSON record: missing field"),
        ),
        (&["report", "--from", latin1, "-o", "-"], format!("wcodm: --from {latin1}: line 2: not UTF-8 text")),
        // A file that cannot be read is named and said to be so (it said "no/such.ndjson: No such file").
        (
            &["report", "--from", "no/such.ndjson", "-o", "-"],
            "wcodm: cannot read the --from file no/such.ndjson: No such file or directory".into(),
        ),
        (
            &["report", "--from", "examples", "-o", "-"],
            "wcodm: cannot read the --from file examples: it is a folder\n".into(),
        ),
        (&["report", "--from", saved.to_str().unwrap(), "examples/"], "cannot be used with".into()),
        (&["report", "-o", "-"], "no input files".into()),
    ];
    for (args, expected) in cases {
        let out = wcodm(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&expected), "{args:?}: {stderr}");
        if expected.starts_with("wcodm: ") {
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        }
        assert!(out.stdout.is_empty(), "{args:?} wrote a page");
    }
    let empty = dir.join("empty.ndjson");
    std::fs::write(&empty, "").unwrap();
    let out = wcodm(&["report", "--from", empty.to_str().unwrap(), "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no file record"));
}
