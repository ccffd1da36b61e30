//! Turning paths into inputs and inputs into verdicts: folders walked in sorted order, files
//! validated in parallel, results handed back in input order, chunk by chunk.

use rayon::prelude::*;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use wcodm::{Choice, Code, Diagnostic, Report, RuleSets, Validator};

/// Files up to this size are validated from memory (zero-copy parsing, and the offending line
/// can be shown); larger ones are streamed with bounded memory. Declarations are a few KB to a
/// few MB; 8 MiB keeps a worker's peak memory flat (about 8 MB per thread plus the rule sets)
/// whatever the file size (benches/memory.sh).
const IN_MEMORY_MAX: u64 = 8 << 20;

/// One input as given on the command line or found in a folder.
pub enum Input {
    File(PathBuf),
    Stdin,
    /// A path that could not be listed (an unreadable folder): it still gets a verdict.
    Broken(PathBuf, String),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Broken(p, _) => p.to_string_lossy().into_owned(),
            Input::Stdin => "-".into(),
        }
    }
}

/// Expand folders (recursively, `*.xml`, sorted) and read `--files-from` lists.
pub fn inputs(paths: &[PathBuf], files_from: Option<&Path>) -> io::Result<Vec<Input>> {
    let mut given: Vec<PathBuf> = paths.to_vec();
    if let Some(list) = files_from {
        let f: Box<dyn BufRead> = if list.as_os_str() == "-" {
            Box::new(io::BufReader::new(io::stdin()))
        } else {
            Box::new(io::BufReader::new(std::fs::File::open(list)?))
        };
        for line in f.lines() {
            let line = line?;
            if !line.trim().is_empty() {
                given.push(PathBuf::from(line.trim_end()));
            }
        }
    }
    let mut out = Vec::new();
    for p in given {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            walk(&p, &mut out);
        } else {
            out.push(Input::File(p));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return out.push(Input::Broken(dir.to_path_buf(), format!("cannot list folder: {e}"))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")) {
            out.push(Input::File(p));
        }
    }
}

/// The verdict on one input.
pub struct Outcome {
    pub report: Report,
    /// The input could not be read at all.
    pub unreadable: bool,
    /// The bytes, when the input was read whole (to show offending lines).
    pub text: Option<Vec<u8>>,
    /// The rule set used, when one could be chosen.
    pub rule_set: Option<String>,
}

/// What validates a message: a schema set given with `--schema`.
pub trait Check: Sync {
    fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report);
    fn check_reader(&self, input: &mut dyn BufRead) -> (Option<String>, Report);
}

/// An XSD schema set.
pub struct Schema {
    pub validator: Validator,
    pub label: String,
}

impl Check for Schema {
    fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report) {
        (Some(self.label.clone()), self.validator.validate(xml))
    }
    fn check_reader(&self, input: &mut dyn BufRead) -> (Option<String>, Report) {
        (Some(self.label.clone()), self.validator.validate_reader(input))
    }
}

/// The built-in WCO rule sets, chosen per message (or fixed).
pub struct Builtin {
    pub sets: RuleSets,
    pub choice: Choice,
}

impl Check for Builtin {
    fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report) {
        let (v, r) = self.sets.validate(xml, self.choice);
        (v.map(|v| v.to_string()), r)
    }
    fn check_reader(&self, input: &mut dyn BufRead) -> (Option<String>, Report) {
        let (v, r) = self.sets.validate_reader(input, self.choice);
        (v.map(|v| v.to_string()), r)
    }
}

fn unreadable(message: String) -> Outcome {
    let mut report = Report::default();
    report.diagnostics.push(Diagnostic::new(Code::Io, message, 0, 0));
    Outcome { report, unreadable: true, text: None, rule_set: None }
}

fn run_one(check: &dyn Check, input: &Input, keep_text: bool) -> Outcome {
    let path = match input {
        Input::Broken(p, why) => return unreadable(format!("{}: {why}", p.display())),
        Input::Stdin => {
            let mut buf = Vec::new();
            return match io::stdin().lock().read_to_end(&mut buf) {
                Ok(_) => {
                    let (rule_set, report) = check.check_bytes(&buf);
                    Outcome { report, unreadable: false, text: keep_text.then_some(buf), rule_set }
                }
                Err(e) => unreadable(format!("cannot read standard input: {e}")),
            };
        }
        Input::File(p) => p,
    };
    let opened = std::fs::File::open(path).and_then(|f| f.metadata().map(|m| (f, m.len(), m.is_dir())));
    match opened {
        Ok((_, _, true)) => unreadable(format!("{} is a folder", path.display())),
        Ok((mut f, len, _)) if len <= IN_MEMORY_MAX => {
            let mut buf = Vec::with_capacity(len as usize);
            match f.read_to_end(&mut buf) {
                Ok(_) => {
                    let (rule_set, report) = check.check_bytes(&buf);
                    Outcome { report, unreadable: false, text: keep_text.then_some(buf), rule_set }
                }
                Err(e) => unreadable(format!("cannot read {}: {e}", path.display())),
            }
        }
        Ok((f, _, _)) => {
            let mut r = io::BufReader::with_capacity(64 << 10, f);
            let (rule_set, report) = check.check_reader(&mut r);
            Outcome { report, unreadable: false, text: None, rule_set }
        }
        Err(e) => unreadable(format!("cannot read {}: {e}", path.display())),
    }
}

/// Validate every input in parallel and hand the outcomes to `sink` in input order, a chunk
/// at a time (so output starts early and memory holds one chunk of reports).
pub fn run(
    pool: &rayon::ThreadPool,
    check: &dyn Check,
    inputs: &[Input],
    keep_text: bool,
    mut sink: impl FnMut(&Input, Outcome) -> io::Result<()>,
) -> io::Result<()> {
    let chunk = 64 * pool.current_num_threads().max(1);
    for part in inputs.chunks(chunk) {
        let outcomes: Vec<Outcome> = pool.install(|| part.par_iter().map(|i| run_one(check, i, keep_text)).collect());
        for (input, outcome) in part.iter().zip(outcomes) {
            sink(input, outcome)?;
        }
    }
    Ok(())
}
