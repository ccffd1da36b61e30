//! What the CLI prints: compiler-style text, one JSON document, or NDJSON records (the public
//! contract described in README "Output formats"), and the batch summary; the formats for
//! pipelines (SARIF, JUnit XML, GitHub Actions annotations) in the modules below.

pub mod github;
pub mod junit;
pub mod sarif;

use crate::batch::Outcome;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use wcodm::{Diagnostic, Severity};

/// The NDJSON record for one input: written by `validate --format ndjson`, read back by
/// `report --from`. Borrowed when written, owned when read.
#[derive(Serialize, Deserialize)]
pub struct FileRecord<'a> {
    pub file: Cow<'a, str>,
    pub valid: bool,
    /// The input could not be read at all (written only when true).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unreadable: bool,
    pub version: Option<Cow<'a, str>>,
    /// The national profile that judged the file, and the declaration category it derived;
    /// absent from runs without a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Cow<'a, str>>,
    pub truncated: bool,
    pub diagnostics: Cow<'a, [Diagnostic]>,
}

impl<'a> FileRecord<'a> {
    /// The record of one validated input.
    pub fn new(file: &'a str, o: &'a Outcome) -> Self {
        FileRecord {
            file: Cow::Borrowed(file),
            valid: o.report.is_valid() && !o.unreadable,
            unreadable: o.unreadable,
            version: o.rule_set.as_deref().map(Cow::Borrowed),
            profile: o.report.profile.as_deref().map(Cow::Borrowed),
            category: o.report.category.as_deref().map(Cow::Borrowed),
            truncated: o.report.truncated,
            diagnostics: Cow::Borrowed(&o.report.diagnostics),
        }
    }
}

/// Counts over a batch, with the most frequent problems and the fields they hit.
#[derive(Serialize, Deserialize, Default)]
pub struct Summary {
    pub summary: bool,
    pub files: usize,
    pub valid: usize,
    pub invalid: usize,
    pub unreadable: usize,
    /// The day date rules took as today (when rules were in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    pub top: Vec<TopProblem>,
    /// How many problems `top` leaves out.
    #[serde(skip)]
    more: usize,
    #[serde(skip)]
    counts: HashMap<String, Tally>,
}

/// How often one problem occurred, in total and per field.
#[derive(Default)]
struct Tally {
    count: usize,
    fields: HashMap<String, usize>,
}

/// One frequent problem (a rule id or a diagnostic code) and where it hits most.
#[derive(Serialize, Deserialize)]
pub struct TopProblem {
    pub problem: String,
    pub count: usize,
    pub fields: Vec<(String, usize)>,
}

/// An element path without its indices: `/A/B[3]/C` -> `/A/B/C`, to count fields across items.
pub fn field_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut skip = false;
    for c in path.chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            _ if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

impl Summary {
    pub fn new() -> Self {
        Summary { summary: true, ..Summary::default() }
    }

    pub fn add(&mut self, r: &FileRecord) {
        self.files += 1;
        match (r.unreadable, r.valid) {
            (true, _) => self.unreadable += 1,
            (false, true) => self.valid += 1,
            (false, false) => self.invalid += 1,
        }
        for d in r.diagnostics.iter() {
            let key = d.rule.clone().unwrap_or_else(|| d.code.to_string());
            let e = self.counts.entry(key).or_default();
            e.count += 1;
            *e.fields.entry(field_of(&d.path)).or_default() += 1;
        }
    }

    /// Compute the top `n` problems (call once, at the end): most frequent first, ties by
    /// name.
    pub fn finish(&mut self, n: usize) {
        let mut all: Vec<(String, Tally)> = self.counts.drain().collect();
        all.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
        self.more = all.len().saturating_sub(n);
        self.top = all
            .into_iter()
            .take(n)
            .map(|(problem, Tally { count, fields })| {
                let mut f: Vec<(String, usize)> = fields.into_iter().filter(|(p, _)| !p.is_empty()).collect();
                f.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                f.truncate(3);
                TopProblem { problem, count, fields: f }
            })
            .collect();
    }

    pub fn all_valid(&self) -> bool {
        self.valid == self.files
    }

