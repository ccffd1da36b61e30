//! The report page: one HTML file with its style and its small script inline, nothing fetched
//! (a `Content-Security-Policy` of `default-src 'none'` says so to the browser). Everything is
//! readable without the script, which only sorts the table of files and opens the details for
//! printing. Charts are inline SVG with a title, a description and a table of the same numbers.
//!
//! Every text from a record (file names, messages, paths, source lines) is escaped.

use super::tally::{Detail, Group, Row, Status, Tally, top};
use crate::output::Summary;
use std::fmt;
use std::io::{self, Write};
use wcodm::Severity;

/// How many of the most frequent problems and fields the charts show.
const CHART_BARS: usize = 10;
/// How many of the files a problem hits most are named in its row, and how many in all (the
/// others behind a disclosure).
const FILES_SHOWN: usize = 5;
const FILES_LISTED: usize = 100;
/// How many files each table of files holds.
const FILE_ROWS: usize = 500;
/// How many detailed files are open when the page loads.
const OPEN_DETAILS: usize = 10;

/// What the page says about the run it reports on.
pub struct About {
    /// Where the records come from.
    pub source: String,
    /// The rule set and options (label, value).
    pub settings: Vec<(&'static str, String)>,
    /// Message values were masked.
    pub masked: bool,
    /// Something the reader should know (an NDJSON whose summary does not match its records).
    pub warning: Option<String>,
}

impl About {
    pub fn new(masked: bool) -> Self {
        About { source: String::new(), settings: Vec::new(), masked, warning: None }
    }

    /// The inputs and settings of a batch validated here.
    pub fn describe(&mut self, args: &crate::ValidateArgs) {
        let mut inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        if let Some(list) = &args.files_from {
            inputs.push(format!("the files listed in {}", list.display()));
        }
        self.source = format!("validation of {}", inputs.join(", "));
        let rules = match (&args.schema, &args.as_version) {
            (Some(schema), _) => format!("XSD schema set {}", schema.display()),
            (None, Some(v)) => format!("built-in WCO Data Model {v} rules, whatever the messages claim"),
            (None, None) if args.version == "auto" => {
                "built-in WCO Data Model rules of the version each message claims".into()
            }
            (None, None) => format!("built-in WCO Data Model {} rules", args.version),
        };
        self.settings.push(("Rule set", rules));
        for p in &args.packs {
            self.settings.push(("Rule pack", p.display().to_string()));
        }
        if let Some(day) = args.today {
            self.settings.push(("Date rules as of", day.to_string()));
        }
        self.settings.push(("Diagnostics per file", format!("at most {}", args.max_errors)));
    }

    /// Compare the counts of an NDJSON's summary records with those of its file records.
    pub fn check_summary(&mut self, read: Option<Summary>, counted: &Summary) {
        let counts = |s: &Summary| (s.files, s.valid, s.invalid, s.unreadable);
        self.warning = match read {
            None => Some("the NDJSON has no summary record: the run that wrote it may have been cut short".into()),
            Some(s) if counts(&s) != counts(counted) => Some(format!(
                "the NDJSON's summary counts {} files ({} valid, {} invalid, {} unreadable), its records {} ({} valid, {} invalid, {} unreadable)",
                s.files,
                s.valid,
                s.invalid,
                s.unreadable,
                counted.files,
                counted.valid,
                counted.invalid,
                counted.unreadable
            )),
            Some(_) => None,
        };
    }
}

/// Text escaped for HTML content and attribute values.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", Num(n), if n == 1 { one } else { many })
}

/// A count written with thousands separators (`100,000`).
struct Num(usize);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(",")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A random token for the script's nonce (the policy runs only the page's own script).
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let a = std::collections::hash_map::RandomState::new().build_hasher().finish();
    let b = std::collections::hash_map::RandomState::new().build_hasher().finish();
    format!("{a:016x}{b:016x}")
}

/// The folder all file names share (up to and with its last `/`), shown once above the table.
fn common_folder(rows: &[Row]) -> &str {
    let Some(first) = rows.first() else { return "" };
    let mut len = first.name.len();
    for r in &rows[1..] {
        len = first.name.bytes().zip(r.name.bytes()).take(len).take_while(|(a, b)| a == b).count();
    }
    first.name[..len].rfind('/').map_or("", |i| &first.name[..=i])
}

