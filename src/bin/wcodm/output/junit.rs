//! `--format junit`: a JUnit XML test report (what CI systems show as test results): one
//! testsuite, one testcase per input file (named by its path, its folder as class name), a
//! `failure` for an invalid file and an `error` for one that could not be read, each holding
//! the file's diagnostics as human output writes them; the warnings of a valid file go to its
//! `system-out`. The counts: `tests` = files, `failures` = invalid, `errors` = unreadable.
//!
//! The counts come first in the document, so the testcases (rendered on the worker threads) are
//! held until the batch ends: memory grows with the report's size (a few hundred bytes per
//! file, plus its diagnostics' text).

use crate::batch::Outcome;
use crate::output::{self, Style, Summary};
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;
use wcodm::Severity;

/// One file's `<testcase>` element, on its own lines.
pub fn testcase(buf: &mut Vec<u8>, file: &str, o: &Outcome, style: &Style) -> io::Result<()> {
    let mut text = Vec::new();
    output::write_human(&mut text, file, o, &Style { color: false, quiet: false, ..style.clone() }, false)?;
    let text = String::from_utf8_lossy(&text);
    let text = xml_chars(&text);
    let folder = match Path::new(file).parent().map(|p| p.to_string_lossy()) {
        Some(p) if !p.is_empty() => p,
        _ => Cow::Borrowed("."),
    };
    let name = xml_chars(file);
    let class = xml_chars(&folder);
    let mut w = Writer::new_with_indent(&mut *buf, b' ', 2);
    let case = w.create_element("testcase").with_attribute(("name", &*name)).with_attribute(("classname", &*class));
    let errors: Vec<_> = o.report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    // The first problem, on one line, is the headline CI systems show.
    let headline = |n: usize| {
        let first = errors.first().map(|d| {
            let label = d.rule.as_deref().unwrap_or(d.code.as_str());
            format!(": [{label}] {}", d.message.replace(['\r', '\n'], " "))
        });
        xml_chars(&format!("{n} error{}{}", if n == 1 { "" } else { "s" }, first.unwrap_or_default())).into_owned()
    };
    if o.unreadable {
        let message = o.report.diagnostics.first().map_or(Cow::Borrowed(""), |d| xml_chars(&d.message));
        case.write_inner_content(|w| {
            w.create_element("error")
                .with_attribute(("type", "unreadable"))
                .with_attribute(("message", &*message))
                .write_text_content(text_of(&text))?;
            Ok(())
        })?;
    } else if !o.report.is_valid() {
        let message = headline(errors.len());
        case.write_inner_content(|w| {
            w.create_element("failure")
                .with_attribute(("type", "invalid"))
                .with_attribute(("message", message.as_str()))
                .write_text_content(text_of(&text))?;
            Ok(())
        })?;
    } else if !o.report.diagnostics.is_empty() {
        case.write_inner_content(|w| {
            w.create_element("system-out").write_text_content(text_of(&text))?;
            Ok(())
        })?;
    } else {
        case.write_empty()?;
    }
    buf.push(b'\n');
    Ok(())
}

/// The whole report: the declaration, the suites with their counts, the testcases.
pub fn document(out: &mut dyn Write, cases: &[u8], s: &Summary) -> io::Result<()> {
    let mut w = Writer::new(out);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.get_mut().write_all(b"\n")?;
    let counts = [
        ("tests", s.files.to_string()),
        ("failures", s.invalid.to_string()),
        ("errors", s.unreadable.to_string()),
        ("skipped", "0".to_string()),
    ];
    let counted = |name: &'static str, title: &'static str| {
        BytesStart::new(name)
            .with_attributes([("name", title)])
            .with_attributes(counts.iter().map(|(k, v)| (*k, v.as_str())))
    };
    w.write_event(Event::Start(counted("testsuites", "wcodm")))?;
    w.get_mut().write_all(b"\n")?;
    w.write_event(Event::Start(counted("testsuite", "wcodm validate")))?;
    w.get_mut().write_all(b"\n")?;
    if let Some(day) = &s.today {
        let property = BytesStart::new("property").with_attributes([("name", "today"), ("value", day.as_str())]);
        w.create_element("properties").write_inner_content(|w| w.write_event(Event::Empty(property)))?;
        w.get_mut().write_all(b"\n")?;
    }
    w.get_mut().write_all(cases)?;
    w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    w.get_mut().write_all(b"\n")?;
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    w.get_mut().write_all(b"\n")
}

/// Element content, escaped only where XML needs it (`&`, `<`, `>`, CR), so that quotes in
/// messages stay readable.
fn text_of(s: &str) -> BytesText<'_> {
    BytesText::from_escaped(partial_escape(s))
}

/// Text as XML 1.0 may hold it: a character it forbids even as a reference (a control
/// character other than tab, CR and LF; U+FFFE, U+FFFF) becomes U+FFFD. Escaping is the
/// writer's.
fn xml_chars(s: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}');
    if s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::xml_chars;

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(xml_chars("a\tb\nc"), "a\tb\nc");
        assert_eq!(xml_chars("x\u{0}y\u{1b}z\u{FFFF}"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
    }
}
