//! Reading xmllint's output: its verdict and errors per file, each error's kind as wcodm's
//! diagnostic code, and its line as wcodm numbers it.
#![allow(dead_code)]

use std::collections::HashMap;

/// xmllint's verdict on one file.
#[derive(Debug, Clone, Default)]
pub struct Lint {
    /// `FILE validates`.
    pub valid: bool,
    /// Its `LINE: ...` messages (file name stripped).
    pub messages: Vec<String>,
}

/// xmllint's stderr read per file: `index` gives each file's name (as xmllint printed it) its
/// slot in the result.
pub fn parse(stderr: &str, index: &HashMap<String, usize>) -> Vec<Lint> {
    let mut local = vec![Lint::default(); index.len()];
    // The file a line of text continues (a value with a line break in it).
    let mut last = None;
    for line in stderr.lines() {
        if let Some(f) = line.strip_suffix(" validates") {
            if let Some(&i) = index.get(f) {
                local[i].valid = true;
            }
            last = None;
        } else if let Some((f, _)) = line.split_once(':')
            && let Some(&i) = index.get(f)
        {
            local[i].messages.push(line[f.len() + 1..].to_string());
            last = Some(i);
        } else if line.ends_with(" fails to validate") {
            last = None;
        } else if let Some(m) = last.and_then(|i: usize| local[i].messages.last_mut()) {
            m.push('\n');
            m.push_str(line);
        }
    }
    local
}

/// The diagnostic code wcodm gives for the problem an xmllint message names, or None for a
/// message of a class this test does not know (which fails the test: add it here).
pub fn lint_code(message: &str) -> Option<&'static str> {
    if let Some((_, body)) = message.split_once("Schemas validity error : ") {
        // `Element 'name'` and `, attribute 'name'` come first; names hold no quote.
        let body = match body.strip_prefix("Element '") {
            Some(rest) => rest.split_once("': ").map_or(rest, |(_, b)| b),
            None => body,
        };
        let facet = |f: &str| body.starts_with(&format!("[facet '{f}']"));
        return Some(match () {
            _ if body.starts_with("This element is not expected.") => "unexpected-element",
            _ if body.starts_with(
                "No matching global element declaration available, but demanded by the strict wildcard",
            ) =>
            {
                "unexpected-element"
            }
            _ if body.starts_with(
                "No matching global attribute declaration available, but demanded by the strict wildcard",
            ) =>
            {
                "unexpected-attribute"
            }
            _ if body.starts_with("No matching global declaration available for the validation root") => "unknown-root",
            _ if body.starts_with("Missing child element(s).") => "missing-element",
            _ if body.starts_with("Character content other than whitespace is not allowed") => "unexpected-text",
            _ if body.starts_with("Character content is not allowed, because the content type is empty") => {
                "unexpected-text"
            }
            _ if body.starts_with("Element content is not allowed, because the") => "element-in-simple-content",
            _ if body.starts_with("The attribute '") && body.ends_with("' is not allowed.") => "unexpected-attribute",
            _ if body.starts_with("The attribute '") && body.ends_with("' is required but missing.") => {
                "missing-attribute"
            }
            _ if facet("pattern") => "pattern",
            _ if facet("enumeration") => "enumeration",
            _ if facet("length") || facet("minLength") || facet("maxLength") => "length",
            _ if facet("totalDigits") => "total-digits",
            _ if facet("fractionDigits") => "fraction-digits",
            _ if ["minInclusive", "maxInclusive", "minExclusive", "maxExclusive"].into_iter().any(facet) => "bounds",
            _ if body.contains("' is not a valid value of the ") => "invalid-value",
            _ if body.starts_with("The element is not 'nillable'.") => "nil",
            _ if body.starts_with("Neither character nor element content is allowed") => "nil",
            _ if body.contains("fixed value constraint") => "fixed",
            // wcodm refuses xsi:type (README: it does not honour it); xmllint resolves it.
            _ if body.contains("xsi:type") => "unsupported",
            _ => return None,
        });
    }
    if message.contains(" parser error : ") || message.contains(" namespace error : ") {
        return Some(if message.contains("encoding") { "xml-encoding" } else { "xml-syntax" });
    }
    None
}

/// xmllint's errors as (line, code), warnings skipped; the code is `?` for a message class
/// `lint_code` does not know.
pub fn lint_errors(lint: &Lint) -> Vec<(u32, &'static str)> {
    lint.messages
        .iter()
        .filter(|m| !m.contains(" warning : "))
        .map(|m| (m.split(':').next().and_then(|l| l.trim().parse().ok()).unwrap_or(0), lint_code(m).unwrap_or("?")))
        .collect()
}

/// The codes of checks on one value: when a value breaks several facets, neither tool's order
/// is specified (xmllint tries `enumeration` before `pattern`, wcodm `pattern` first).
pub const VALUE_CODES: [&str; 7] =
    ["invalid-value", "length", "pattern", "enumeration", "total-digits", "fraction-digits", "bounds"];