/// A field's path shortened for a chart label (its last elements).
fn short_label(s: &str) -> String {
    const MAX: usize = 44;
    let n = s.chars().count();
    if n <= MAX { s.to_string() } else { format!("…{}", s.chars().skip(n - (MAX - 1)).collect::<String>()) }
}

/// Write the page.
pub fn write(out: &mut dyn Write, t: &Tally, about: &About) -> io::Result<()> {
    let nonce = nonce();
    let folder = common_folder(&t.rows);
    let page = Page { t, about, folder };
    let c = &t.totals;
    write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="wcodm {version}">
<title>Data-quality report: {files}, {invalid} invalid</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>Data-quality report</h1>
"#,
        version = env!("CARGO_PKG_VERSION"),
        files = plural(c.files, "file", "files"),
        invalid = c.invalid,
        css = include_str!("page.css"),
    )?;
    page.about(out)?;
    page.in_brief(out)?;
    write!(
        out,
        r##"</header>
<nav aria-label="Contents"><ul>
<li><a href="#totals">Totals</a></li>
<li><a href="#problems">Most frequent problems</a></li>
<li><a href="#files">Files</a></li>
<li><a href="#details">Diagnostics per file</a></li>
</ul></nav>
<main>
"##
    )?;
    page.totals(out)?;
    page.problems(out)?;
    page.files(out)?;
    page.details(out)?;
    write!(
        out,
        "</main>\n<footer><p>Made by wcodm {} on {}. This page fetches nothing: no script, font or image from elsewhere.</p></footer>\n<script nonce=\"{nonce}\">{}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        wcodm::rules::Day::today(),
        include_str!("page.js"),
    )
}

struct Page<'a> {
    t: &'a Tally,
    about: &'a About,
    /// The folder shared by every file name, left out of the names shown.
    folder: &'a str,
}

