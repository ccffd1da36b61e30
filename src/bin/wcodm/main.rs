//! The `wcodm` command line: validate customs declarations in batch.
//!
//! Exit codes: 0 every file valid, 1 some file invalid or unreadable, 2 usage error or a rule
//! set that cannot be loaded. A closed output pipe ends the run quietly.

mod batch;
mod codelists;
mod output;
mod profiles;
mod report;

use clap::{ArgAction, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wcodm::rules::RulePack;
use wcodm::{Choice, Options, RuleSets, Validator, Version};

#[derive(Parser)]
#[command(
    name = "wcodm",
    version,
    about = "Validate WCO Data Model customs declarations",
    long_about = None,
    after_help = "Exit codes: 0 every file valid, 1 some file invalid or unreadable, 2 usage error or a rule set that \
                  cannot be loaded.\nShell completions: wcodm completions SHELL; manual pages: wcodm man [--out DIR]."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate files, folders (recursively, *.xml) and `-` (standard input).
    #[command(after_help = "Examples:
  wcodm validate declaration.xml                 (built-in rule set of the version it claims)
  wcodm validate --as 4.0-draft declarations/    (what would break on upgrade)
  wcodm validate --schema schemas/customs/wrapper_submit.xsd declarations/
  wcodm validate --schema root.xsd --format ndjson a.xml b.xml > report.ndjson
  find . -name '*.xml' > list.txt && wcodm validate --schema root.xsd --files-from list.txt
  cat declaration.xml | wcodm validate --schema root.xsd -
  wcodm validate --format sarif declarations/ > wcodm.sarif   (code scanning)
  wcodm validate --format junit declarations/ > wcodm.xml     (CI test report)
  wcodm validate --format github declarations/   (annotations in a GitHub Actions run)
  wcodm validate -qq declarations/ && echo all valid
  wcodm validate --rules national.json declarations/    (built-in rules plus a national pack)
  wcodm validate --today 2022-08-26 old/          (date rules as of the day the messages were sent)

Exit codes: 0 all valid, 1 some file invalid or unreadable, 2 usage or rule-set error (or no .xml file
in any path given: a folder without any beside other paths is only a warning).")]
    Validate {
        #[command(flatten)]
        args: ValidateArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Colour: auto (only on a terminal), always, never.
        #[arg(long, value_enum, default_value_t = When::Auto)]
        color: When,
        /// Print less: `-q` only the verdict line of each file (human format) or only the
        /// annotations (github format); `-qq` nothing at all, whatever the format (the exit
        /// code tells).
        #[arg(long, short = 'q', action = ArgAction::Count)]
        quiet: u8,
    },
    /// Write a data-quality report of a batch as one self-contained HTML page: validate inputs
    /// (with the options of `validate`), or read the NDJSON of an earlier run.
    #[command(after_help = report::EXAMPLES)]
    Report(report::Args),
    /// List the built-in WCO Data Model versions, or show the changes between two.
    #[command(after_help = "Examples:\n  wcodm versions\n  wcodm versions diff 3.6 4.0-draft")]
    Versions {
        #[command(subcommand)]
        diff: Option<VersionsCmd>,
    },
    /// List the business rules of a version's built-in pack, after those of a profile and extra
    /// packs when given.
    #[command(
        after_help = "Examples:\n  wcodm rules\n  wcodm rules --profile uk-cds\n  wcodm rules --version 4.0-draft --rules national.json"
    )]
    Rules {
        /// The version (3.6, 3.7, 4.0-draft).
        #[arg(long, default_value = "3.6")]
        version: String,
        /// Extra rule packs (JSON) to list, before the version's.
        #[arg(long = "rules", value_name = "PACK.json")]
        packs: Vec<PathBuf>,
        /// A national profile (name or folder) whose rules to list first. A profile for
        /// messages other than WCO declarations (uk-ics1) is listed without the version's rules,
        /// which do not run beside it.
        #[arg(long, value_name = "NAME|DIR")]
        profile: Option<String>,
    },
    /// Show one rule: what it checks, why, its source, and pass/fail examples generated from it.
    Explain {
        /// The rule id, e.g. WCO-R004.
        rule: String,
        /// Extra rule packs (JSON) to look in too.
        #[arg(long = "rules", value_name = "PACK.json")]
        packs: Vec<PathBuf>,
        /// A national profile (name or folder) to look in too.
        #[arg(long, value_name = "NAME|DIR")]
        profile: Option<String>,
    },
    /// List the built-in national profiles, or show one (its categories and what it does not
    /// enforce).
    #[command(
        after_help = "Examples:\n  wcodm profiles\n  wcodm profiles uk-cds\n  wcodm validate --profile uk-cds declarations/"
    )]
    Profiles {
        /// A profile's name or folder.
        name: Option<String>,
    },
    /// List the built-in code lists (countries, currencies, units...), or print one.
    #[command(after_help = "Examples:
  wcodm codelists                      (every list: name, entries, title, source)
  wcodm codelists country              (its codes, one `code<TAB>name` line each)
  wcodm codelists currency --format json

