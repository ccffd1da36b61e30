//! `--format github`: GitHub Actions workflow commands, one `::error` or `::warning`
//! annotation per diagnostic, which a workflow run shows on the file and line at fault.
//!
//! `::error file=F,line=L,col=C,title=T::MESSAGE`: in the message `%`, CR and LF are written
//! `%25`, `%0D`, `%0A`; in the properties `:` and `,` also (`%3A`, `%2C`), so no value (a file
//! name, a message quoting the input) can end a property or start another command.

use crate::batch::Outcome;
use std::io::{self, Write};
use wcodm::Severity;

/// The annotations of one file's diagnostics (nothing for a file without any).
pub fn write(out: &mut dyn Write, file: &str, o: &Outcome) -> io::Result<()> {
    for d in &o.report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            _ => "warning",
        };
        write!(out, "::{command} ")?;
        let mut properties = Vec::with_capacity(4);
        // Standard input has no file an annotation could point at.
        if file != "-" {
            properties.push(format!("file={}", property(file.strip_prefix("./").unwrap_or(file))));
        }
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
            if d.column > 0 {
                properties.push(format!("col={}", d.column));
            }
        }
        let label = d.rule.as_deref().unwrap_or(d.code.as_str());
        let title = match &d.national_code {
            Some(n) => format!("wcodm {label} ({n})"),
            None => format!("wcodm {label}"),
        };
        properties.push(format!("title={}", property(&title)));
        let mut message = d.message.clone();
        if file == "-" {
            message = format!("standard input: {message}");
        }
        if !d.path.is_empty() {
            message.push_str("\n--> ");
            message.push_str(&d.path);
            if let Some(w) = d.wco_reference() {
                message.push_str("\n    ");
                message.push_str(&w);
            }
        }
        writeln!(out, "{}::{}", properties.join(","), data(&message))?;
    }
    Ok(())
}

/// A workflow command's message: `%`, CR and LF escaped.
pub fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,` escaped too.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_cannot_break_out() {
        assert_eq!(data("50% off\r\n::error::x"), "50%25 off%0D%0A::error::x");
        assert_eq!(property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
        // An escaped value holds no raw separator, line break or unescaped `%`.
        let hostile = "x.xml,line=1::error file=y%0A\r\n,title=z:";
        let p = property(hostile);
        assert!(!p.contains([',', ':', '\r', '\n']));
        assert!(p.match_indices('%').all(|(i, _)| matches!(&p[i + 1..i + 3], "25" | "2C" | "3A" | "0D" | "0A")));
    }
}
