//! The `wcodm` command line: validate customs declarations in batch.
//!
//! Exit codes: 0 every file valid, 1 some file invalid or unreadable, 2 usage error or a rule
//! set that cannot be loaded. A closed output pipe ends the run quietly.

mod batch;
mod output;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use wcodm::{Options, Validator};

#[derive(Parser)]
#[command(name = "wcodm", version, about = "Validate WCO Data Model customs declarations", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate files, folders (recursively, *.xml) and `-` (standard input).
    #[command(after_help = "Examples:
  wcodm validate --schema schemas/customs/wrapper_submit.xsd declarations/
  wcodm validate --schema root.xsd --format ndjson a.xml b.xml > report.ndjson
  find . -name '*.xml' > list.txt && wcodm validate --schema root.xsd --files-from list.txt
  cat declaration.xml | wcodm validate --schema root.xsd -

Exit codes: 0 all valid, 1 some file invalid or unreadable, 2 usage or rule-set error.")]
    Validate(ValidateArgs),
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Files, folders and `-` for standard input.
    paths: Vec<PathBuf>,
    /// Read more paths from this file, one per line (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// The root XSD of a schema set (e.g. a national customisation of the WCO Data Model).
    #[arg(long, value_name = "ROOT.xsd")]
    schema: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Leave message values out of the output (messages and source lines).
    #[arg(long)]
    mask_values: bool,
    /// Stop reporting after this many diagnostics per file.
    #[arg(long, default_value_t = 100, value_name = "N")]
    max_errors: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Colour: auto (only on a terminal), always, never.
    #[arg(long, value_enum, default_value_t = When::Auto)]
    color: When,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum When {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wcodm: {e}");
            ExitCode::from(2)
        }
    }
}

fn validate(args: ValidateArgs) -> io::Result<ExitCode> {
    let inputs = batch::inputs(&args.paths, args.files_from.as_deref())?;
    if inputs.is_empty() {
        eprintln!("wcodm: no input files (give paths, a folder, `-` or --files-from)");
        return Ok(ExitCode::from(2));
    }
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
    let check =
        batch::Schema { validator: validator.with_options(options), label: args.schema.to_string_lossy().into_owned() };

    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build().map_err(io::Error::other)?;
    let stdout = io::stdout();
    let style = output::Style {
        color: match args.color {
            When::Always => true,
            When::Never => false,
            When::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        },
    };
    let progress = (io::stderr().is_terminal() && inputs.len() >= 50).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut out = io::BufWriter::new(stdout.lock());
    let mut summary = output::Summary::new();
    let mut json_records = Vec::new();
    let keep_text = args.format == Format::Human && !args.mask_values;
    batch::run(&pool, &check, &inputs, keep_text, |input, outcome| {
        let name = input.name();
        summary.add(&outcome);
        if let Some(p) = &progress {
            p.inc(1);
        }
        let record = output::FileRecord {
            file: &name,
            valid: outcome.report.is_valid() && !outcome.unreadable,
            version: outcome.rule_set.as_deref(),
            truncated: outcome.report.truncated,
            diagnostics: &outcome.report.diagnostics,
        };
        match args.format {
            Format::Human => output::write_human(&mut out, &name, &outcome, &style, keep_text)?,
            Format::Ndjson => {
                serde_json::to_writer(&mut out, &record)?;
                out.write_all(b"\n")?;
            }
            Format::Json => json_records.push(serde_json::to_value(&record)?),
        }
        Ok(())
    })?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    summary.finish(5);
    match args.format {
        Format::Human => summary.write_human(&mut out)?,
        Format::Ndjson => {
            serde_json::to_writer(&mut out, &summary)?;
            out.write_all(b"\n")?;
        }
        Format::Json => {
            serde_json::to_writer(&mut out, &serde_json::json!({ "files": json_records, "summary": summary }))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(if summary.all_valid() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
