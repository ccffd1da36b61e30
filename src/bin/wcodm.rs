//! The `wcodm` command line: validate customs declarations in batch.
//!
//! Exit codes: 0 every file valid, 1 some file invalid or unreadable, 2 usage error or a rule
//! set that cannot be loaded. A closed output pipe ends the run quietly.

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wcodm::{Code, Diagnostic, Options, Report, Validator};

#[derive(Parser)]
#[command(name = "wcodm", version, about = "Validate WCO Data Model customs declarations", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate files, folders (recursively, *.xml) and `-` (standard input).
    #[command(
        after_help = "Examples:\n  wcodm validate --schema schemas/customs/wrapper_submit.xsd declarations/\n  wcodm validate --schema root.xsd --format ndjson a.xml b.xml > report.ndjson\n  find . -name '*.xml' > list.txt && wcodm validate --schema root.xsd --files-from list.txt"
    )]
    Validate(ValidateArgs),
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Files, folders and `-` for standard input.
    paths: Vec<PathBuf>,
    /// Read more paths from this file, one per line.
    #[arg(long)]
    files_from: Option<PathBuf>,
    /// The root XSD of a schema set (e.g. a national customisation).
    #[arg(long)]
    schema: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Leave message values out of the output.
    #[arg(long)]
    mask_values: bool,
    /// Stop reporting after this many diagnostics per file.
    #[arg(long, default_value_t = 100)]
    max_errors: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Compiler-style lines.
    Human,
    /// One JSON document.
    Json,
    /// One JSON record per file, then a summary record.
    Ndjson,
}

/// The NDJSON record for one file (a public contract: see README "Output formats").
#[derive(Serialize)]
struct FileRecord<'a> {
    file: &'a str,
    valid: bool,
    version: &'a str,
    truncated: bool,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize, Default)]
struct Summary {
    summary: bool,
    files: usize,
    valid: usize,
    invalid: usize,
    unreadable: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate(args) => match validate(args) {
            Ok(code) => code,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("wcodm: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn collect(paths: &[PathBuf], out: &mut Vec<PathBuf>) -> io::Result<()> {
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            let (dirs, files): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.is_dir());
            out.extend(files.into_iter().filter(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml"))));
            collect(&dirs, out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(())
}

fn validate_one(v: &Validator, path: &Path) -> (Report, bool) {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        return match io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => (v.validate(&buf), false),
            Err(e) => (unreadable(format!("cannot read standard input: {e}")), true),
        };
    }
    // Small files are read whole (zero-copy parsing); large ones stream with bounded memory.
    let opened = std::fs::File::open(path).and_then(|f| f.metadata().map(|m| (f, m.len())));
    match opened {
        Ok((mut f, len)) if len <= IN_MEMORY_MAX => {
            let mut buf = Vec::with_capacity(len as usize);
            match f.read_to_end(&mut buf) {
                Ok(_) => (v.validate(&buf), false),
                Err(e) => (unreadable(format!("cannot read {}: {e}", path.display())), true),
            }
        }
        Ok((f, _)) => (v.validate_reader(io::BufReader::with_capacity(64 << 10, f)), false),
        Err(e) => (unreadable(format!("cannot read {}: {e}", path.display())), true),
    }
}

/// Files up to this size are validated from memory; larger ones are streamed.
const IN_MEMORY_MAX: u64 = 32 << 20;

fn unreadable(message: String) -> Report {
    let mut r = Report::default();
    r.diagnostics.push(Diagnostic::new(Code::Io, message, 0, 0));
    r
}

fn validate(args: ValidateArgs) -> io::Result<ExitCode> {
    let mut inputs = args.paths.clone();
    if let Some(list) = &args.files_from {
        let f = io::BufReader::new(std::fs::File::open(list)?);
        for line in f.lines() {
            let line = line?;
            if !line.trim().is_empty() {
                inputs.push(PathBuf::from(line.trim()));
            }
        }
    }
    if inputs.is_empty() {
        eprintln!("wcodm: no input files (give paths, a folder, `-` or --files-from)");
        return Ok(ExitCode::from(2));
    }
    let mut files = Vec::new();
    collect(&inputs, &mut files)?;
    let validator = match Validator::from_xsd_path(&args.schema) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("wcodm: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut options = Options::default();
    options.max_errors = args.max_errors;
    options.mask_values = args.mask_values;
    let validator = validator.with_options(options);
    let version = args.schema.to_string_lossy().into_owned();
    if let Some(j) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(j.max(1)).build_global();
    }
    let results: Vec<(Report, bool)> = files.par_iter().map(|f| validate_one(&validator, f)).collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut summary = Summary { summary: true, ..Summary::default() };
    let mut json_docs = Vec::new();
    for (path, (report, unread)) in files.iter().zip(&results) {
        let name = path.to_string_lossy();
        summary.files += 1;
        match (unread, report.is_valid()) {
            (true, _) => summary.unreadable += 1,
            (false, true) => summary.valid += 1,
            (false, false) => summary.invalid += 1,
        }
        let rec = FileRecord {
            file: &name,
            valid: report.is_valid() && !unread,
            version: &version,
            truncated: report.truncated,
            diagnostics: &report.diagnostics,
        };
        match args.format {
            Format::Human => {
                out.write_all(report.render_human(&name).as_bytes())?;
            }
            Format::Ndjson => {
                serde_json::to_writer(&mut out, &rec)?;
                out.write_all(b"\n")?;
            }
            Format::Json => json_docs.push(serde_json::to_value(&rec)?),
        }
    }
    match args.format {
        Format::Human => writeln!(
            out,
            "{} files: {} valid, {} invalid, {} unreadable",
            summary.files, summary.valid, summary.invalid, summary.unreadable
        )?,
        Format::Ndjson => {
            serde_json::to_writer(&mut out, &summary)?;
            out.write_all(b"\n")?;
        }
        Format::Json => {
            serde_json::to_writer(&mut out, &serde_json::json!({ "files": json_docs, "summary": summary }))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(if summary.valid == summary.files { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
