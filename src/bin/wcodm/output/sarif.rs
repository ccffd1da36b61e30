//! `--format sarif`: one SARIF 2.1.0 log (the format code-scanning tools read) with one run.
//!
//! Each diagnostic is a result: its rule id (a business rule's id, else the diagnostic code),
//! level, the broker-readable message, the file and line:column, and a logical location with
//! the element path; the WCO ID, WCO pointer and national code are result properties. The
//! run's `tool.driver.rules` holds one descriptor per rule or code that occurs, in order of
//! first occurrence. An input that cannot be read is a result too (rule `io`, no region), so
//! the results count what the NDJSON records count.
//!
//! The log is streamed: results are written as files complete (rendered on the worker
//! threads), and the descriptors, whose set is known only at the end, follow them in the run
//! object (JSON object members have no order). Memory holds one descriptor per distinct rule or
//! code, whatever the batch's size.

use crate::batch::Outcome;
use crate::output::Summary;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use wcodm::rules::Rule;
use wcodm::{Diagnostic, Severity};

/// The schema a SARIF 2.1.0 log names (the OASIS standard's, with its errata).
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where relative artifact URIs are resolved: the folder wcodm ran in.
const BASE_ID: &str = "SRCROOT";

/// What the log needs to know besides the outcomes: the folder the run started in (artifact
/// URIs are relative to it where possible) and the rules that may be reported (for their
/// descriptors).
pub struct Context {
    cwd: Option<PathBuf>,
    rules: HashMap<String, Rule>,
}

impl Context {
    /// The context of a run in the current folder, describing `rules` (by id; the first of a
    /// repeated id is kept).
    pub fn new(rules: impl IntoIterator<Item = Rule>) -> Self {
        let mut by_id = HashMap::new();
        for r in rules {
            by_id.entry(r.id.clone()).or_insert(r);
        }
        Context { cwd: std::env::current_dir().ok(), rules: by_id }
    }
}

/// The log being written: whether its head is out, whether a result was, and the rules and
/// codes met so far.
pub struct Log {
    started: bool,
    any: bool,
    seen: HashSet<String>,
    descriptors: Vec<Descriptor>,
}

impl Log {
    pub fn new() -> Self {
        Log { started: false, any: false, seen: HashSet::new(), descriptors: Vec::new() }
    }

    /// Write one file's results (rendered by `results`) and note the rules they report.
    pub fn add(&mut self, out: &mut dyn Write, outcome: &Outcome, rendered: &[u8], cx: &Context) -> io::Result<()> {
        self.head(out)?;
        for d in &outcome.report.diagnostics {
            let id = rule_id(d);
            if !self.seen.contains(id) {
                self.seen.insert(id.to_string());
                self.descriptors.push(Descriptor::of(d, cx.rules.get(id)));
            }
        }
        if !rendered.is_empty() {
            if self.any {
                out.write_all(b",")?;
            }
            out.write_all(rendered)?;
            self.any = true;
        }
        Ok(())
    }

    /// End the log: the tool with its rule descriptors, the base folder, the run's counts.
    pub fn finish(mut self, out: &mut dyn Write, summary: &Summary, cx: &Context) -> io::Result<()> {
        self.head(out)?;
        let repository = env!("CARGO_PKG_REPOSITORY");
        let tool = Tool {
            driver: Driver {
                name: "wcodm",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: (!repository.is_empty()).then_some(repository),
                rules: &self.descriptors,
            },
        };
        out.write_all(b"],\"tool\":")?;
        serde_json::to_writer(&mut *out, &tool)?;
        if let Some(cwd) = &cx.cwd {
            let mut uri = format!("file://{}", percent(&slashed(cwd)));
            if !uri.ends_with('/') {
                uri.push('/');
            }
            out.write_all(b",\"originalUriBaseIds\":")?;
            serde_json::to_writer(&mut *out, &HashMap::from([(BASE_ID, Uri { uri: &uri })]))?;
        }
        // Columns are counted in code points from the file's text (`code_point_column`); a
        // result without the text (a file streamed past the in-memory size) has no column.
        out.write_all(b",\"columnKind\":\"unicodeCodePoints\",\"invocations\":[{\"executionSuccessful\":true}]")?;
        out.write_all(b",\"properties\":")?;
        serde_json::to_writer(
            &mut *out,
            &Counts {
                files: summary.files,
                valid: summary.valid,
                invalid: summary.invalid,
                unreadable: summary.unreadable,
                today: summary.today.as_deref(),
            },
        )?;
        out.write_all(b"}]}\n")
    }

    fn head(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            write!(out, "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"results\":[")?;
            self.started = true;
        }
        Ok(())
    }
}