impl Page<'_> {
    /// A file's name as shown (without the shared folder).
    fn name(&self, row: usize) -> &str {
        &self.t.rows[row].name[self.folder.len()..]
    }

    /// A file's name, linked to its diagnostics when they are on the page.
    fn file_link(&self, row: usize) -> String {
        let name = Esc(self.name(row));
        if self.t.rows[row].detailed { format!("<a href=\"#f{row}\">{name}</a>") } else { name.to_string() }
    }

    fn about(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "<dl class=\"about\">\n<dt>Source</dt><dd>{}</dd>", Esc(&self.about.source))?;
        for (label, value) in &self.about.settings {
            writeln!(out, "<dt>{label}</dt><dd>{}</dd>", Esc(value))?;
        }
        let values = if self.t.drops_messages() {
            "masked: messages left out (the NDJSON read may hold values)"
        } else if self.about.masked {
            "masked: no value from the messages appears on this page"
        } else {
            "shown in messages and source lines"
        };
        writeln!(out, "<dt>Message values</dt><dd id=\"values\">{values}</dd>")?;
        writeln!(out, "<dt>Generated</dt><dd>{} (UTC)</dd>\n</dl>", wcodm::rules::Day::today())?;
        if let Some(w) = &self.about.warning {
            writeln!(out, "<p class=\"warning\" role=\"note\"><strong>Note:</strong> {}</p>", Esc(w))?;
        }
        Ok(())
    }

    /// One paragraph answering the first questions: how many fail, what fails most, where, and
    /// which files are worst.
    fn in_brief(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.t.totals;
        write!(
            out,
            "<p class=\"brief\" id=\"brief\">{}: {} valid, {} invalid, {} unreadable.",
            plural(c.files, "file", "files"),
            Num(c.valid),
            Num(c.invalid),
            Num(c.unreadable)
        )?;
        let problems = self.t.ranked_problems();
        for severity in [Severity::Error, Severity::Warning] {
            let Some(p) = problems.iter().find(|p| p.severity == severity) else { continue };
            write!(
                out,
                " The most frequent {severity} is <strong>{}</strong> ({} in {})",
                Esc(&p.key),
                plural(p.count, "occurrence", "occurrences"),
                plural(p.files.len(), "file", "files")
            )?;
            if let Some((field, n)) = top(&p.fields, 1).first() {
                write!(out, ", mostly on <code>{}</code> ({})", Esc(field), Num(*n))?;
            }
            write!(out, ".")?;
        }
        let worst: Vec<String> = self
            .t
            .details
            .iter()
            .filter(|d| self.t.rows[d.row].errors > 0)
            .take(3)
            .map(|d| {
                let r = &self.t.rows[d.row];
                let mut counts = plural(r.errors, "error", "errors");
                if r.warnings > 0 {
                    counts.push_str(&format!(", {}", plural(r.warnings, "warning", "warnings")));
                }
                format!("{} ({counts})", self.file_link(d.row))
            })
            .collect();
        if !worst.is_empty() {
            write!(out, " The files with the most errors: {}.", worst.join("; "))?;
        }
        writeln!(out, "</p>")
    }

    fn totals(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.t.totals;
        write!(
            out,
            r#"<section id="totals" aria-labelledby="totals-h">
<h2 id="totals-h">Totals</h2>
<table class="totals">
<caption>Verdicts over the batch</caption>
<thead><tr><th scope="col">Files</th><th scope="col">Valid</th><th scope="col">Invalid</th><th scope="col">Unreadable</th><th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead>
<tbody><tr><td data-total="files">{}</td><td data-total="valid">{}</td><td data-total="invalid">{}</td><td data-total="unreadable">{}</td><td data-total="errors">{}</td><td data-total="warnings">{}</td></tr></tbody>
</table>
"#,
            Num(c.files),
            Num(c.valid),
            Num(c.invalid),
            Num(c.unreadable),
            Num(c.errors),
            Num(c.warnings)
        )?;
        writeln!(out, "<h3>By version</h3>")?;
        let versions: Vec<(String, &Group)> = self.t.versions.iter().map(|(v, g)| (v.clone(), g)).collect();
        group_table(out, "Verdicts by the rule set or schema each file was validated with", "Version", &versions)?;
        writeln!(out, "<h3>By declaration category</h3>")?;
        if self.t.categories.is_empty() {
            writeln!(
                out,
                "<p>No record names a declaration category: a national profile (<code>--profile</code>) derives one.</p>"
            )?;
        } else {
            let rows: Vec<(String, &Group)> = self
                .t
                .categories
                .iter()
                .map(|((profile, category), g)| {
                    let label = if profile.is_empty() { category.clone() } else { format!("{category} ({profile})") };
                    (label, g)
                })
                .collect();
            group_table(out, "Verdicts by declaration category (and the profile that derived it)", "Category", &rows)?;
            let without: usize = self.t.totals.files - rows.iter().map(|r| r.1.counts.files).sum::<usize>();
            if without > 0 {
                writeln!(out, "<p>{} without a category.</p>", plural(without, "file", "files"))?;
            }
        }
        writeln!(out, "</section>")
    }

    fn problems(&self, out: &mut dyn Write) -> io::Result<()> {
        let problems = self.t.ranked_problems();
        let fields = self.t.ranked_fields();
        writeln!(
            out,
            "<section id=\"problems\" aria-labelledby=\"problems-h\">\n<h2 id=\"problems-h\">Most frequent problems</h2>"
        )?;
        if problems.is_empty() {
            return writeln!(out, "<p>No problem found.</p>\n</section>");
        }
        writeln!(
            out,
            "<p>A problem is a business rule (by its id) or, for the schema checks, a diagnostic code. A field is an element path without item numbers.</p>"
        )?;
        writeln!(out, "<h3 id=\"by-rule\">By rule</h3>")?;
        let bars: Vec<Bar> = problems
            .iter()
            .take(CHART_BARS)
            .map(|p| Bar { label: p.key.clone(), value: p.count, note: plural(p.files.len(), "file", "files") })
            .collect();
        chart(out, "chart-rules", "Most frequent problems by rule", "occurrences", &bars)?;
        write!(
            out,
            r#"<table class="problems">
<caption>Problems by rule, most frequent first ({})</caption>
<colgroup><col class="key"><col><col class="num"><col class="files"><col class="wide"><col class="wide"></colgroup>
<thead><tr><th scope="col">Problem</th><th scope="col">Severity, national code, first message</th><th scope="col">Occurrences</th><th scope="col">Files</th><th scope="col">Fields (occurrences)</th><th scope="col">Files with the most (occurrences)</th></tr></thead>
<tbody>
"#,
            plural(problems.len(), "problem", "problems")
        )?;
        for p in &problems {
            let mut files = p.files.clone();
            files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let link = |&(row, n): &(usize, usize)| format!("{} ({})", self.file_link(row), Num(n));
            let shown: Vec<String> = files.iter().take(FILES_SHOWN).map(link).collect();
            // The next ones behind a disclosure, up to a bound (a rule may hit every file).
            let mut more = String::new();
            if files.len() > FILES_SHOWN {
                let next: Vec<String> =
                    files.iter().skip(FILES_SHOWN).take(FILES_LISTED - FILES_SHOWN).map(link).collect();
                more = format!(
                    "<details class=\"more\"><summary>{}</summary>{}",
                    plural(files.len() - FILES_SHOWN, "more file", "more files"),
                    next.join("<br>")
                );
                if files.len() > FILES_LISTED {
                    more.push_str(&format!(
                        "<br>and {}",
                        plural(files.len() - FILES_LISTED, "more file", "more files")
                    ));
                }
                more.push_str("</details>");
            }
            let fields: Vec<String> =
                top(&p.fields, 3).iter().map(|(f, n)| format!("<code>{}</code> ({})", Esc(f), Num(*n))).collect();
            let mut about = p.severity.to_string();
            if let Some(code) = &p.national_code {
                about.push_str(&format!(", {}", Esc(code)));
            }
            if !p.example.is_empty() {
                let example: String = p.example.chars().take(240).collect();
                about.push_str(&format!("<br><span class=\"example\">{}</span>", Esc(&example)));
            }
            writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{about}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}{more}</td></tr>",
                Esc(&p.key),
                Num(p.count),
                Num(p.files.len()),
                fields.join("<br>"),
                shown.join("<br>")
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        writeln!(out, "<h3 id=\"by-field\">By field</h3>")?;
        let bars: Vec<Bar> = fields
            .iter()
            .take(CHART_BARS)
            .map(|f| Bar { label: f.path.clone(), value: f.count, note: plural(f.files, "file", "files") })
            .collect();
        chart(out, "chart-fields", "Most frequent problems by field", "occurrences", &bars)?;
        write!(
            out,
            r#"<table class="fields">
<caption>Fields with problems, most frequent first ({})</caption>
<colgroup><col class="wide"><col class="num"><col class="num"><col></colgroup>
<thead><tr><th scope="col">Field</th><th scope="col">Occurrences</th><th scope="col">Files</th><th scope="col">Problems (occurrences)</th></tr></thead>
<tbody>
"#,
            plural(fields.len(), "field", "fields")
        )?;
        for f in &fields {
            let problems: Vec<String> =
                top(&f.problems, 3).iter().map(|(p, n)| format!("{} ({})", Esc(p), Num(*n))).collect();
            writeln!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                Esc(&f.path),
                Num(f.count),
                Num(f.files),
                problems.join(", ")
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")
    }

    fn files(&self, out: &mut dyn Write) -> io::Result<()> {
        let rows = &self.t.rows;
        let versions = self.t.versions.len() > 1;
        let categories = !self.t.categories.is_empty();
        writeln!(out, "<section id=\"files\" aria-labelledby=\"files-h\">\n<h2 id=\"files-h\">Files</h2>")?;
        write!(out, "<p>{}, the files with the most errors first", plural(rows.len(), "file", "files"))?;
        if !self.folder.is_empty() {
            write!(out, "; names are relative to <code id=\"folder\">{}</code>", Esc(self.folder))?;
        }
        writeln!(
            out,
            ". A name is a link when the file's diagnostics are on this page.<span class=\"js-only\"> Select a column heading to sort by it.</span></p>"
        )?;
        let mut head = String::from(
            "<colgroup><col class=\"wide\"><col class=\"verdict\"></colgroup>\n<thead><tr><th scope=\"col\" data-sort=\"text\">File</th><th scope=\"col\" data-sort=\"text\">Verdict</th>",
        );
        if versions {
            head.push_str("<th scope=\"col\" data-sort=\"text\">Version</th>");
        }
        if categories {
            head.push_str("<th scope=\"col\" data-sort=\"text\">Category</th>");
        }
        head.push_str("<th scope=\"col\" data-sort=\"num\">Errors</th><th scope=\"col\" data-sort=\"num\">Warnings</th><th scope=\"col\" data-sort=\"text\">Most frequent problem</th></tr></thead>");
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            rows[b].errors.cmp(&rows[a].errors).then(rows[b].warnings.cmp(&rows[a].warnings)).then(a.cmp(&b))
        });
        // Tables of FILE_ROWS rows each, which the browser lays out only when scrolled to
        // (content-visibility): a batch of 100,000 files opens in about a second.
        writeln!(out, "<div class=\"sortable\" id=\"file-table\">")?;
        for (n, chunk) in order.chunks(FILE_ROWS).enumerate() {
            let first = n * FILE_ROWS + 1;
            writeln!(
                out,
                "<div class=\"chunk\"><table class=\"files\">\n<caption>Files {} to {} of {}</caption>\n{head}\n<tbody>",
                Num(first),
                Num(first + chunk.len() - 1),
                Num(rows.len())
            )?;
            for &i in chunk {
                let r = &rows[i];
                let verdict = match r.status {
                    Status::Valid => "<td class=\"valid\">✓ valid</td>",
                    Status::Invalid => "<td class=\"invalid\">✗ invalid</td>",
                    Status::Unreadable => "<td class=\"unreadable\">⚠ unreadable</td>",
                };
                write!(out, "<tr><th scope=\"row\">{}</th>{verdict}", self.file_link(i))?;
                if versions {
                    write!(out, "<td>{}</td>", Esc(r.version.as_deref().unwrap_or("")))?;
                }
                if categories {
                    write!(out, "<td>{}</td>", Esc(r.category.as_deref().unwrap_or("")))?;
                }
                let cap = if r.truncated { "+" } else { "" };
                writeln!(
                    out,
                    "<td class=\"n\">{}{cap}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    Num(r.errors),
                    Num(r.warnings),
                    Esc(r.main.as_deref().unwrap_or(""))
                )?;
            }
            writeln!(out, "</tbody>\n</table></div>")?;
        }
        writeln!(out, "</div>")?;
        if rows.iter().any(|r| r.truncated) {
            writeln!(
                out,
                "<p>A count ending in + reached the error cap: later problems in that file were not reported.</p>"
            )?;
        }
        writeln!(out, "</section>")
    }

    fn details(&self, out: &mut dyn Write) -> io::Result<()> {
        let t = self.t;
        writeln!(
            out,
            "<section id=\"details\" aria-labelledby=\"details-h\">\n<h2 id=\"details-h\">Diagnostics per file</h2>"
        )?;
        let with_problems = t.rows.iter().filter(|r| r.errors + r.warnings > 0).count();
        if t.details.is_empty() {
            return writeln!(out, "<p>No file has a diagnostic.</p>\n</section>");
        }
        if t.details.len() < with_problems {
            writeln!(
                out,
                "<p>The {} with the most errors (of {} with a diagnostic); the others are counted above. <code>wcodm validate FILE</code> shows any file's.</p>",
                plural(t.details.len(), "file", "files"),
                Num(with_problems)
            )?;
        } else {
            writeln!(out, "<p>Every file with a diagnostic, the most errors first.</p>")?;
        }
        for (i, d) in t.details.iter().enumerate() {
            self.detail(out, d, i < OPEN_DETAILS)?;
        }
        writeln!(out, "</section>")
    }

    fn detail(&self, out: &mut dyn Write, d: &Detail, open: bool) -> io::Result<()> {
        let r = &self.t.rows[d.row];
        let mut facts = vec![r.status.label().to_string(), plural(r.errors, "error", "errors")];
        if r.warnings > 0 {
            facts.push(plural(r.warnings, "warning", "warnings"));
        }
        // The version, when the batch has more than one.
        if let Some(v) = r.version.as_ref().filter(|_| self.t.versions.len() > 1) {
            facts.push(v.clone());
        }
        if let Some(c) = &r.category {
            facts.push(format!("category {c}"));
        }
        writeln!(
            out,
            "<details id=\"f{}\"{}><summary><h3>{} <span class=\"facts\">{}</span></h3></summary>",
            d.row,
            if open { " open" } else { "" },
            Esc(self.name(d.row)),
            Esc(&facts.join(", "))
        )?;
        write!(
            out,
            "<table class=\"diags\">\n<caption class=\"vh\">Diagnostics of {}</caption>\n<colgroup><col class=\"line\"><col class=\"sev\"><col class=\"key\"><col class=\"wide\"><col class=\"pointer\"><col class=\"code\"><col></colgroup>\n<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Severity</th><th scope=\"col\">Problem</th><th scope=\"col\">Path</th><th scope=\"col\">WCO pointer</th><th scope=\"col\">National code</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n",
            Esc(self.name(d.row))
        )?;
        for (diag, source) in d.diagnostics.iter().zip(&d.sources) {
            let line = if diag.line == 0 { String::new() } else { format!("{}:{}", diag.line, diag.column) };
            let problem = diag.rule.as_deref().unwrap_or(diag.code.as_str());
            let message = if self.t.drops_messages() {
                "<i>(left out: values masked)</i>".to_string()
            } else {
                Esc(&diag.message).to_string()
            };
            let names = diag.wco_names.as_deref().map(|n| format!("<br>{}", Esc(n))).unwrap_or_default();
            let source = match source {
                Some(s) => format!("<br><code class=\"src\">{} | {}</code>", diag.line, Esc(s)),
                None => String::new(),
            };
            writeln!(
                out,
                "<tr><td class=\"n\">{line}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code>{names}</td><td>{}</td><td>{message}{source}</td></tr>",
                diag.severity,
                Esc(problem),
                Esc(&diag.path),
                Esc(diag.wco_pointer.as_deref().unwrap_or("")),
                Esc(diag.national_code.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        if r.truncated {
            writeln!(out, "<p>The error cap was reached: later problems in this file were not reported.</p>")?;
        }
        writeln!(out, "</details>")
    }
}

/// A table of verdicts per group (version or category), with each group's top problem.
fn group_table(out: &mut dyn Write, caption: &str, head: &str, rows: &[(String, &Group)]) -> io::Result<()> {
    write!(
        out,
        "<table class=\"groups\">\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{head}</th><th scope=\"col\">Files</th><th scope=\"col\">Valid</th><th scope=\"col\">Invalid</th><th scope=\"col\">Unreadable</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th><th scope=\"col\">Most frequent problem</th></tr></thead>\n<tbody>\n"
    )?;
    for (label, g) in rows {
        let c = &g.counts;
        let top = g.top_problem().map(|(p, n)| format!("{} ({})", Esc(p), Num(n))).unwrap_or_default();
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{top}</td></tr>",
            Esc(label),
            Num(c.files),
            Num(c.valid),
            Num(c.invalid),
            Num(c.unreadable),
            Num(c.errors),
            Num(c.warnings)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// One bar of a chart.
struct Bar {
    label: String,
    value: usize,
    /// Said after the value in the chart's description (e.g. "12 files").
    note: String,
}

/// A horizontal bar chart in SVG: each bar labelled with its name and value (no colour needed),
/// with a title and a description listing every bar for readers that do not see it.
fn chart(out: &mut dyn Write, id: &str, title: &str, unit: &str, bars: &[Bar]) -> io::Result<()> {
    const WIDTH: usize = 760;
    const LABEL: usize = 330;
    const ROW: usize = 24;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(1).max(1);
    let height = bars.len() * ROW + 8;
    let desc: Vec<String> =
        bars.iter().map(|b| format!("{}: {} {unit} in {}", b.label, Num(b.value), b.note)).collect();
    write!(
        out,
        "<figure class=\"chart\">\n<svg id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        Esc(title),
        Esc(&desc.join("; "))
    )?;
    let room = WIDTH - LABEL - 70;
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let w = (b.value * room).div_ceil(max).max(1);
        writeln!(
            out,
            "<g><title>{}: {}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text><rect x=\"{LABEL}\" y=\"{}\" width=\"{w}\" height=\"16\" class=\"bar\"/><text x=\"{}\" y=\"{}\" class=\"value\">{}</text></g>",
            Esc(&b.label),
            Num(b.value),
            LABEL - 8,
            y + 13,
            Esc(&short_label(&b.label)),
            y,
            LABEL + w + 6,
            y + 13,
            Num(b.value)
        )?;
    }
    writeln!(out, "</svg>\n<figcaption>{} (the table below gives every one).</figcaption>\n</figure>", Esc(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::FileRecord;
    use std::borrow::Cow;
    use wcodm::{Code, Diagnostic};

    fn page(records: &[FileRecord], masked: bool) -> String {
        let mut t = Tally::new(10, false);
        for r in records {
            t.add(r, Some(b"<a>\n<b>value</b>\n"));
        }
        t.finish();
        let mut out = Vec::new();
        write(&mut out, &t, &About::new(masked)).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn record<'a>(file: &'a str, category: Option<&'a str>, message: &str) -> FileRecord<'a> {
        let mut d = Diagnostic::new(Code::Pattern, message, 2, 1);
        d.path = "/D/Office[2]".into();
        FileRecord {
            file: Cow::Borrowed(file),
            valid: false,
            unreadable: false,
            version: Some(Cow::Borrowed("3.6")),
            profile: category.map(|_| Cow::Borrowed("uk-cds")),
            category: category.map(Cow::Borrowed),
            truncated: false,
            diagnostics: Cow::Owned(vec![d]),
        }
    }

    #[test]
    fn what_a_record_holds_is_escaped() {
        let html = page(&[record("in/<svg onload=alert(2)>.xml", None, "value '<img src=x onerror=alert(1)>'")], false);
        assert!(!html.contains("<svg onload") && !html.contains("<img"));
        assert!(html.contains("&lt;svg onload=alert(2)&gt;.xml"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        // The source line, escaped too.
        assert!(html.contains("<code class=\"src\">2 | &lt;b&gt;value&lt;/b&gt;</code>"));
        // One script, with the nonce the policy names.
        let nonce = html.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert_eq!(nonce.len(), 32);
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains(&format!("<script nonce=\"{nonce}\">")));
    }

    #[test]
    fn categories_get_their_table_and_column_when_records_carry_them() {
        let without = page(&[record("a.xml", None, "m")], false);
        assert!(without.contains("No record names a declaration category"));
        assert!(!without.contains(">Category</th>"));
        let with = page(
            &[record("a.xml", Some("H1"), "m"), record("b.xml", Some("B1"), "m"), record("c.xml", None, "m")],
            false,
        );
        assert!(with.contains("<tr><th scope=\"row\">H1 (uk-cds)</th><td class=\"n\">1</td>"));
        assert!(with.contains("<tr><th scope=\"row\">B1 (uk-cds)</th>"));
        assert!(with.contains("<p>1 file without a category.</p>"));
        assert!(with.contains("data-sort=\"text\">Category</th>"));
        assert!(with.contains("category H1"));
    }

    #[test]
    fn a_problem_names_the_files_it_hits() {
        let names: Vec<String> = (0..107).map(|i| format!("f{i:03}.xml")).collect();
        let records: Vec<FileRecord> = names.iter().map(|n| record(n, None, "m")).collect();
        let html = page(&records, false);
        let row = html.split("<table class=\"problems\">").nth(1).unwrap().split("</table>").next().unwrap();
        // Five named in the row, the next 95 behind a disclosure, the last 7 counted.
        let first = row.split("<details").next().unwrap();
        assert!(first.contains("f004.xml") && !first.contains("f005.xml"));
        assert!(row.contains("<details class=\"more\"><summary>102 more files</summary>"), "{row}");
        assert!(row.contains("f099.xml") && !row.contains("f100.xml"));
        assert!(row.contains("<br>and 7 more files</details>"));
    }

    #[test]
    fn counts_have_thousands_separators() {
        let shown: Vec<String> = [0, 7, 999, 1000, 12345, 100000, 1234567].map(|n| Num(n).to_string()).into();
        assert_eq!(shown, ["0", "7", "999", "1,000", "12,345", "100,000", "1,234,567"]);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(Esc("a<b>&\"c'").to_string(), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(Esc("plain").to_string(), "plain");
    }

    #[test]
    fn labels_keep_the_end_of_long_paths() {
        let long = "/MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Commodity/Classification/ID";
        let short = short_label(long);
        assert_eq!(short.chars().count(), 44);
        assert!(short.starts_with('…') && short.ends_with("/Classification/ID"));
        assert_eq!(short_label("/A/B"), "/A/B");
    }
}
