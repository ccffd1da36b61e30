//! `wcodm report`: a batch's data-quality report as one self-contained HTML page, made by
//! validating inputs (with the options of `validate`) or from the NDJSON of an earlier run.
//! [`tally`] counts, [`html`] writes the page.

mod html;
mod tally;

pub use tally::Tally;

use crate::output::{FileRecord, Summary};
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Shown under `wcodm report --help`.
pub const EXAMPLES: &str = "Examples:
  wcodm report -o report.html examples/
  wcodm report -o uk.html --schema schemas/customs/wrapper_submit.xsd declarations/
  wcodm validate --format ndjson --mask-values declarations/ > run.ndjson
  wcodm report -o run.html --from run.ndjson

The page needs no network: no external script, font or image. Exit codes as for validate:
0 all valid, 1 some file invalid or unreadable, 2 usage, rule-set or input error.";

/// The options of `wcodm report`.
#[derive(clap::Args)]
pub struct Args {
    /// Read the records of an earlier `wcodm validate --format ndjson` run (`-`: standard
    /// input) instead of validating.
    #[arg(
        long,
        value_name = "RESULTS.ndjson",
        conflicts_with_all = ["paths", "files_from", "schema", "packs", "version", "as_version", "today", "jobs"]
    )]
    from: Option<PathBuf>,
    /// The page to write (`-`: standard output).
    #[arg(long, short, value_name = "PAGE.html", default_value = "report.html")]
    out: PathBuf,
    /// How many of the worst files show their diagnostics on the page (the others are counted
    /// and listed).
    #[arg(long, value_name = "N", default_value_t = 500)]
    details: usize,
    #[command(flatten)]
    batch: crate::ValidateArgs,
}