/// The results of one file, as comma-separated JSON objects (nothing for a file without
/// diagnostics).
pub fn results(buf: &mut Vec<u8>, file: &str, outcome: &Outcome, cx: &Context) -> io::Result<()> {
    let artifact = artifact(file, cx.cwd.as_deref());
    for (i, d) in outcome.report.diagnostics.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        let physical = artifact.as_ref().map(|a| Physical {
            artifact_location: a,
            region: (d.line > 0).then(|| Region {
                start_line: d.line,
                start_column: outcome.text.as_deref().and_then(|t| code_point_column(t, d.line, d.column)),
            }),
        });
        let logical = (!d.path.is_empty()).then(|| {
            let last = d.path.rsplit('/').next().unwrap_or(&d.path);
            let (name, kind) = match last.strip_prefix('@') {
                Some(attribute) => (attribute, "attribute"),
                None => (last, "element"),
            };
            [Logical { name, fully_qualified_name: &d.path, kind }]
        });
        let located = physical.is_some() || logical.is_some();
        let result = SarifResult {
            rule_id: rule_id(d),
            level: level(d.severity),
            message: Text { text: &d.message },
            locations: located.then_some([Location { physical_location: physical, logical_locations: logical }]),
            properties: ResultProperties {
                code: d.code.as_str(),
                wco_id: d.wco_id.as_deref(),
                wco_pointer: d.wco_pointer.as_deref(),
                wco_names: d.wco_names.as_deref(),
                national_code: d.national_code.as_deref(),
            },
        };
        serde_json::to_writer(&mut *buf, &result)?;
    }
    Ok(())
}

/// A diagnostic's column (1-based, in bytes) counted in Unicode code points, as the run's
/// `columnKind` says: the code points before it on its line, plus one. Lines end at CR LF, CR
/// or LF, as the validator counts them; bytes that are not UTF-8 count one code point per
/// replacement character. `None` (no column given) for no column, or a line the text lacks.
fn code_point_column(text: &[u8], line: u32, column: u32) -> Option<u32> {
    if column == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        let end = start + memchr::memchr2(b'\n', b'\r', text.get(start..)?)?;
        start = end + if text[end..].starts_with(b"\r\n") { 2 } else { 1 };
    }
    let before = text.get(start..)?.get(..column as usize - 1)?;
    Some(String::from_utf8_lossy(before).chars().count() as u32 + 1)
}

/// The id a diagnostic is reported under: its business rule's, else its code.
fn rule_id(d: &Diagnostic) -> &str {
    d.rule.as_deref().unwrap_or(d.code.as_str())
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        _ => "warning",
    }
}

/// Where a file is: relative to the run's folder when it can be said so, else an absolute
/// `file:` URI; standard input has none.
fn artifact(file: &str, cwd: Option<&Path>) -> Option<Artifact> {
    if file == "-" {
        return None;
    }
    let path = Path::new(file);
    let relative = if path.is_relative() { Some(path) } else { cwd.and_then(|c| path.strip_prefix(c).ok()) };
    Some(match relative {
        Some(r) => Artifact { uri: percent(&slashed(r)), uri_base_id: Some(BASE_ID) },
        None => Artifact { uri: format!("file://{}", percent(&slashed(path))), uri_base_id: None },
    })
}

/// A path with `/` between its parts and without `.` parts.
fn slashed(path: &Path) -> String {
    let mut parts = Vec::new();
    let mut root = false;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => root = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy()),
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(n) => parts.push(n.to_string_lossy()),
        }
    }
    let joined = parts.join("/");
    if root { format!("/{joined}") } else { joined }
}

/// A path's text as a URI path (RFC 3986): every byte written `%XX` but the unreserved
/// characters, the sub-delimiters, `@` and `/` (a `:` is escaped, lest a relative path's first
/// part read as a scheme).
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What each code means (the descriptor of a code's results; README, "Diagnostic codes").
fn code_description(code: &str) -> &'static str {
    match code {
        "xml-syntax" => "The input is not well-formed XML (validation stops there).",
        "xml-doctype" => "The input has a DOCTYPE: refused, no DTD is read and no entity expanded.",
        "xml-encoding" => "The input is not UTF-8 (or declares an encoding wcodm does not read).",
        "io" => "The input could not be read.",
        "limit-depth" => "Elements nest deeper than the input limit (validation stops).",
        "limit-attributes" => "An element has more attributes than the input limit (validation stops).",
        "limit-name" => "A name is longer than the input limit (validation stops).",
        "limit-token" => "A tag, text run or comment is larger than the input limit (validation stops).",
        "limit-size" => "The document is larger than the input limit (validation stops).",
        "unknown-root" => "The root element has no global declaration in the schema.",
        "unexpected-element" => "A child element is not allowed at this place of its parent.",
        "missing-element" => "A required child element is missing.",
        "unexpected-text" => "Text where only elements (or nothing) may appear.",
        "element-in-simple-content" => "A child element inside an element whose content is a simple value.",
        "unexpected-attribute" => "An attribute its element's type does not declare.",
        "missing-attribute" => "A required attribute is missing.",
        "invalid-value" => "A value is not of its type (not a decimal, not a date, ...).",
        "length" => "A value breaks a length, minLength or maxLength facet.",
        "pattern" => "A value does not match its type's pattern.",
        "enumeration" => "A value is not one of the enumerated (code list) values.",
        "total-digits" => "A value has more digits than totalDigits allows.",
        "fraction-digits" => "A value has more decimals than fractionDigits allows.",
        "bounds" => "A value is outside its type's minimum or maximum.",
        "fixed" => "A value differs from the declaration's fixed value.",
        "nil" => "xsi:nil used where not allowed, or a nil element with content.",
        "unsupported" => "The message uses an XML Schema feature wcodm does not honour (reported, never passed).",
        "unknown-version" => "The message claims no WCO Data Model version, or one without a built-in rule set.",
        "business-rule" => "A business rule of a rule pack does not hold.",
        _ => "A problem wcodm reports (README, Diagnostic codes).",
    }
}