Exit codes: 0 ok, 2 unknown list name.")]
    Codelists(codelists::Args),
    /// Write a built-in rule set in another form.
    Schema {
        #[command(subcommand)]
        cmd: SchemaCmd,
    },
    /// Print a shell completion script, generated from this command line's definition.
    #[command(after_help = "Examples:
  wcodm completions bash > ~/.local/share/bash-completion/completions/wcodm
  wcodm completions zsh > ~/.zfunc/_wcodm       (with fpath+=~/.zfunc before compinit)
  wcodm completions fish > ~/.config/fish/completions/wcodm.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the manual page (roff), generated from this command line's definition.
    #[command(after_help = "Examples:
  wcodm man | man -l -
  wcodm man --out /usr/local/share/man/man1     (wcodm.1 and a page per subcommand)")]
    Man {
        /// Write wcodm.1 and one page per subcommand (wcodm-validate.1, ...) into this folder
        /// (created if missing) instead of printing wcodm.1.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum VersionsCmd {
    /// The changes from one version to another (each with rationale and source).
    Diff { from: String, to: String },
}

#[derive(Subcommand)]
enum SchemaCmd {
    /// Export a built-in version as an XSD schema set that xmllint and other tools load.
    #[command(
        after_help = "Example:\n  wcodm schema export --version 3.6 --format xsd --out wco-3.6/\n  xmllint --noout --schema wco-3.6/wco-3.6-metadata.xsd declaration.xml"
    )]
    Export {
        /// The version (3.6, 3.7, 4.0-draft).
        #[arg(long)]
        version: String,
        /// The output format (xsd).
        #[arg(long, default_value = "xsd")]
        format: String,
        /// The folder to write into (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Files, folders and `-` for standard input.
    paths: Vec<PathBuf>,
    /// Also validate the files this list names, one per line as `find` prints them (`-`: read
    /// the list from standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// The root XSD of a schema set (e.g. a national customisation of the WCO Data Model),
    /// instead of the built-in WCO rule sets.
    #[arg(long, value_name = "ROOT.xsd", conflicts_with_all = ["version", "as_version"])]
    schema: Option<PathBuf>,
    /// The built-in rule set: auto (the version each message claims), 3.6, 3.7, 4.0-draft.
    #[arg(long, default_value = "auto")]
    version: String,
    /// Extra business-rule packs (JSON), e.g. a national pack; repeatable.
    #[arg(long = "rules", value_name = "PACK.json")]
    packs: Vec<PathBuf>,
    /// A national profile: a built-in name (`wcodm profiles`), a profile folder, or `auto` (the
    /// one each message's MetaData envelope names, if any).
    #[arg(long, value_name = "NAME|DIR|auto")]
    profile: Option<String>,
    /// Migration check: validate against this version whatever the message claims.
    #[arg(long = "as", value_name = "VERSION", id = "as_version", conflicts_with = "version")]
    as_version: Option<String>,
    /// Leave message values out of the output (messages and source lines).
    #[arg(long)]
    mask_values: bool,
    /// Give each diagnostic its location as XPath-based rule engines report it, every step
    /// indexed and every name as the message writes it (`/md:MetaData[1]/Declaration[1]/GoodsShipment[1]`):
    /// `location` in JSON, a line of its own in human output. A profile may ask for it (uk-ics1 does).
    #[arg(long)]
    locations: bool,
    /// The day date rules take as today (YYYY-MM-DD; default: the system's UTC date), to
    /// re-check old messages as of the day they were sent.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    today: Option<wcodm::rules::Day>,
    /// Stop reporting after this many diagnostics per file (0: no limit).
    #[arg(long, default_value_t = 100, value_name = "N")]
    max_errors: usize,
    /// Worker threads (default, and 0: one per core). Never more than the files, nor more than
    /// four per core.
    #[arg(long, short = 'j', value_name = "N")]
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
    /// A SARIF 2.1.0 log (code scanning).
    Sarif,
    /// A JUnit XML test report (CI test results).
    Junit,
    /// GitHub Actions annotations (`::error file=...`), then the summary.
    Github,
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
        Command::Validate { args, format, color, quiet } => validate(args, Sink::Text(format, color, quiet)),
        Command::Report(args) => report::run(args),
        Command::Versions { diff: None } => versions(),
        Command::Versions { diff: Some(VersionsCmd::Diff { from, to }) } => diff(&from, &to),
        Command::Schema { cmd: SchemaCmd::Export { version, format, out } } => export(&version, &format, &out),
        Command::Rules { version, packs, profile } => rules(&version, &packs, profile.as_deref()),
        Command::Explain { rule, packs, profile } => explain(&rule, &packs, profile.as_deref()),
        Command::Profiles { name } => profiles::list(name.as_deref()),
        Command::Codelists(args) => codelists::run(&args),
        Command::Completions { shell } => completions(shell),
        Command::Man { out } => man(out.as_deref()),
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

fn parse_day(s: &str) -> Result<wcodm::rules::Day, String> {
    wcodm::rules::Day::parse(s).ok_or_else(|| format!("'{s}' is not a calendar day written YYYY-MM-DD"))
}

/// Where a batch's verdicts go: text on standard output (in a format, with colour, and how
/// quiet), or the tally of a report.
enum Sink<'a> {
    Text(Format, When, u8),
    Report(&'a mut report::Tally),
}

fn validate(args: ValidateArgs, sink: Sink) -> io::Result<ExitCode> {
    let (format, color, quiet, mut tally) = match sink {
        Sink::Text(format, color, quiet) => (Some(format), color, quiet, None),
        Sink::Report(tally) => (None, When::Never, 0, Some(tally)),
    };
    // `-q` keeps the verdict lines of human output, the annotations of github output; a
    // document format is whole or, with `-qq`, not written at all.
    if quiet == 1
        && let Some(f @ (Format::Json | Format::Ndjson | Format::Sarif | Format::Junit)) = format
    {
        let name = f.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
        eprintln!(
            "wcodm: -q keeps the verdict lines of human output; --format {name} writes a whole document (-qq: no output at all)"
        );
        return Ok(ExitCode::from(2));
    }
    // `-qq`: nothing is written, the exit code tells.
    let format = if quiet >= 2 { None } else { format };
    let mut empty = Vec::new();
    if args.files_from.as_deref() == Some(Path::new("-")) && quiet < 2 {
        stdin_hint("the list of files to validate, one a line,");
    }
    let inputs = batch::inputs(&args.paths, args.files_from.as_deref(), &mut empty)?;
    let folders: Vec<String> = empty.iter().map(|p| p.display().to_string()).collect();
    let holds_none = match &folders[..] {
        [] => String::new(),
        [one] => format!("the folder {one} holds no .xml files"),
        many => format!("the folders {} hold no .xml files", many.join(", ")),
    };
    // Nothing to validate is a usage error; a folder without messages beside others that have
    // some is a warning, and the exit code is the verdicts'.
    if inputs.is_empty() {
        match &folders[..] {
            [] => eprintln!("wcodm: no input files (give paths, a folder, `-` or --files-from)"),
            _ => eprintln!("wcodm: {holds_none}"),
        }
        return Ok(ExitCode::from(2));
    }
    if !folders.is_empty() && quiet < 2 {
        eprintln!("wcodm: warning: {holds_none}");
    }
    let mut options = Options::default();
    options.max_errors = if args.max_errors == 0 { usize::MAX } else { args.max_errors };
    options.mask_values = args.mask_values;
    options.locations = args.locations;
    options.today = args.today;
    let packs = match load_packs(&args.packs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("wcodm: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let profile = match profiles::Choice::parse(args.profile.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("wcodm: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    // Date rules are in force with the built-in sets, a pack or a profile: the summary names
    // the day they took as today.
    let dated = args.schema.is_none() || !packs.is_empty() || !matches!(profile, profiles::Choice::None);
    let today = dated.then(|| options.today.unwrap_or_else(wcodm::rules::Day::today).to_string());
    // What validates the messages is decided here (a version label needs no compile); the check
    // itself is made while the batch's threads start (see `batch::run`).
    let source = match &args.schema {
        Some(schema) => Source::Schema(schema),
        None => {
            let label = args.as_version.as_deref().unwrap_or(&args.version);
            Source::Builtin(match label {
                "auto" if args.as_version.is_none() => Choice::Auto,
                l => match Version::parse(l) {
                    Some(v) => Choice::Fixed(v),
                    None if args.as_version.is_some() => {
                        eprintln!(
                            "wcodm: --as needs a fixed version ({}), not '{l}': it validates every message against that version",
                            Version::labels().join(", ")
                        );
                        return Ok(ExitCode::from(2));
                    }
                    None => {
                        eprintln!("wcodm: unknown version '{l}'; supported: auto, {}", Version::labels().join(", "));
                        return Ok(ExitCode::from(2));
                    }
                },
            })
        }
    };
    if quiet < 2 && inputs.iter().any(|i| matches!(i, batch::Input::Stdin(_))) {
        stdin_hint("a message");
    }
    // `quiet`: a rule set that cannot be built is not reported (`--profile auto` leaves out a
    // built-in profile whose rules do not fit the rule set).
    let build = |profile: Option<&wcodm::profile::Profile>, quiet: bool| -> Option<Box<dyn batch::Check>> {
        let packs = packs.clone();
        let options = options.clone();
        match source {
            Source::Schema(schema) => match Validator::from_xsd_path(schema)
                .and_then(|v| v.with_rules(&packs))
                .and_then(|v| profile.map_or(Ok(v.clone()), |p| v.with_profile(p)))
            {
                Ok(v) => Some(Box::new(batch::Schema {
                    validator: v.with_options(options),
                    label: schema.to_string_lossy().into_owned(),
                })),
                Err(e) => {
                    if !quiet {
                        eprintln!("wcodm: {}", rule_set_error(&e, false));
                    }
                    None
                }
            },
            Source::Builtin(choice) => {
                let extra = !packs.is_empty();
                let mut sets = RuleSets::with_options(options).with_packs(packs);
                if let Some(p) = profile {
                    sets = sets.with_profile(p.clone());
                }
                // The rule set the batch will most likely use (the version its first input claims,
                // standard input's too: what is read of it is kept for the batch) is compiled now,
                // while the other threads start, rather than in the middle of a first file.
                let likely = match choice {
                    Choice::Fixed(v) => Some(v),
                    Choice::Auto => {
                        inputs.first().and_then(batch::Input::head).and_then(|h| sets.select(&h, choice).ok())
                    }
                };
                // Extra packs and a profile are checked now, with the likely version's rule set
                // (or 3.6's when none is likely): a pack that cannot be compiled or does not fit the rule set (a
                // path its schema lacks) is one message and exit 2, not an error on every file;
                // for another version a batch meets, the error is kept with that rule set and
                // reported with each of its messages.
                let first = likely.or((extra || profile.is_some()).then_some(Version::V3_6));
                if let Some(v) = first
                    && let Err(e) = sets.get(v)
                {
                    if !quiet {
                        eprintln!("wcodm: {}", rule_set_error(&e, true));
                    }
                    return None;
                }
                Some(Box::new(batch::Builtin { sets, choice }))
            }
        }
    };
    let make = || -> Option<Box<dyn batch::Check>> {
        match &profile {
            profiles::Choice::None => build(None, false),
            profiles::Choice::One(p) => build(Some(p), false),
            profiles::Choice::Auto => {
                let plain = build(None, false)?;
                let mut profiled = Vec::new();
                for name in wcodm::profile::Profile::builtin_names() {
                    let p = match wcodm::profile::Profile::builtin(name) {
                        Ok(p) => p,
                        Err(e) => {
                            eprintln!("wcodm: {e}");
                            return None;
                        }
                    };
                    // Only the built-in profiles whose rules fit the rule set (uk-cds with a WCO
                    // schema, uk-ics1 with an ICS one).
                    if let Some(check) = build(Some(&p), true) {
                        profiled.push((p, check));
                    }
                }
                Some(Box::new(profiles::Auto { plain, profiled }))
            }
        }
    };

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = batch::threads(args.jobs, inputs.len(), cores);
    let stdout = io::stdout();
    let style = output::Style {
        color: match color {
            When::Always => true,
            When::Never => false,
            When::Auto => stdout.is_terminal() && colour_wanted(|k| std::env::var_os(k)),
        },
        schema: args.schema.is_some(),
        quiet: quiet == 1,
        categorised: match &profile {
            profiles::Choice::None => Vec::new(),
            profiles::Choice::One(p) if p.pack.categories.is_empty() => Vec::new(),
            profiles::Choice::One(p) => vec![p.name.clone()],
            profiles::Choice::Auto => wcodm::profile::Profile::builtin_names()
                .into_iter()
                .filter_map(|n| wcodm::profile::Profile::builtin(n).ok())
                .filter(|p| !p.pack.categories.is_empty())
                .map(|p| p.name)
                .collect(),
        },
    };
    let progress = (io::stderr().is_terminal() && inputs.len() >= 50 && quiet < 2).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut out = io::BufWriter::new(stdout);
    let mut summary = output::Summary::new();
    // The JSON document's records, each followed by a comma.
    let mut json_records = Vec::new();
    // SARIF results name the rules they report: the descriptors come from every rule the run
    // may use.
    let sarif = (format == Some(Format::Sarif)).then(|| {
        let mut rules: Vec<wcodm::rules::Rule> =
            Version::ALL.iter().filter_map(|v| v.rule_pack().ok()).flat_map(|p| p.rules).collect();
        rules.extend(packs.iter().flat_map(|p| p.rules.iter().cloned()));
        match &profile {
            profiles::Choice::None => {}
            profiles::Choice::One(p) => rules.extend(p.pack.rules.iter().cloned()),
            profiles::Choice::Auto => rules.extend(
                wcodm::profile::Profile::builtin_names()
                    .into_iter()
                    .filter_map(|n| wcodm::profile::Profile::builtin(n).ok())
                    .flat_map(|p| p.pack.rules),
            ),
        }
        output::sarif::Context::new(rules)
    });
    let mut sarif_log = output::sarif::Log::new();
    let mut junit_cases = Vec::new();
    // Human output and the report show the offending source lines.
    // SARIF counts columns in code points, from the text (never shown).
    let keep_text =
        (tally.is_some() || format == Some(Format::Human)) && !args.mask_values || format == Some(Format::Sarif);
    // Each record is rendered by the thread that validated its file; the sink only writes.
    let render = |input: &batch::Input, outcome: &batch::Outcome| -> io::Result<Vec<u8>> {
        let name = input.name();
        let mut buf = Vec::with_capacity(256);
        match format {
            Some(Format::Human) => output::write_human(&mut buf, &name, outcome, &style, keep_text)?,
            Some(Format::Ndjson | Format::Json) => {
                serde_json::to_writer(&mut buf, &output::FileRecord::new(&name, outcome))?
            }
            Some(Format::Sarif) => {
                if let Some(cx) = &sarif {
                    output::sarif::results(&mut buf, &name, outcome, cx)?
                }
            }
            Some(Format::Junit) => output::junit::testcase(&mut buf, &name, outcome, &style)?,
            Some(Format::Github) => output::github::write(&mut buf, &name, outcome)?,
            // The report's tally is kept by the sink; `-qq` writes nothing.
            None => {}
        }
        Ok(buf)
    };
    let made = batch::run(jobs, make, &inputs, keep_text, render, |input, outcome, rendered| {
        let rendered = rendered.as_deref().map_err(|e| io::Error::new(e.kind(), e.to_string()))?;
        let name = input.name();
        let record = output::FileRecord::new(&name, outcome);
        summary.add(&record);
        if let Some(p) = &progress {
            p.inc(1);
        }
        match format {
            Some(Format::Human | Format::Github) => out.write_all(rendered)?,
            Some(Format::Sarif) => {
                if let Some(cx) = &sarif {
                    sarif_log.add(&mut out, outcome, rendered, cx)?
                }
            }
            Some(Format::Junit) => junit_cases.extend_from_slice(rendered),
            Some(Format::Ndjson) => {
                out.write_all(rendered)?;
                out.write_all(b"\n")?;
            }
            Some(Format::Json) => {
                json_records.extend_from_slice(rendered);
                json_records.push(b',');
            }
            None => {
                if let Some(t) = tally.as_deref_mut() {
                    t.add(&record, outcome.text.as_deref());
                }
            }
        }
        Ok(())
    })?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if !made {
        return Ok(ExitCode::from(2));
    }
    summary.finish(5);
    summary.today = today;
    match format {
        Some(Format::Human | Format::Github) if quiet == 0 => {
            summary.write_human(&mut out, args.schema.as_deref().map(|s| s.to_string_lossy()).as_deref())?
        }
        Some(Format::Human | Format::Github) => {}
        Some(Format::Sarif) => {
            if let Some(cx) = &sarif {
                sarif_log.finish(&mut out, &summary, cx)?
            }
        }
        Some(Format::Junit) => output::junit::document(&mut out, &junit_cases, &summary)?,
        Some(Format::Ndjson) => {
            serde_json::to_writer(&mut out, &summary)?;
            out.write_all(b"\n")?;
        }
        Some(Format::Json) => {
            // {"files":[...],"summary":{...}}, the records as rendered.
            out.write_all(b"{\"files\":[")?;
            out.write_all(json_records.strip_suffix(b",").unwrap_or(&json_records))?;
            out.write_all(b"],\"summary\":")?;
            serde_json::to_writer(&mut out, &summary)?;
            out.write_all(b"}\n")?;
        }
        None => {}
    }
    out.flush()?;
    Ok(if summary.all_valid() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Whether a terminal gets colour, from the environment: not when `NO_COLOR` is set (to
/// anything but an empty string, <https://no-color.org>) or `TERM` is `dumb`.
fn colour_wanted(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    var("NO_COLOR").is_none_or(|v| v.is_empty()) && var("TERM").is_none_or(|t| t != "dumb")
}

/// What validates a batch: a schema set given with `--schema`, or the built-in rule sets.
enum Source<'a> {
    Schema(&'a Path),
    Builtin(Choice),
}

fn versions() -> io::Result<ExitCode> {
    let mut out = io::stdout().lock();
    writeln!(out, "{:<11} {:<8} {:>5}  {:>7}  notes", "version", "based on", "rows", "changes")?;
    for v in Version::ALL {
        let rows = v.model().map(|m| m.rows().len()).unwrap_or(0);
        let changes = v.changes().map(|c| c.len()).unwrap_or(0);
        let note = if v.is_draft() {
            "DRAFT: the project's reading of WCO DM 4.0's published direction, not an official schema"
        } else {
            ""
        };
        let line =
            format!("{:<11} {:<8} {rows:>5}  {changes:>7}  {note}", v.as_str(), v.base().map_or("-", Version::as_str));
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(from: &str, to: &str) -> io::Result<ExitCode> {
    let (Some(a), Some(b)) = (Version::parse(from), Version::parse(to)) else {
        let unknown = if Version::parse(from).is_none() { from } else { to };
        eprintln!("wcodm: unknown version '{unknown}'; supported: {}", Version::labels().join(", "));
        return Ok(ExitCode::from(2));
    };
    let (lo, hi, reversed) = if a <= b { (a, b, false) } else { (b, a, true) };
    let mut chain = Vec::new();
    let mut v = hi;
    while v != lo {
        chain.push(v);
        v = v.base().expect("older versions are bases of newer ones");
    }
    chain.reverse();
    let mut out = io::stdout().lock();
    if a == b {
        writeln!(out, "{from} and {to} are the same version: no changes")?;
    }
    if reversed {
        writeln!(out, "(changes from {to} to {from}; read them backwards for {from} -> {to})")?;
    }
    for v in chain {
        let draft = if v.is_draft() { " (DRAFT)" } else { "" };
        writeln!(out, "{} -> {}{draft}:", v.base().map_or("-", Version::as_str), v.as_str())?;
        let changes = v.changes().map_err(io::Error::other)?;
        if changes.is_empty()
            && let Some(base) = v.base()
        {
            writeln!(out, "  no changes: {} validates messages as {} does", v.as_str(), base.as_str())?;
        }
        for c in changes {
            let what = match c.op.as_str() {
                "change" => format!("change {} {} = {}", c.path, c.field, c.value),
                "add" => format!("add {} ({}; {})", c.path, c.field, c.value),
                _ => format!("remove {}", c.path),
            };
            writeln!(out, "  {what}\n      why: {}\n      source: {}", c.rationale, c.source)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(version: &str, format: &str, out: &std::path::Path) -> io::Result<ExitCode> {
    let Some(v) = Version::parse(version) else {
        eprintln!("wcodm: unknown version '{version}'; supported: {}", Version::labels().join(", "));
        return Ok(ExitCode::from(2));
    };
    if format != "xsd" {
        eprintln!("wcodm: unknown format '{format}' (xsd)");
        return Ok(ExitCode::from(2));
    }
    let files = v.xsd().map_err(io::Error::other)?;
    if !make_folder(out) {
        return Ok(ExitCode::from(2));
    }
    for (name, text) in files {
        let path = out.join(&name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("wcodm: cannot write {}: {e}", path.display());
            return Ok(ExitCode::from(2));
        }
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Make the `--out` folder `dir` (and its parents) if it is not there, or say why it cannot be.
fn make_folder(dir: &Path) -> bool {
    if dir.exists() && !dir.is_dir() {
        eprintln!(
            "wcodm: --out {} is not a folder: it names an existing file, and the files are written into a folder",
            dir.display()
        );
        return false;
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("wcodm: cannot create the folder {}: {e}", dir.display());
        return false;
    }
    true
}

/// `wcodm completions SHELL`: the script clap_complete generates from the definition above.
fn completions(shell: clap_complete::Shell) -> io::Result<ExitCode> {
    // Generated into memory, then written: a closed pipe is an error here, not a panic.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "wcodm", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// `wcodm man [--out DIR]`: the manual page clap_mangen generates from the definition above,
/// printed, or written into a folder with one page per subcommand (each path printed).
fn man(out: Option<&Path>) -> io::Result<ExitCode> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page)?;
        io::stdout().lock().write_all(&page)?;
        return Ok(ExitCode::SUCCESS);
    };
    if !make_folder(dir) {
        return Ok(ExitCode::from(2));
    }
    fn pages(cmd: &clap::Command, into: &mut Vec<clap::Command>) {
        into.push(cmd.clone());
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages(sub, into);
        }
    }
    let mut all = Vec::new();
    pages(&cmd, &mut all);
    let mut stdout = io::stdout().lock();
    for page in all {
        let man = clap_mangen::Man::new(page);
        let path = dir.join(man.get_filename());
        if let Err(e) = man.generate_to(dir) {
            eprintln!("wcodm: cannot write {}: {e}", path.display());
            return Ok(ExitCode::from(2));
        }
        writeln!(stdout, "{}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What `validate` says of a rule set that cannot be built: a profile for other messages' roots
/// is told which schema to give (`builtin`: the rule sets are the built-in versions').
fn rule_set_error(e: &wcodm::Error, builtin: bool) -> String {
    match e {
        wcodm::Error::ProfileRoots { profile, roots, schemas } => format!(
            "profile {profile} is for messages whose root is {}, which {}: give their schema with --schema (e.g. --schema {})",
            roots.join(" or "),
            if builtin { "no built-in WCO Data Model version declares" } else { "the schema given does not declare" },
            schemas.first().map_or("FILE.xsd", String::as_str)
        ),
        e => e.to_string(),
    }
}

fn load_packs(paths: &[PathBuf]) -> Result<Vec<RulePack>, wcodm::Error> {
    paths.iter().map(RulePack::from_path).collect()
}

/// The rules of a profile, extra packs and a version's built-in pack, in that order (what was
/// asked for first). With `alone`, a profile for messages other than WCO declarations (one with
/// `roots`, as uk-ics1) comes without the version's pack, which never runs beside it. The
/// profile's categories come too.
fn all_rules(
    version: Version,
    paths: &[PathBuf],
    profile: Option<&str>,
    alone: bool,
) -> Result<(Vec<wcodm::rules::Rule>, Vec<wcodm::rules::Category>), wcodm::Error> {
    let mut rules = Vec::new();
    let mut categories = Vec::new();
    let mut with_version = true;
    if let Some(name) = profile {
        let p = wcodm::profile::Profile::named(name)?;
        with_version = !alone || p.roots.is_empty();
        rules.extend(p.pack.rules);
        categories = p.pack.categories;
    }
    for p in load_packs(paths)? {
        rules.extend(p.rules);
    }
    if with_version {
        rules.extend(version.rule_pack()?.rules);
    }
    Ok((rules, categories))
}

fn rules(version: &str, packs: &[PathBuf], profile: Option<&str>) -> io::Result<ExitCode> {
    let Some(v) = Version::parse(version) else {
        eprintln!("wcodm: unknown version '{version}'; supported: {}", Version::labels().join(", "));
        return Ok(ExitCode::from(2));
    };
    let (rules, _) = all_rules(v, packs, profile, true).map_err(io::Error::other)?;
    let mut out = io::stdout().lock();
    // Columns as wide as their longest entry (ids such as ICS1-8193-p1_p70 are long).
    let id = rules.iter().map(|r| r.id.len()).max().unwrap_or(0).max(10);
    let national = rules.iter().filter_map(|r| r.national_code.as_ref()).map(String::len).max().unwrap_or(0).max(9);
    writeln!(out, "{:<id$} {:<8} {:<national$} {:<14} message", "rule", "severity", "national", "kind")?;
    for r in rules {
        let kind = serde_json::to_value(&r.check)
            .ok()
            .and_then(|j| j["kind"].as_str().map(str::to_string))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<id$} {:<8} {:<national$} {kind:<14} {}",
            r.id,
            r.severity,
            r.national_code.as_deref().unwrap_or("-"),
            r.message
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(id: &str, packs: &[PathBuf], profile: Option<&str>) -> io::Result<ExitCode> {
    let (rules, categories) = all_rules(Version::V3_6, packs, profile, false).map_err(io::Error::other)?;
    let Some(rule) = rules.iter().find(|r| r.id.eq_ignore_ascii_case(id)) else {
        // A built-in profile's rule, asked for without the profile.
        let of = wcodm::profile::Profile::builtin_names().into_iter().find(|name| {
            profile.is_none()
                && wcodm::profile::Profile::builtin(name)
                    .is_ok_and(|p| p.pack.rules.iter().any(|r| r.id.eq_ignore_ascii_case(id)))
        });
        match of {
            Some(name) => eprintln!(
                "wcodm: no rule '{id}' in the built-in packs; it is a rule of the profile {name}: wcodm explain --profile {name} {id}"
            ),
            None => eprintln!("wcodm: no rule '{id}' (see `wcodm rules`)"),
        }
        return Ok(ExitCode::from(2));
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({}){}",
        rule.id,
        rule.severity,
        rule.national_code.as_deref().map(|c| format!(", reported by CDS as {c}")).unwrap_or_default()
    )?;
    writeln!(out, "  {}", rule.message)?;
    writeln!(out, "  scope:   {}", rule.scope)?;
    writeln!(out, "  check:   {}", serde_json::to_string(&rule.check).unwrap_or_default())?;
    if let Some(w) = &rule.when {
        writeln!(out, "  applies: {}", w.describe())?;
    }
    if matches!(rule.check, wcodm::rules::Check::Date { .. }) {
        writeln!(out, "  (examples checked as of {})", wcodm::explain::EXAMPLE_DAY)?;
    }
    writeln!(out, "  WCO IDs: {}", rule.wco_ids.join(", "))?;
    writeln!(out, "  source:  {}", rule.source)?;
    for e in wcodm::explain::examples_in(rule, &categories).map_err(io::Error::other)? {
        let label = if e.should_pass { "passes" } else { "fails " };
        let verified = if e.passed == e.should_pass { "" } else { "  (!! the rule disagrees)" };
        writeln!(out, "  {label}: {}{verified}", e.xml)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Standard input on a terminal waits, silently, for what is typed: say on stderr what it waits
/// for and how to end it (nothing when it is a pipe or a file).
pub(crate) fn stdin_hint(what: &str) {
    if io::stdin().is_terminal() {
        let end = if cfg!(windows) { "Ctrl-Z, then Enter" } else { "Ctrl-D" };
        eprintln!("wcodm: reading {what} from standard input (end with {end})");
    }
}

#[cfg(test)]
mod tests {
    use super::colour_wanted;
    use std::ffi::OsString;

    #[test]
    fn no_colour_for_no_color_or_a_dumb_terminal() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| OsString::from(v))
        };
        assert!(colour_wanted(env(&[])));
        assert!(colour_wanted(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "")])));
        assert!(!colour_wanted(env(&[("NO_COLOR", "1")])));
        assert!(!colour_wanted(env(&[("TERM", "dumb")])));
    }
}
