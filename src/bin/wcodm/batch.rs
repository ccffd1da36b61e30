//! Turning paths into inputs and inputs into verdicts: folders walked in sorted order, files
//! validated in parallel, results handed back in input order as they complete.

use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
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

/// Expand folders given as paths (recursively, `*.xml`, sorted) and add the files listed in
/// `--files-from`. A list names files, one per line (as `find` prints them), and its lines are
/// taken as they are: looking each one up before the batch starts would cost a system call per
/// file on the one thread that runs before the workers. A line naming a folder gets its own
/// verdict (it cannot be read).
pub fn inputs(paths: &[PathBuf], files_from: Option<&Path>) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    if let Some(list) = files_from {
        let f: Box<dyn BufRead> = if list.as_os_str() == "-" {
            Box::new(io::BufReader::new(io::stdin()))
        } else {
            Box::new(io::BufReader::new(std::fs::File::open(list)?))
        };
        for line in f.lines() {
            let line = line?;
            match line.trim_end() {
                "" => {}
                "-" => out.push(Input::Stdin),
                path => out.push(Input::File(PathBuf::from(path))),
            }
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return out.push(Input::Broken(dir.to_path_buf(), format!("cannot list folder: {e}"))),
    };
    // The entry's type comes with the listing; only symbolic links need a look-up.
    let mut found: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if t.is_symlink() => path.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            (path, is_dir)
        })
        .collect();
    found.sort();
    for (p, is_dir) in found {
        if is_dir {
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
    let (name, read) = match input {
        Input::Broken(p, why) => return unreadable(format!("{}: {why}", p.display())),
        Input::Stdin => ("standard input".into(), validate_from(check, &mut io::stdin().lock(), keep_text)),
        Input::File(p) => {
            let read = std::fs::File::open(p).and_then(|mut f| validate_from(check, &mut f, keep_text));
            (p.display().to_string(), read)
        }
    };
    match read {
        Ok(outcome) => outcome,
        Err(e) if e.kind() == io::ErrorKind::IsADirectory => unreadable(format!("{name} is a folder")),
        Err(e) => unreadable(format!("cannot read {name}: {e}")),
    }
}

/// Read the first `IN_MEMORY_MAX` bytes into this thread's buffer (one `read` for a typical
/// declaration, no size look-up); validate them from memory if that was everything, else
/// stream them followed by the rest. Errors are only those of reading before validation starts;
/// a read error while streaming is reported by the validator.
fn validate_from(check: &dyn Check, from: &mut (impl Read + ?Sized), keep_text: bool) -> io::Result<Outcome> {
    BUFFER.with_borrow_mut(|head| {
        let whole = head.fill(from)?;
        let (rule_set, report) = if whole {
            check.check_bytes(head.bytes())
        } else {
            let mut rest = io::Cursor::new(head.bytes()).chain(io::BufReader::with_capacity(64 << 10, from));
            check.check_reader(&mut rest)
        };
        let text = (whole && keep_text).then(|| head.take());
        Ok(Outcome { report, unreadable: false, text, rule_set })
    })
}

thread_local! {
    static BUFFER: std::cell::RefCell<Head> = std::cell::RefCell::new(Head::default());
}

/// A thread's reading buffer, kept from file to file. Its bytes are initialised once (reads go
/// into `buf[filled..]`), and it is given up when it grew past 1 MiB, so that one large file
/// does not pin 8 MiB per thread for the rest of the batch.
#[derive(Default)]
struct Head {
    buf: Vec<u8>,
    filled: usize,
}

impl Head {
    /// Read `from` to its end or to `IN_MEMORY_MAX + 1` bytes; true when it was all of it.
    fn fill(&mut self, from: &mut (impl Read + ?Sized)) -> io::Result<bool> {
        const LIMIT: usize = IN_MEMORY_MAX as usize + 1;
        if self.buf.len() > 1 << 20 {
            self.buf = Vec::new();
        }
        self.filled = 0;
        loop {
            if self.filled == self.buf.len() {
                if self.filled == LIMIT {
                    return Ok(false);
                }
                self.buf.resize((self.buf.len() * 2).clamp(64 << 10, LIMIT), 0);
            }
            match from.read(&mut self.buf[self.filled..]) {
                Ok(0) => return Ok(true),
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.filled]
    }

    /// The bytes read, handed over (the next file gets a new buffer).
    fn take(&mut self) -> Vec<u8> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.truncate(self.filled);
        buf
    }
}

/// Validate every input on `jobs` threads (the calling one included) and hand the outcomes to
/// `sink` in input order, as soon as each one's predecessors are done. Each thread takes the
/// next input from a shared counter, validates it, files the outcome and, if it completes the
/// run of finished inputs, writes that run out; no thread waits for another's file. Threads run
/// at most `64 * jobs` inputs ahead of the sink, which bounds the reports (and kept texts)
/// held in memory.
pub fn run(
    jobs: usize,
    check: &dyn Check,
    inputs: &[Input],
    keep_text: bool,
    sink: impl FnMut(&Input, Outcome) -> io::Result<()> + Send,
) -> io::Result<()> {
    let window = 64 * jobs.max(1);
    let next = AtomicUsize::new(0);
    let shared =
        Mutex::new(Order { sink, held: (0..window).map(|_| None).collect(), done: 0, waiting: 0, failed: None });
    let room = Condvar::new();
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= inputs.len() {
            return;
        }
        let mut order = lock(&shared);
        while i >= order.done + window && order.failed.is_none() {
            order.waiting += 1;
            order = room.wait(order).unwrap_or_else(|e| e.into_inner());
            order.waiting -= 1;
        }
        if order.failed.is_some() {
            return;
        }
        drop(order);
        let outcome = run_one(check, &inputs[i], keep_text);
        let mut order = lock(&shared);
        order.held[i % window] = Some(outcome);
        let from = order.done;
        order.write_ready(inputs);
        if order.done > from && order.waiting > 0 || order.failed.is_some() {
            room.notify_all();
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..jobs {
            scope.spawn(work);
        }
        work();
    });
    match shared.into_inner().unwrap_or_else(|e| e.into_inner()).failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The outcomes not yet written, in a ring indexed by input number, and the sink they go to.
struct Order<S> {
    sink: S,
    held: Vec<Option<Outcome>>,
    /// How many outcomes the sink has taken.
    done: usize,
    /// Threads waiting for the sink to make room.
    waiting: usize,
    /// The sink's error (a broken pipe): every thread stops.
    failed: Option<io::Error>,
}

impl<S: FnMut(&Input, Outcome) -> io::Result<()>> Order<S> {
    fn write_ready(&mut self, inputs: &[Input]) {
        let window = self.held.len();
        while self.failed.is_none() {
            let Some(outcome) = self.held[self.done % window].take() else { return };
            if let Err(e) = (self.sink)(&inputs[self.done], outcome) {
                self.failed = Some(e);
            }
            self.done += 1;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
