//! National profiles on the command line: `--profile NAME|DIR|auto` and `wcodm profiles`.

use crate::batch::Check;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;
use wcodm::Report;
use wcodm::profile::Profile;

/// What `--profile` asked for.
pub enum Choice {
    /// No profile.
    None,
    /// One profile for every message.
    One(Box<Profile>),
    /// Per message, the built-in profile its MetaData envelope or its root names (none if none
    /// does).
    Auto,
}

impl Choice {
    /// Read `--profile`: a built-in name, a profile folder, or `auto`.
    pub fn parse(arg: Option<&str>) -> Result<Choice, wcodm::Error> {
        Ok(match arg {
            None => Choice::None,
            Some("auto") => Choice::Auto,
            Some(name) => Choice::One(Box::new(Profile::named(name)?)),
        })
    }
}

/// `--profile auto`: each message goes to the check of the profile its envelope names, or to
/// the plain one.
pub struct Auto {
    pub plain: Box<dyn Check>,
    pub profiled: Vec<(Profile, Box<dyn Check>)>,
}

impl Auto {
    fn pick(&self, head: &[u8]) -> &dyn Check {
        match Profile::name_for_message(head) {
            Some(n) => self.profiled.iter().find(|(q, _)| q.name == n).map_or(&*self.plain, |(_, c)| &**c),
            None => &*self.plain,
        }
    }
}

impl Check for Auto {
    fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report) {
        self.pick(xml).check_bytes(xml)
    }

    fn check_reader(&self, input: &mut dyn Read) -> (Option<String>, Report) {
        // The envelope is at the start: look at the first 64 KiB, then validate all of it.
        let mut input = BufReader::with_capacity(1 << 16, input);
        let head = input.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
        self.pick(&head).check_reader(&mut input)
    }
}

/// `wcodm profiles`: the built-in profiles, with their categories and what is not enforced.
pub fn list(name: Option<&str>) -> io::Result<ExitCode> {
    let mut out = io::stdout().lock();
    let Some(name) = name else {
        let mut rows = vec![("profile".to_string(), "serves".to_string(), "rules".to_string(), "title".to_string())];
        for n in Profile::builtin_names() {
            let p = Profile::builtin(n).map_err(io::Error::other)?;
            let serves = match p.roots.is_empty() {
                true => format!("{} {}", p.country, p.agencies.join(",")),
                false => p.roots.join(","),
            };
            rows.push((p.name, serves.trim().to_string(), p.pack.rules.len().to_string(), p.title));
        }
        // Columns as wide as their widest entry.
        let name = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let serves = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        let rules = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
        for (n, s, r, t) in &rows {
            writeln!(out, "{n:<name$}  {s:<serves$}  {r:>rules$}  {t}")?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let p = match Profile::named(name) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("wcodm: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    writeln!(out, "{}: {}", p.name, p.title)?;
    if p.roots.is_empty() {
        writeln!(out, "serves MetaData ResponsibleCountryCode {} (agencies: {})", p.country, p.agencies.join(", "))?;
    } else {
        writeln!(out, "serves messages whose root is {}", p.roots.join(" or "))?;
    }
    if p.pack.categories.is_empty() {
        writeln!(out, "categories: none (the profile derives no declaration category)")?;
    } else {
        writeln!(out, "categories, tried in order (the first that holds is the declaration's):")?;
    }
    for c in &p.pack.categories {
        writeln!(out, "  {:<12} {}  {}", c.name, c.title, c.when.describe())?;
    }
    let errors = p.pack.rules.iter().filter(|r| r.severity == "error").count();
    writeln!(
        out,
        "rules: {} ({errors} errors, {} warnings; `wcodm rules --profile {}`)",
        p.pack.rules.len(),
        p.pack.rules.len() - errors,
        p.name
    )?;
    writeln!(out, "requirement rows not enforced ({}):", p.not_enforced.len())?;
    for n in &p.not_enforced {
        writeln!(out, "  {n}")?;
    }
    Ok(ExitCode::SUCCESS)
}
