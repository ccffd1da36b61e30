//! `wcodm codelists [NAME]`: list the built-in code lists, or print one.

use std::io::{self, Write};
use std::process::ExitCode;
use wcodm::codelists::{self, CodeList};

#[derive(clap::Args)]
pub struct Args {
    /// The list to print (country, currency, unit, package, ...); omit it to list them all.
    name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `wcodm codelists`: one line per list; `wcodm codelists NAME`: `code<TAB>name` lines.
    Human,
    /// One JSON document.
    Json,
}

pub fn run(args: &Args) -> io::Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match &args.name {
        None => overview(&mut out, args.format)?,
        Some(name) => {
            let Some(list) = codelists::get(name) else {
                let names: Vec<&str> = codelists::all().iter().map(CodeList::name).collect();
                eprintln!("wcodm: unknown code list '{name}'; available: {}", names.join(", "));
                return Ok(ExitCode::from(2));
            };
            one(&mut out, list, args.format)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn overview(out: &mut impl Write, format: Format) -> io::Result<()> {
    let lists = codelists::all();
    if format == Format::Json {
        let json: Vec<_> = lists
            .iter()
            .map(|l| {
                serde_json::json!({
                    "name": l.name(), "entries": l.len(), "title": l.title(),
                    "source": l.source(), "licence": l.licence(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &json)?;
        return writeln!(out);
    }
    let width = lists.iter().map(|l| l.name().len()).max().unwrap_or(4);
    writeln!(out, "{:<width$}  {:>7}  title / source", "name", "entries")?;
    for l in lists {
        writeln!(out, "{:<width$}  {:>7}  {}", l.name(), l.len(), l.title())?;
        writeln!(out, "{:<width$}  {:>7}  source: {}", "", "", l.source())?;
    }
    Ok(())
}

fn one(out: &mut impl Write, list: &CodeList, format: Format) -> io::Result<()> {
    if format == Format::Json {
        let codes: Vec<_> = list
            .codes()
            .map(|(code, name)| match list.note(code).filter(|n| !n.is_empty()) {
                Some(note) => serde_json::json!({ "code": code, "name": name, "note": note }),
                None => serde_json::json!({ "code": code, "name": name }),
            })
            .collect();
        let json = serde_json::json!({
            "name": list.name(), "title": list.title(), "source": list.source(),
            "licence": list.licence(), "entries": list.len(), "codes": codes,
        });
        serde_json::to_writer_pretty(&mut *out, &json)?;
        return writeln!(out);
    }
    for (code, name) in list.codes() {
        writeln!(out, "{code}\t{name}")?;
    }
    Ok(())
}