/// A reportingDescriptor: a business rule (its message, source, WCO IDs, national code) or a
/// diagnostic code.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: OwnedText,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<OwnedText>,
    default_configuration: Configuration,
    properties: DescriptorProperties,
}

impl Descriptor {
    /// The descriptor of what `d` reports: its rule (when the run knows it) or its code.
    fn of(d: &Diagnostic, rule: Option<&Rule>) -> Self {
        let id = rule_id(d).to_string();
        match (d.rule.as_ref(), rule) {
            (Some(_), Some(r)) => Descriptor {
                short_description: OwnedText { text: r.message.clone() },
                help: Some(OwnedText {
                    text: format!(
                        "{} Source: {} `wcodm explain {}` shows what it checks, with passing and failing examples.",
                        sentence(&r.message),
                        sentence(&r.source),
                        r.id
                    ),
                }),
                default_configuration: Configuration {
                    level: if r.severity == "warning" { "warning" } else { "error" },
                },
                properties: DescriptorProperties {
                    kind: "business-rule",
                    wco_ids: r.wco_ids.clone(),
                    national_code: r.national_code.clone(),
                },
                id,
            },
            // A rule the run does not describe (none should be): its first message stands in.
            (Some(_), None) => Descriptor {
                short_description: OwnedText { text: d.message.clone() },
                help: None,
                default_configuration: Configuration { level: level(d.severity) },
                properties: DescriptorProperties {
                    kind: "business-rule",
                    wco_ids: d.wco_id.iter().cloned().collect(),
                    national_code: d.national_code.clone(),
                },
                id,
            },
            (None, _) => Descriptor {
                short_description: OwnedText { text: code_description(&id).to_string() },
                help: None,
                default_configuration: Configuration { level: level(d.severity) },
                properties: DescriptorProperties { kind: "code", wco_ids: Vec::new(), national_code: None },
                id,
            },
        }
    }
}

/// `text` ended as a sentence: with a full stop unless it ends with one (or `!`, `?`, `…`).
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    match text.ends_with(['.', '!', '?', '…']) {
        true => text.to_string(),
        false => format!("{text}."),
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DescriptorProperties {
    /// `business-rule` or `code`.
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    wco_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    national_code: Option<String>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: &'a [Descriptor],
}

#[derive(Serialize)]
struct Counts<'a> {
    files: usize,
    valid: usize,
    invalid: usize,
    unreadable: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    today: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    level: &'static str,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location<'a>; 1]>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<Physical<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[Logical<'a>; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: &'a Artifact,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'a> {
    name: &'a str,
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    wco_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wco_pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wco_names: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    national_code: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_code_points() {
        let text = "<a>\r\n<!--€€é--><b>\r<c/>\n€<d/>".as_bytes();
        // Line 2: the byte column of <b> is 16, after 10 code points.
        assert_eq!(code_point_column(text, 2, 16), Some(11));
        assert_eq!(code_point_column(text, 1, 1), Some(1));
        assert_eq!(code_point_column(text, 3, 1), Some(1));
        assert_eq!(code_point_column(text, 4, 4), Some(2));
        assert_eq!(code_point_column(text, 5, 1), None, "no such line");
        assert_eq!(code_point_column(text, 4, 20), None, "past the text");
        assert_eq!(code_point_column(text, 2, 0), None, "no column");
    }

    #[test]
    fn uris_are_relative_to_the_run_where_they_can_be() {
        let cwd = Path::new("/runs/here");
        let a = artifact("./in/a b%(1):#?.xml", Some(cwd)).unwrap();
        assert_eq!((a.uri.as_str(), a.uri_base_id), ("in/a%20b%25(1)%3A%23%3F.xml", Some(BASE_ID)));
        let a = artifact("/runs/here/x/é.xml", Some(cwd)).unwrap();
        assert_eq!((a.uri.as_str(), a.uri_base_id), ("x/%C3%A9.xml", Some(BASE_ID)));
        let a = artifact("/elsewhere/y.xml", Some(cwd)).unwrap();
        assert_eq!((a.uri.as_str(), a.uri_base_id), ("file:///elsewhere/y.xml", None));
        let a = artifact("../shared/z.xml", Some(cwd)).unwrap();
        assert_eq!(a.uri, "../shared/z.xml");
        assert!(artifact("-", Some(cwd)).is_none());
    }
}