/// Make the page.
pub fn run(args: Args) -> io::Result<ExitCode> {
    // Messages read from NDJSON were masked only if that run was asked to: with --mask-values
    // they are left out, since their values cannot be told apart afterwards.
    let mut tally = Tally::new(args.details, args.from.is_some() && args.batch.mask_values);
    let mut about = html::About::new(args.batch.mask_values);
    let code = match &args.from {
        Some(path) => {
            about.source = format!("the records of {}", path.display());
            let stdin = path.as_os_str() == "-";
            let name = if stdin { "standard input".to_string() } else { path.display().to_string() };
            let read = if stdin {
                crate::stdin_hint("the NDJSON records of `wcodm validate --format ndjson`");
                read_ndjson(io::stdin().lock(), &mut tally)
            } else {
                std::fs::File::open(path).and_then(|f| read_ndjson(io::BufReader::new(f), &mut tally))
            };
            match read {
                Ok(summary) => about.check_summary(summary, &tally.summary),
                // What is in the file (a line that is no record, or not UTF-8) is said with
                // its line; a file that cannot be read is said to be so.
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    eprintln!("wcodm: --from {name}: {e}");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => {
                    let why =
                        if e.kind() == io::ErrorKind::IsADirectory { "it is a folder".into() } else { e.to_string() };
                    eprintln!("wcodm: cannot read the --from file {name}: {why}");
                    return Ok(ExitCode::from(2));
                }
            }
            if tally.rows.is_empty() {
                eprintln!("wcodm: {name} holds no file record (write one with `wcodm validate --format ndjson`)");
                return Ok(ExitCode::from(2));
            }
            if tally.summary.all_valid() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        None => {
            about.describe(&args.batch);
            let code = crate::validate(args.batch, crate::Sink::Report(&mut tally))?;
            // Nothing was validated (a usage or rule-set error, already said): no page.
            if tally.rows.is_empty() {
                return Ok(code);
            }
            code
        }
    };
    tally.finish();
    if let Some(warning) = &about.warning {
        eprintln!("wcodm: {warning}");
    }
    let written = if args.out.as_os_str() == "-" {
        let mut out = io::BufWriter::new(io::stdout().lock());
        html::write(&mut out, &tally, &about).and_then(|()| out.flush())
    } else {
        std::fs::File::create(&args.out).and_then(|f| {
            let mut out = io::BufWriter::new(f);
            html::write(&mut out, &tally, &about)?;
            out.flush()
        })
    };
    if let Err(e) = written {
        eprintln!("wcodm: cannot write {}: {e}", args.out.display());
        return Ok(ExitCode::from(2));
    }
    if args.out.as_os_str() != "-" {
        eprintln!(
            "wcodm: report of {} file{} written to {}",
            tally.totals.files,
            if tally.totals.files == 1 { "" } else { "s" },
            args.out.display()
        );
    }
    Ok(code)
}

/// Count the file records of an NDJSON stream; return its summary records' counts added up
/// (`None` when it has none, e.g. a run cut short).
fn read_ndjson(from: impl BufRead, tally: &mut Tally) -> io::Result<Option<Summary>> {
    let mut summary: Option<Summary> = None;
    for (n, line) in from.lines().enumerate() {
        let line = line.map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData => {
                io::Error::new(e.kind(), format!("line {}: not UTF-8 text (wcodm writes NDJSON in UTF-8)", n + 1))
            }
            _ => e,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        // serde_json counts lines within this one line: its "at line 1 column C" becomes the
        // column here.
        let bad = |e: serde_json::Error| {
            let text = e.to_string();
            let (what, column) = match e.line() {
                0 => (text.as_str(), String::new()),
                _ => (
                    text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m),
                    format!(", column {}", e.column()),
                ),
            };
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("line {}{column}: not a wcodm NDJSON record: {what}", n + 1),
            )
        };
        let value: serde_json::Value = serde_json::from_str(&line).map_err(bad)?;
        if value.get("summary").and_then(serde_json::Value::as_bool) == Some(true) {
            let s: Summary = serde_json::from_value(value).map_err(bad)?;
            let total = summary.get_or_insert_with(Summary::new);
            total.files += s.files;
            total.valid += s.valid;
            total.invalid += s.invalid;
            total.unreadable += s.unreadable;
        } else {
            let record: FileRecord = serde_json::from_value(value).map_err(bad)?;
            tally.add(&record, None);
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_summaries() {
        let ndjson = r#"{"file":"a.xml","valid":true,"version":"3.6","truncated":false,"diagnostics":[]}

{"file":"b.xml","valid":false,"version":"3.6","profile":"uk-cds","category":"H1","truncated":false,"diagnostics":[{"code":"pattern","rule":null,"severity":"error","message":"m","path":"/A","line":2,"column":1,"wco_id":null,"wco_pointer":null}]}
{"file":"c.xml","valid":false,"unreadable":true,"version":null,"truncated":false,"diagnostics":[{"code":"io","rule":null,"severity":"error","message":"cannot read","path":"","line":0,"column":0,"wco_id":null,"wco_pointer":null}]}
{"summary":true,"files":3,"valid":1,"invalid":1,"unreadable":1,"top":[]}
"#;
        let mut t = Tally::new(10, false);
        let s = read_ndjson(ndjson.as_bytes(), &mut t).unwrap().unwrap();
        assert_eq!((s.files, s.valid, s.invalid, s.unreadable), (3, 1, 1, 1));
        assert_eq!((t.summary.files, t.summary.valid, t.summary.invalid, t.summary.unreadable), (3, 1, 1, 1));
        assert_eq!(t.rows[1].category.as_deref(), Some("H1"));
        let e = read_ndjson("{\"file\":\"a.xml\"}\n".as_bytes(), &mut t).err().unwrap();
        assert!(e.to_string().starts_with("line 1: not a wcodm NDJSON record: missing field"), "{e}");
        let e = read_ndjson("\n<html>\n".as_bytes(), &mut t).err().unwrap();
        assert_eq!(e.to_string(), "line 2, column 1: not a wcodm NDJSON record: expected value");
        // A record cut short: its column on its own line, not serde's "at line 1 column 10".
        let e = read_ndjson("\n{\"file\":\"a".as_bytes(), &mut t).err().unwrap();
        assert_eq!(e.to_string(), "line 2, column 10: not a wcodm NDJSON record: EOF while parsing a string");
    }
}