    /// The counts, then the most frequent problems; `schema` names the schema set the batch was
    /// validated against (with `--schema`).
    pub fn write_human(&self, out: &mut dyn Write, schema: Option<&str>) -> io::Result<()> {
        writeln!(
            out,
            "{} file{}: {} valid, {} invalid, {} unreadable{}",
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.valid,
            self.invalid,
            self.unreadable,
            schema.map(|s| format!(" (schema {s})")).unwrap_or_default()
        )?;
        if let Some(day) = &self.today {
            writeln!(out, "date rules as of {day}")?;
        }
        if !self.top.is_empty() {
            writeln!(out, "most frequent problems:")?;
            for t in &self.top {
                writeln!(out, "  {:>6}  {}", t.count, t.problem)?;
                for (field, n) in &t.fields {
                    writeln!(out, "          {n:>6}  {field}")?;
                }
            }
            if self.more > 0 {
                let problems = if self.more == 1 { "problem" } else { "problems" };
                writeln!(out, "  and {} more {problems}, none more frequent (wcodm report lists them all)", self.more)?;
            }
        }
        Ok(())
    }
}

/// How human output looks: colour (only on a terminal that shows it, see `main`), whether
/// the batch has one schema (named in the summary rather than on every file's line), and
/// whether only the verdict lines are wanted (`-q`).
#[derive(Clone)]
pub struct Style {
    pub color: bool,
    pub schema: bool,
    pub quiet: bool,
    /// The profiles that derive a declaration category: a message of theirs that matches none
    /// is labelled "no category" (a profile without categories, such as uk-ics1, is named alone).
    pub categorised: Vec<String>,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

/// The 1-based line `n` of a text, without its line break (CR LF, CR and LF each end a line,
/// as diagnostics count them).
pub fn line_of(text: &[u8], n: u32) -> Option<&str> {
    let line_end = |t: &[u8]| t.iter().position(|&b| b == b'\n' || b == b'\r');
    if n == 0 {
        return None;
    }
    let mut rest = text;
    for _ in 1..n {
        let end = line_end(rest)?;
        rest = &rest[end + if rest[end..].starts_with(b"\r\n") { 2 } else { 1 }..];
    }
    let line = &rest[..line_end(rest).unwrap_or(rest.len())];
    std::str::from_utf8(line).ok()
}

/// Compiler-style diagnostics for one file: its verdict (`valid`, `invalid` or `unreadable`),
/// then each diagnostic (the warnings of a valid file too): location, severity and code,
/// message, then the element path, the WCO pointer and the offending source line (unless values
/// are masked). A problem with no place in the file (one that could not be read) has no
/// position. A file name holding a line end or another control character is shown escaped
/// (`a\nb.xml`), so each of its lines still starts with the name.
pub fn write_human(out: &mut dyn Write, file: &str, o: &Outcome, style: &Style, show_source: bool) -> io::Result<()> {
    let escaped;
    let file = if file.chars().any(char::is_control) {
        escaped = file.escape_debug().to_string();
        escaped.as_str()
    } else {
        file
    };
    // A schema given with --schema is named once, in the summary; a built-in version per file.
    let profile = o.report.profile.as_deref().map(|p| match o.report.category.as_deref() {
        Some(c) => format!("{p} {c}"),
        None if style.categorised.iter().any(|n| n == p) => format!("{p} no category"),
        None => p.to_string(),
    });
    let version = match (o.rule_set.as_deref().filter(|_| !style.schema), profile) {
        (Some(v), Some(p)) => format!(" ({v}, {p})"),
        (Some(v), None) => format!(" ({v})"),
        (None, Some(p)) => format!(" ({p})"),
        (None, None) => String::new(),
    };
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let warnings = o.report.diagnostics.iter().filter(|d| d.severity != Severity::Error).count();
    if o.unreadable {
        writeln!(out, "{} {file}", style.paint("1;31", "unreadable"))?;
    } else if o.report.is_valid() {
        let note = if warnings > 0 { format!(": {}", plural(warnings, "warning")) } else { String::new() };
        writeln!(out, "{} {file}{version}{note}", style.paint("1;32", "valid  "))?;
    } else {
        let n = o.report.error_count();
        writeln!(out, "{} {file}{version}: {}", style.paint("1;31", "invalid"), plural(n, "error"))?;
    }
    if style.quiet {
        return Ok(());
    }
    for d in &o.report.diagnostics {
        let (sev, color) = match d.severity {
            Severity::Error => ("error", "1;31"),
            _ => ("warning", "1;33"),
        };
        let label = d.label();
        let head = style.paint(color, &format!("{sev}[{label}]"));
        if d.line == 0 {
            writeln!(out, "{file}: {head}: {}", d.message)?;
        } else {
            writeln!(out, "{file}:{}:{}: {head}: {}", d.line, d.column, d.message)?;
        }
        if !d.path.is_empty() {
            writeln!(out, "  {} {}", style.paint("1;34", "-->"), d.path)?;
        }
        if let Some(w) = d.wco_reference() {
            writeln!(out, "      {w}")?;
        }
        if let Some(l) = &d.location {
            writeln!(out, "      location {l}")?;
        }
        // A blank line (an empty input's, or one of only a byte order mark) shows nothing; a
        // byte order mark is not shown.
        if show_source
            && let Some(src) = o
                .text
                .as_deref()
                .and_then(|t| line_of(t, d.line))
                .map(|l| l.trim_start_matches('\u{feff}'))
                .filter(|l| !l.trim().is_empty())
        {
            let shown: String = src.chars().take(160).collect();
            writeln!(out, "{:>6} {} {}", d.line, style.paint("1;34", "|"), shown.trim_end())?;
        }
    }
    if o.report.truncated {
        writeln!(out, "{file}: note: error limit reached, later problems not reported")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_drop_indices() {
        assert_eq!(field_of("/A/B[3]/C[12]/@x"), "/A/B/C/@x");
    }

    /// The first line names the profile and its category; "no category" only for a profile
    /// that derives categories (uk-cds), never for one without (uk-ics1).
    #[test]
    fn profile_label() {
        let style = Style { color: false, schema: true, quiet: true, categorised: vec!["uk-cds".into()] };
        let label = |profile: &str, category: Option<&str>| {
            let mut report = wcodm::Report::default();
            report.profile = Some(profile.into());
            report.category = category.map(str::to_string);
            let o = Outcome { report, unreadable: false, text: None, rule_set: None };
            let mut out = Vec::new();
            write_human(&mut out, "m.xml", &o, &style, false).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(label("uk-ics1", None), "valid   m.xml (uk-ics1)\n");
        assert_eq!(label("uk-cds", None), "valid   m.xml (uk-cds no category)\n");
        assert_eq!(label("uk-cds", Some("H1")), "valid   m.xml (uk-cds H1)\n");
    }

    /// Problems as frequent as each other are ranked by name, whatever order they came in,
    /// and those left out are counted.
    #[test]
    fn top_problems_tie_by_name() {
        let record = |codes: &[&str]| {
            let diagnostics: Vec<Diagnostic> = codes
                .iter()
                .map(|c| {
                    let mut d = Diagnostic::new(wcodm::Code::Length, "m", 1, 1);
                    d.rule = Some(c.to_string());
                    d
                })
                .collect();
            let mut s = Summary::new();
            s.add(&FileRecord {
                file: "a.xml".into(),
                valid: false,
                unreadable: false,
                version: None,
                profile: None,
                category: None,
                truncated: false,
                diagnostics: diagnostics.into(),
            });
            s.finish(3);
            let mut out = Vec::new();
            s.write_human(&mut out, None).unwrap();
            (s.top.iter().map(|t| t.problem.clone()).collect::<Vec<_>>(), String::from_utf8(out).unwrap())
        };
        let (top, human) = record(&["R9", "R2", "R7", "R1", "R2"]);
        assert_eq!(top, ["R2", "R1", "R7"]);
        assert!(human.ends_with("  and 1 more problem, none more frequent (wcodm report lists them all)\n"), "{human}");
        assert_eq!(record(&["R7", "R1", "R9", "R2", "R2"]).0, top);
        let (top, human) = record(&["B", "A"]);
        assert_eq!(top, ["A", "B"]);
        assert!(!human.contains("more"), "{human}");
    }

    #[test]
    fn source_lines() {
        assert_eq!(line_of(b"a\r\nbc\nd", 2), Some("bc"));
        assert_eq!(line_of(b"a\r\nbc\nd", 3), Some("d"));
        assert_eq!(line_of(b"a\rbc\rd", 2), Some("bc"));
        assert_eq!(line_of(b"a\r\rd", 3), Some("d"));
        assert_eq!(line_of(b"a\n", 2), Some(""));
        assert_eq!(line_of(b"", 1), Some(""));
        assert_eq!(line_of(b"a\r\n", 1), Some("a"));
        assert_eq!(line_of(b"a", 3), None);
        assert_eq!(line_of(b"a", 0), None);
    }
}