/// The line on which the start tag that holds byte column `column` of line `line` ends: libxml2
/// numbers an element by the line where its start tag ends, wcodm by the line where it starts.
pub fn start_tag_end_line(xml: &str, line: u32, column: u32) -> u32 {
    let bytes = xml.as_bytes();
    let line_start: usize = xml.split_inclusive('\n').take(line.saturating_sub(1) as usize).map(str::len).sum();
    let at = (line_start + column.saturating_sub(1) as usize).min(bytes.len().saturating_sub(1));
    // The tag's `<`: at the column or before it on the same line.
    let Some(lt) = bytes.get(line_start..=at).and_then(|b| b.iter().rposition(|&c| c == b'<')) else { return line };
    let lt = line_start + lt;
    let mut quote = None;
    for (i, &c) in bytes[lt..].iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return line + bytes[lt..lt + i].iter().filter(|&&b| b == b'\n').count() as u32,
            _ => {}
        }
    }
    line
}

/// The kind xmllint gives the problem a wcodm diagnostic reports: its code, except that an
/// element that came where a required one was missing (`missing-element` at that element, "X
/// is missing before Y") is "This element is not expected" for xmllint, `unexpected-element`;
/// a parent that ends without a required child is `missing-element` for both.
pub fn xmllint_kind(d: &wcodm::Diagnostic) -> &'static str {
    match d.code {
        wcodm::Code::MissingElement if d.message.contains(" missing before ") => "unexpected-element",
        c => c.as_str(),
    }
}

/// wcodm's errors as (line, code), each line as xmllint numbers it (`start_tag_end_line`;
/// well-formedness errors keep theirs), each code as xmllint's kind ([`xmllint_kind`]).
pub fn wcodm_errors(report: &wcodm::Report, xml: &str) -> Vec<(u32, &'static str)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == wcodm::Severity::Error)
        .map(|d| {
            let line = if d.code.is_fatal() { d.line } else { start_tag_end_line(xml, d.line, d.column) };
            (line, xmllint_kind(d))
        })
        .collect()
}

/// `code:line` for each error, space-separated, or `valid`.
pub fn render(errors: &[(u32, &'static str)]) -> String {
    if errors.is_empty() {
        return "valid".into();
    }
    errors.iter().map(|(l, c)| format!("{c}:{l}")).collect::<Vec<_>>().join(" ")
}

/// Whether wcodm's structural (non-value) codes on one line are xmllint's there. xmllint says
/// "This element is not expected" (`unexpected-element`) both for an element out of place and
/// for one that came while a required sibling before it is missing; wcodm names the second
/// `missing-element`, at the same element. The reverse does not happen: a `missing-element`
/// from xmllint ("Missing child element(s)", at the parent) is one from wcodm too.
pub fn structure_agrees(ours: &[&str], theirs: &[&str]) -> bool {
    let count = |e: &[&str], code: &str| e.iter().filter(|&&c| c == code).count();
    let others = |e: &[&str]| -> Vec<String> {
        e.iter().filter(|&&c| c != "missing-element" && c != "unexpected-element").map(|c| c.to_string()).collect()
    };
    let element = |e: &[&str]| count(e, "missing-element") + count(e, "unexpected-element");
    others(ours) == others(theirs)
        && element(ours) == element(theirs)
        && count(ours, "missing-element") >= count(theirs, "missing-element")
}

/// Whether wcodm's errors are xmllint's: the same lines, on each line the same codes, except
/// that where a value breaks several facets wcodm may report any of those xmllint reports
/// (xmllint reports each, and then that the value is not of its type). For a document xmllint
/// finds not well-formed, only the first errors are compared: xmllint then validates nothing
/// and reports what the break leads to, and wcodm stops at the break, its first
/// well-formedness error (it streams, so validity errors may come before).
pub fn same_errors(ours: &[(u32, &'static str)], theirs: &[(u32, &'static str)]) -> bool {
    if let Some(&(line, code)) = theirs.first()
        && code.starts_with("xml-")
    {
        return ours.iter().find(|(_, c)| c.starts_with("xml-")) == Some(&(line, code));
    }
    let lines = |e: &[(u32, &'static str)]| e.iter().map(|&(l, _)| l).collect::<std::collections::BTreeSet<u32>>();
    if lines(ours) != lines(theirs) {
        return false;
    }
    lines(ours).into_iter().all(|l| {
        let codes = |e: &[(u32, &'static str)], value: bool| {
            let mut c: Vec<&str> =
                e.iter().filter(|&&(l2, c)| l2 == l && VALUE_CODES.contains(&c) == value).map(|&(_, c)| c).collect();
            c.sort_unstable();
            c
        };
        let (w, x) = (codes(ours, true), codes(theirs, true));
        structure_agrees(&codes(ours, false), &codes(theirs, false))
            && w.is_empty() == x.is_empty()
            && w.iter().all(|c| x.contains(c))
    })
}
