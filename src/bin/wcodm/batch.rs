//! Turning paths into inputs and inputs into verdicts: folders walked in sorted order, files
//! validated in parallel, results handed back in input order as they complete.

use std::collections::HashSet;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    /// Standard input, with the bytes [`Input::head`] read of it before the batch (standard
    /// input can be read once only), which the batch's read takes first.
    Stdin(Mutex<Option<Vec<u8>>>),
    /// A path that could not be listed (an unreadable folder): it still gets a verdict.
    Broken(PathBuf, String),
}

impl Input {
    /// The start of an input (what the batch's first read takes), where a message's envelope
    /// claims its version (`None` for unreadable files). Standard input can be read once only:
    /// what this reads of it is kept, and the batch's read of it starts with those bytes.
    pub fn head(&self) -> Option<Vec<u8>> {
        let mut head = Vec::new();
        match self {
            Input::File(path) => {
                std::fs::File::open(path).and_then(|f| f.take(FIRST_READ as u64).read_to_end(&mut head)).ok()?;
            }
            Input::Stdin(kept) => {
                let mut kept = lock(kept);
                if let Some(h) = kept.as_ref() {
                    return Some(h.clone());
                }
                // What was read before an error is kept too (the batch's read meets the error).
                let read = io::stdin().lock().take(FIRST_READ as u64).read_to_end(&mut head);
                *kept = Some(head.clone());
                read.ok()?;
            }
            Input::Broken(..) => return None,
        }
        Some(head)
    }

    pub fn name(&self) -> String {
        match self {
            Input::File(p) | Input::Broken(p, _) => p.to_string_lossy().into_owned(),
            Input::Stdin(_) => "-".into(),
        }
    }
}

/// Expand folders given as paths (recursively, `*.xml`, sorted) and add the files listed in
/// `--files-from`. A list names files, one per line (as `find` prints them), and its lines are
/// taken as they are: looking each one up before the batch starts would cost a system call per
/// file on the one thread that runs before the workers. A line naming a folder gets its own
/// verdict (it cannot be read). The folders that hold no `.xml` file (a folder given twice
/// counted once) are added to `empty`.
pub fn inputs(paths: &[PathBuf], files_from: Option<&Path>, empty: &mut Vec<PathBuf>) -> io::Result<Vec<Input>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin(Mutex::default()));
        } else if p.is_dir() {
            let walked = std::fs::canonicalize(p).is_ok_and(|real| seen.contains(&real));
            let before = out.len();
            walk(p, &mut out, &mut seen);
            if out.len() == before && !walked {
                empty.push(p.clone());
            }
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    if let Some(list) = files_from {
        // An error names the list (a missing list file, a folder, a line that is not UTF-8).
        let named = |e: io::Error| {
            let name = if list.as_os_str() == "-" { "standard input".into() } else { list.display().to_string() };
            io::Error::new(e.kind(), format!("cannot read the --files-from list {name}: {e}"))
        };
        let f: Box<dyn BufRead> = if list.as_os_str() == "-" {
            Box::new(io::BufReader::new(io::stdin()))
        } else {
            Box::new(io::BufReader::new(std::fs::File::open(list).map_err(named)?))
        };
        for line in f.lines() {
            let line = line.map_err(named)?;
            match line.trim_end() {
                "" => {}
                "-" => out.push(Input::Stdin(Mutex::default())),
                path => out.push(Input::File(PathBuf::from(path))),
            }
        }
    }
    // Standard input is read once: as one input, or as the list.
    let stdin = out.iter().filter(|i| matches!(i, Input::Stdin(_))).count()
        + usize::from(files_from.is_some_and(|l| l.as_os_str() == "-"));
    if stdin > 1 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "standard input can be read only once: give `-` once, as an input or as the --files-from list",
        ));
    }
    Ok(out)
}

/// Add the `*.xml` files under `dir`, in sorted order. Each folder is visited once (`seen`
/// holds the real paths of those visited), so a symbolic link back up the tree (`self -> .`)
/// or to a folder already walked adds nothing.
fn walk(dir: &Path, out: &mut Vec<Input>, seen: &mut HashSet<PathBuf>) {
    if let Ok(real) = std::fs::canonicalize(dir)
        && !seen.insert(real)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return out.push(Input::Broken(dir.to_path_buf(), format!("cannot list folder: {e}"))),
    };
    // The entry's type comes with the listing; only symbolic links need a look-up.
    let mut found: Vec<(PathBuf, Entry)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let kind = match e.file_type() {
                Ok(t) if t.is_symlink() => std::fs::metadata(&path).map(|m| m.file_type()),
                t => t,
            };
            let kind = match kind {
                Ok(t) if t.is_dir() => Entry::Folder,
                Ok(t) if !t.is_file() => Entry::Special,
                // A file, or one that cannot be looked at (a dangling link): its verdict says why.
                _ => Entry::File,
            };
            (path, kind)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, kind) in found {
        match kind {
            Entry::Folder => walk(&p, out, seen),
            _ if !p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")) => {}
            Entry::File => out.push(Input::File(p)),
            Entry::Special => out.push(Input::Broken(
                p,
                "not read: it is a named pipe, socket or device, not a file (give it by name to read it)".into(),
            )),
        }
    }
}

/// What a folder entry is to the walk.
enum Entry {
    Folder,
    File,
    /// A named pipe, socket or device: reading one found in a folder could wait forever.
    Special,
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
pub trait Check: Send + Sync {
    fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report);
    fn check_reader(&self, input: &mut dyn Read) -> (Option<String>, Report);
    /// Like `check_bytes`, but `None` instead of waiting for a rule set that another thread is
    /// compiling.
    fn try_check_bytes(&self, xml: &[u8]) -> Option<(Option<String>, Report)> {
        Some(self.check_bytes(xml))
    }
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
    fn check_reader(&self, input: &mut dyn Read) -> (Option<String>, Report) {
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
        let o = self.sets.validate(xml, self.choice);
        (o.version.map(|v| v.to_string()), o.report)
    }
    fn check_reader(&self, input: &mut dyn Read) -> (Option<String>, Report) {
        let o = self.sets.validate_reader(input, self.choice);
        (o.version.map(|v| v.to_string()), o.report)
    }
    fn try_check_bytes(&self, xml: &[u8]) -> Option<(Option<String>, Report)> {
        let o = self.sets.try_validate(xml, self.choice)?;
        Some((o.version.map(|v| v.to_string()), o.report))
    }
}

fn unreadable(message: String) -> Outcome {
    let mut report = Report::default();
    report.diagnostics.push(Diagnostic::new(Code::Io, message, 0, 0));
    Outcome { report, unreadable: true, text: None, rule_set: None }
}

/// What became of an input: its outcome, or its bytes put aside because the rule set it needs
/// is being compiled on another thread.
enum Step {
    Done(Outcome),
    Later(Vec<u8>),
}

/// Validate one input; with `defer`, an input read whole whose rule set another thread is
/// compiling is handed back instead of waiting for it.
fn run_one(check: &dyn Check, input: &Input, keep_text: bool, defer: bool) -> Step {
    let read = match input {
        Input::Broken(p, why) => return Step::Done(unreadable(format!("{}: {why}", p.display()))),
        Input::Stdin(kept) => {
            let head = lock(kept).take().unwrap_or_default();
            validate_from(check, &mut io::Cursor::new(head).chain(io::stdin().lock()), |_| None, keep_text, false)
        }
        Input::File(p) => std::fs::File::open(p).and_then(|mut f| {
            validate_from(check, &mut f, |f: &std::fs::File| f.metadata().ok().map(|m| m.len()), keep_text, defer)
        }),
    };
    read.unwrap_or_else(|e| {
        let name = match input {
            Input::File(p) => p.display().to_string(),
            _ => "standard input".into(),
        };
        Step::Done(match e.kind() {
            io::ErrorKind::IsADirectory => unreadable(format!("{name} is a folder")),
            _ => unreadable(format!("cannot read {name}: {e}")),
        })
    })
}

/// Read the input into this thread's buffer and validate it from memory if it fits in
/// `IN_MEMORY_MAX` bytes; else stream the bytes read followed by the rest. One `read` takes a
/// typical declaration whole, without a size look-up; only an input that fills the first 64 KiB
/// has its size asked (`size`: `None` for a pipe), and one over the limit is streamed from there,
/// so the buffer does not grow to 8 MiB for it. Errors are those of reading before validation
/// starts; a read error while streaming is reported by the validator. With `defer`, an input
/// read whole whose rule set is being compiled on another thread is handed back with its bytes.
fn validate_from<R: Read + ?Sized>(
    check: &dyn Check,
    from: &mut R,
    size: impl Fn(&R) -> Option<u64>,
    keep_text: bool,
    defer: bool,
) -> io::Result<Step> {
    BUFFER.with_borrow_mut(|head| {
        head.start();
        let mut whole = head.fill(from, FIRST_READ)?;
        if !whole && size(from).is_none_or(|n| n <= IN_MEMORY_MAX) {
            whole = head.fill(from, IN_MEMORY_MAX as usize + 1)?;
        }
        let (rule_set, report) = if whole {
            let checked =
                if defer { check.try_check_bytes(head.bytes()) } else { Some(check.check_bytes(head.bytes())) };
            match checked {
                Some(c) => c,
                None => return Ok(Step::Later(head.take())),
            }
        } else {
            let mut rest = head.bytes().chain(from);
            check.check_reader(&mut rest)
        };
        let text = (whole && keep_text).then(|| head.take());
        Ok(Step::Done(Outcome { report, unreadable: false, text, rule_set }))
    })
}

/// Validate an input put aside (see [`Step::Later`]); with `wait`, waiting for its rule set,
/// else handing the bytes back if it is still being compiled.
fn finish(check: &dyn Check, bytes: Vec<u8>, keep_text: bool, wait: bool) -> Result<Outcome, Vec<u8>> {
    let checked = if wait { Some(check.check_bytes(&bytes)) } else { check.try_check_bytes(&bytes) };
    match checked {
        Some((rule_set, report)) => {
            Ok(Outcome { report, unreadable: false, text: keep_text.then_some(bytes), rule_set })
        }
        None => Err(bytes),
    }
}

/// What the first read asks for (and the buffer's first size).
const FIRST_READ: usize = 64 << 10;

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
    /// Empty the buffer for a new input (giving it up if one large input grew it).
    fn start(&mut self) {
        if self.buf.len() > 1 << 20 {
            self.buf = Vec::new();
        }
        self.filled = 0;
    }

    /// Read on from `from` until its end (true) or until `limit` bytes are held (false).
    fn fill<R: Read + ?Sized>(&mut self, from: &mut R, limit: usize) -> io::Result<bool> {
        loop {
            if self.filled == limit {
                return Ok(false);
            }
            if self.filled == self.buf.len() {
                self.buf.resize((self.buf.len() * 2).clamp(FIRST_READ, limit), 0);
            }
            // The buffer may be longer than `limit` (kept from a larger input).
            let end = self.buf.len().min(limit);
            match from.read(&mut self.buf[self.filled..end]) {
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

/// How many threads validate a batch of `inputs` files when `jobs` are asked for on a machine
/// with `cores` cores (none asked, or 0: one per core): never more than the inputs (a thread
/// without a file would only start and end), nor more than four per core (more only take turns
/// on the cores, each with its own buffers), and at least one.
pub fn threads(jobs: Option<usize>, inputs: usize, cores: usize) -> usize {
    let jobs = jobs.filter(|&n| n > 0).unwrap_or(cores);
    jobs.min(inputs).min(cores.saturating_mul(4)).max(1)
}

/// Validate every input on `jobs` threads (the calling one included), `render` each outcome on
/// the thread that made it, and show outcome and rendering to `sink` in input order, as soon as
/// each one's predecessors are done (by one thread at a time, see [`Order`]); the thread that
/// made them frees them.
///
/// The calling thread makes the check with `make` first; `make` returning `None` ends the
/// batch before any input, with `Ok(false)`. Only then are the other threads started (a thread
/// costs tens of microseconds to start, a compile milliseconds, and a thread started earlier
/// would only wait for the check): no thread waits for the check, so none polls for it or is
/// woken on the core that made it. A thread that cannot be started leaves the work to the
/// others. Each thread takes the next input from a shared counter, validates it, files the
/// outcome and, unless another thread is writing, writes out the run of finished inputs; no
/// thread waits for another's file or writing. A message whose built-in rule set another thread
/// is compiling is put aside and validated after the next ones, not waited for. Threads run at
/// most `64 * jobs` inputs ahead of the sink, which bounds the reports (and kept texts) held in
/// memory.
pub fn run(
    jobs: usize,
    make: impl FnOnce() -> Option<Box<dyn Check>>,
    inputs: &[Input],
    keep_text: bool,
    render: impl Fn(&Input, &Outcome) -> io::Result<Vec<u8>> + Sync,
    sink: impl FnMut(&Input, &Outcome, &io::Result<Vec<u8>>) -> io::Result<()> + Send,
) -> io::Result<bool> {
    let Some(check) = make() else { return Ok(false) };
    let next = AtomicUsize::new(0);
    let threads = jobs.clamp(1, inputs.len().max(1));
    let order = Order::new(sink, 64 * jobs.max(1), threads);
    // `me`: the thread's number (0 the calling thread).
    let work = |me: usize| {
        let file = |i: usize, outcome: Outcome| {
            let rendered = render(&inputs[i], &outcome);
            order.file(me, inputs, i, Item { outcome, rendered, by: me });
        };
        // An input whose rule set another thread is compiling, put aside with its bytes: tried
        // again after each input, and validated (waiting) before this thread would wait for the
        // sink or run out of inputs. One at a time; a second such input waits.
        let mut later: Option<(usize, Vec<u8>)> = None;
        loop {
            if let Some((j, bytes)) = later.take() {
                match finish(check.as_ref(), bytes, keep_text, false) {
                    Ok(outcome) => file(j, outcome),
                    Err(bytes) => later = Some((j, bytes)),
                }
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            // The input put aside may be the one the sink waits for.
            if let Some((j, bytes)) = later.take_if(|_| i >= inputs.len() || !order.fits(i))
                && let Ok(outcome) = finish(check.as_ref(), bytes, keep_text, true)
            {
                file(j, outcome);
            }
            if i >= inputs.len() || !order.room_for(i) {
                return;
            }
            match run_one(check.as_ref(), &inputs[i], keep_text, later.is_none()) {
                Step::Done(outcome) => file(i, outcome),
                Step::Later(bytes) => later = Some((i, bytes)),
            }
        }
    };
    std::thread::scope(|scope| {
        let work = &work;
        for me in 1..threads {
            if std::thread::Builder::new().name("wcodm-worker".into()).spawn_scoped(scope, move || work(me)).is_err() {
                break;
            }
        }
        work(0);
    });
    // The process ends after the batch: freeing a compiled schema piece by piece would only
    // delay the exit, on one thread.
    std::mem::forget(check);
    match order.writer.into_inner().unwrap_or_else(|e| e.into_inner()).failed {
        Some(e) => Err(e),
        None => Ok(true),
    }
}

/// An outcome and its rendering, waiting for the sink, and the thread that made them.
struct Item {
    outcome: Outcome,
    rendered: io::Result<Vec<u8>>,
    by: usize,
}

/// Outcomes handed to the sink in input order, whichever thread finishes them. A thread files
/// its outcome in a ring slot (a lock held for a move) and, unless another thread is writing,
/// writes out the run of finished outcomes; a thread that finds the writer busy goes on with
/// its next input, and the writer looks again before it stops. So no thread sleeps on another's
/// writing (a thread woken from such a sleep can be placed on its waker's core). Only a thread
/// `window` inputs ahead of the sink waits, for room.
///
/// The writer hands what the sink has seen back to the thread that made it, which frees it
/// when it files its next outcome. A block freed by another thread goes back to the allocator's
/// arena of the thread that took it, under that arena's lock, which the owner then waits for in
/// its own allocations: a report's many small strings freed by the writer made the built-in rule
/// sets' two-thread runs sleep on that lock hundreds of times.
struct Order<S> {
    ring: Mutex<Vec<Option<Item>>>,
    /// Per thread, what the sink has seen of its outcomes, for it to free.
    spent: Vec<Mutex<Vec<Item>>>,
    window: usize,
    writer: Mutex<Writer<S>>,
    /// How many outcomes the sink has taken (advanced by the writer only).
    done: AtomicUsize,
    /// The sink failed (a broken pipe): every thread stops.
    stopped: AtomicBool,
    /// Threads waiting for room, and where they wait.
    waiting: AtomicUsize,
    room: Condvar,
    room_lock: Mutex<()>,
}

struct Writer<S> {
    sink: S,
    failed: Option<io::Error>,
}

impl<S: FnMut(&Input, &Outcome, &io::Result<Vec<u8>>) -> io::Result<()>> Order<S> {
    /// An order for `threads` threads (numbered from 0) running at most `window` inputs ahead of
    /// the sink.
    fn new(sink: S, window: usize, threads: usize) -> Self {
        Order {
            ring: Mutex::new((0..window).map(|_| None).collect()),
            spent: (0..threads).map(|_| Mutex::default()).collect(),
            window,
            writer: Mutex::new(Writer { sink, failed: None }),
            done: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            waiting: AtomicUsize::new(0),
            room: Condvar::new(),
            room_lock: Mutex::new(()),
        }
    }

    /// Whether input `i` may be validated now (it is within `window` of the sink).
    fn fits(&self, i: usize) -> bool {
        i < self.done.load(Ordering::SeqCst) + self.window
    }

    /// Wait until input `i` fits; false when the sink failed.
    fn room_for(&self, i: usize) -> bool {
        // One test, made before the lock and again under it (one closure: the look under the
        // lock cannot drift from the first).
        let blocked = || !self.fits(i) && !self.stopped.load(Ordering::SeqCst);
        if blocked() {
            let guard = lock(&self.room_lock);
            self.waiting.fetch_add(1, Ordering::SeqCst);
            // `wait_while` looks again under the lock the writer notifies under, before it
            // sleeps and after each wake-up: no wake-up is lost.
            let guard = self.room.wait_while(guard, |_| blocked()).unwrap_or_else(|e| e.into_inner());
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            drop(guard);
        }
        !self.stopped.load(Ordering::SeqCst)
    }

    /// File the outcome of input `i` made by thread `me`, then write out what is ready (and
    /// free what the sink has seen of this thread's earlier outcomes).
    fn file(&self, me: usize, inputs: &[Input], i: usize, item: Item) {
        let spent = std::mem::take(&mut *lock(&self.spent[me]));
        drop(spent);
        lock(&self.ring)[i % self.window] = Some(item);
        loop {
            let mut writer = match self.writer.try_lock() {
                Ok(w) => w,
                Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => return,
            };
            let from = self.done.load(Ordering::SeqCst);
            let mut done = from;
            while writer.failed.is_none() {
                // The slot holds input `done` or nothing: a later input in the same slot would
                // not fit before `done` moves on.
                let Some(item) = lock(&self.ring)[done % self.window].take() else { break };
                if let Err(e) = (writer.sink)(&inputs[done], &item.outcome, &item.rendered) {
                    writer.failed = Some(e);
                    self.stopped.store(true, Ordering::SeqCst);
                }
                if item.by != me {
                    lock(&self.spent[item.by]).push(item);
                }
                done += 1;
                self.done.store(done, Ordering::SeqCst);
            }
            drop(writer);
            if (done > from || self.stopped.load(Ordering::SeqCst)) && self.waiting.load(Ordering::SeqCst) > 0 {
                let _guard = lock(&self.room_lock);
                self.room.notify_all();
            }
            // An outcome filed while this thread wrote found the writer busy: look again.
            let done = self.done.load(Ordering::SeqCst);
            if self.stopped.load(Ordering::SeqCst) || lock(&self.ring)[done % self.window].is_none() {
                return;
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::{Check, FIRST_READ, Head, IN_MEMORY_MAX, Input, Item, Order, Outcome, Step, threads, validate_from};
    use std::io::Read;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use wcodm::Report;

    /// A check that records each message it validates (its bytes as text, or "stream of N
    /// bytes"); the rule set of a message reading `later` is "being compiled" for its first
    /// `busy` tries without waiting. Its label says how the message came: "bytes" or "reader".
    #[derive(Default)]
    struct Recorder {
        seen: Arc<Mutex<Vec<String>>>,
        busy: AtomicUsize,
    }

    impl Check for Recorder {
        fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report) {
            self.seen.lock().unwrap().push(String::from_utf8_lossy(xml).into_owned());
            (Some("bytes".into()), Report::default())
        }
        fn check_reader(&self, input: &mut dyn Read) -> (Option<String>, Report) {
            let mut all = Vec::new();
            input.read_to_end(&mut all).unwrap();
            self.seen.lock().unwrap().push(format!("stream of {} bytes", all.len()));
            (Some("reader".into()), Report::default())
        }
        fn try_check_bytes(&self, xml: &[u8]) -> Option<(Option<String>, Report)> {
            if xml == b"later"
                && self.busy.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
            {
                return None;
            }
            Some(self.check_bytes(xml))
        }
    }

    /// A check that keeps `Check`'s own `try_check_bytes` (a schema's: nothing is compiled on
    /// another thread), recording the messages it validates.
    #[derive(Default)]
    struct Plain(Arc<Mutex<Vec<String>>>);

    impl Check for Plain {
        fn check_bytes(&self, xml: &[u8]) -> (Option<String>, Report) {
            self.0.lock().unwrap().push(String::from_utf8_lossy(xml).into_owned());
            (None, Report::default())
        }
        fn check_reader(&self, _: &mut dyn Read) -> (Option<String>, Report) {
            unreachable!("the messages of these tests are read whole")
        }
    }

    /// Files holding `contents`, one each, in a folder of their own; the folder is removed
    /// when the value is dropped.
    struct Files(PathBuf, Vec<Input>);

    impl Files {
        fn new(name: &str, contents: &[&str]) -> Files {
            let dir = std::env::temp_dir().join(format!("wcodm-batch-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let inputs = contents
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let p = dir.join(format!("{i:03}.xml"));
                    std::fs::write(&p, c).unwrap();
                    Input::File(p)
                })
                .collect();
            Files(dir, inputs)
        }
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Run a batch of `files` on `jobs` threads with `check`: the messages in the order the
    /// sink got them (each outcome's kept text).
    fn batch_of(jobs: usize, files: &Files, check: Box<dyn Check>) -> Vec<String> {
        let mut got = Vec::new();
        let ran = super::run(
            jobs,
            || Some(check),
            &files.1,
            true,
            |_, _| Ok(Vec::new()),
            |_, outcome, _| {
                got.push(String::from_utf8(outcome.text.clone().unwrap()).unwrap());
                Ok(())
            },
        );
        assert!(ran.unwrap());
        got
    }

    fn outcome() -> Outcome {
        Outcome { report: wcodm::Report::default(), unreadable: false, text: None, rule_set: None }
    }

    /// Outcome and rendering `text`, made by thread `by`.
    fn item(by: usize, text: &str) -> Item {
        Item { outcome: outcome(), rendered: Ok(text.as_bytes().to_vec()), by }
    }

    /// `threads` threads take inputs from a shared counter, as `run` does, and hand each to
    /// `file` (with the thread's number) while `order` has room for it; the counter's last value
    /// when all have stopped.
    fn drive<S>(threads: usize, inputs: usize, order: &Order<S>, file: impl Fn(usize, usize) + Sync) -> usize
    where
        S: FnMut(&Input, &Outcome, &std::io::Result<Vec<u8>>) -> std::io::Result<()> + Send,
    {
        let next = AtomicUsize::new(0);
        let (next, file) = (&next, &file);
        std::thread::scope(|s| {
            for me in 0..threads {
                s.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= inputs || !order.room_for(i) {
                            return;
                        }
                        file(me, i);
                    }
                });
            }
        });
        next.load(Ordering::SeqCst)
    }

    /// Outcomes filed out of order by several threads reach the sink in input order, each
    /// once, with the ring wrapping many times; no thread runs more than the window ahead.
    #[test]
    fn outcomes_reach_the_sink_in_input_order() {
        let inputs: Vec<Input> = (0..5_000).map(|i| Input::File(PathBuf::from(i.to_string()))).collect();
        let mut seen = Vec::new();
        let order = Order::new(
            |input: &Input, _: &Outcome, rendered: &std::io::Result<Vec<u8>>| {
                seen.push((input.name(), rendered.as_ref().unwrap().clone()));
                Ok(())
            },
            8,
            4,
        );
        drive(4, inputs.len(), &order, |me, i| {
            assert!(i < order.done.load(Ordering::SeqCst) + 8);
            if i.is_multiple_of(7) {
                std::thread::yield_now();
            }
            order.file(me, &inputs, i, item(me, &i.to_string()));
        });
        drop(order);
        assert_eq!(seen.len(), inputs.len());
        for (i, (name, rendered)) in seen.iter().enumerate() {
            assert_eq!((name.as_str(), rendered.as_slice()), (i.to_string().as_str(), i.to_string().as_bytes()));
        }
    }

    /// What the sink has seen goes back to the thread that made it, which frees it when it files
    /// its next outcome; the writer frees its own at once.
    #[test]
    fn the_thread_that_made_an_outcome_frees_it() {
        let inputs: Vec<Input> = (0..4).map(|i| Input::File(PathBuf::from(i.to_string()))).collect();
        let mut seen = Vec::new();
        let order = Order::new(
            |input: &Input, _: &Outcome, _: &std::io::Result<Vec<u8>>| {
                seen.push(input.name());
                Ok(())
            },
            8,
            2,
        );
        let spent = |t: usize| -> Vec<String> {
            let held = order.spent[t].lock().unwrap();
            held.iter().map(|i| String::from_utf8(i.rendered.as_ref().unwrap().clone()).unwrap()).collect()
        };
        // Thread 0 files input 1: nothing can be written before input 0.
        order.file(0, &inputs, 1, item(0, "1"));
        assert_eq!((spent(0), spent(1)), (vec![], vec![]));
        // Thread 1 files input 0 and writes 0 and 1: 1 goes back to thread 0, 0 is freed.
        order.file(1, &inputs, 0, item(1, "0"));
        assert_eq!((spent(0), spent(1)), (vec!["1".to_string()], vec![]));
        // Thread 0 files input 2: it frees 1 first, then writes and frees 2.
        order.file(0, &inputs, 2, item(0, "2"));
        assert_eq!((spent(0), spent(1)), (vec![], vec![]));
        drop(order);
        assert_eq!(seen, ["0", "1", "2"]);
    }

    /// A sink that fails (a closed pipe) stops every thread: none waits for room forever, and
    /// the sink is not called again.
    #[test]
    fn a_failing_sink_stops_every_thread() {
        let inputs: Vec<Input> = (0..1_000).map(|i| Input::File(PathBuf::from(i.to_string()))).collect();
        let calls = AtomicUsize::new(0);
        let order = Order::new(
            |_: &Input, _: &Outcome, _: &std::io::Result<Vec<u8>>| {
                if calls.fetch_add(1, Ordering::SeqCst) == 10 {
                    return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
                }
                Ok(())
            },
            4,
            3,
        );
        let next = drive(3, inputs.len(), &order, |me, i| order.file(me, &inputs, i, item(me, "")));
        assert_eq!(calls.load(Ordering::SeqCst), 11);
        assert!(next < 30, "threads stopped soon after the failure");
        let failed = order.writer.into_inner().unwrap().failed;
        assert_eq!(failed.map(|e| e.kind()), Some(std::io::ErrorKind::BrokenPipe));
    }

    /// A message whose rule set is being compiled is put aside, validated after the next one
    /// (not waited for), and still reaches the sink in its place; one put aside at the end of
    /// the batch, or one the sink would wait for when the thread is the window (64 inputs)
    /// ahead, is validated waiting. With nothing being compiled, the messages are validated in
    /// input order.
    #[test]
    fn a_message_whose_rule_set_is_being_compiled_is_put_aside() {
        let recorded = |contents: &[&str], busy: usize| {
            let files = Files::new(&format!("aside-{}-{busy}", contents.len()), contents);
            let check = Recorder { busy: busy.into(), ..Recorder::default() };
            let seen = Arc::clone(&check.seen);
            assert_eq!(
                batch_of(1, &files, Box::new(check)),
                contents,
                "the sink gets every message once, in input order"
            );
            seen.lock().unwrap().clone()
        };
        // Busy for its first two tries (when read, and after the next message): validated after b.
        assert_eq!(recorded(&["a", "later", "b", "c"], 2), ["a", "b", "later", "c"]);
        // Busy for its first try only: validated as soon as it is tried again, before b.
        assert_eq!(recorded(&["a", "later", "b", "c"], 1), ["a", "later", "b", "c"]);
        // The last message, busy for ever: validated waiting once the inputs have run out.
        assert_eq!(recorded(&["a", "later"], usize::MAX), ["a", "later"]);
        // Busy for ever with 70 messages after it: the 63 that fit in the window are
        // validated, then it is, waiting, then the rest.
        let mut contents = vec!["later".to_string()];
        contents.extend((1..=70).map(|i| i.to_string()));
        let contents: Vec<&str> = contents.iter().map(String::as_str).collect();
        let mut expected: Vec<&str> = contents[1..64].to_vec();
        expected.push("later");
        expected.extend(&contents[64..]);
        assert_eq!(recorded(&contents, usize::MAX), expected);
        // Nothing compiled on another thread: each in turn.
        let files = Files::new("plain", &["a", "later", "b"]);
        let plain = Plain::default();
        let seen = Arc::clone(&plain.0);
        assert_eq!(batch_of(1, &files, Box::new(plain)), ["a", "later", "b"]);
        assert_eq!(*seen.lock().unwrap(), ["a", "later", "b"]);
    }

    /// Two threads run at most 128 inputs (64 per thread) ahead of the sink: with the first
    /// message put aside for good, the thread holding it validates it (waiting) when it takes
    /// input 128 or 129, the other stops at 128 until then. So the 126 or 127 messages after it
    /// validated before it are all of inputs 1-127 but the one the other thread may still be
    /// validating, and none of 128-200.
    #[test]
    fn two_threads_run_at_most_the_window_ahead_of_the_sink() {
        let contents: Vec<String> =
            std::iter::once("later".to_string()).chain((1..=200).map(|i| i.to_string())).collect();
        let contents: Vec<&str> = contents.iter().map(String::as_str).collect();
        let files = Files::new("window", &contents);
        let check = Recorder { busy: usize::MAX.into(), ..Recorder::default() };
        let seen = Arc::clone(&check.seen);
        assert_eq!(batch_of(2, &files, Box::new(check)), contents);
        let seen = seen.lock().unwrap();
        let at = seen.iter().position(|m| m == "later").unwrap();
        assert!(at == 126 || at == 127, "validated after {at} others");
        let before: Vec<usize> = seen[..at].iter().map(|m| m.parse().unwrap()).collect();
        assert!(before.iter().all(|&i| i < 128), "{before:?}");
    }

    /// An input of up to `IN_MEMORY_MAX` bytes is read whole (validated from memory, its text
    /// kept when asked); a larger one is streamed, its size known from the start, without the
    /// buffer growing past the first read's size.
    #[test]
    fn inputs_up_to_the_limit_are_read_whole_and_larger_ones_streamed() {
        let max = IN_MEMORY_MAX as usize;
        let check = Recorder::default();
        for (len, whole) in [(10, true), (FIRST_READ, true), (FIRST_READ + 1, true), (max, true), (max + 1, false)] {
            let data = vec![b'x'; len];
            for keep_text in [true, false] {
                let mut from = std::io::Cursor::new(&data[..]);
                let size = |c: &std::io::Cursor<&[u8]>| Some(c.get_ref().len() as u64);
                let Ok(Step::Done(o)) = validate_from(&check, &mut from, size, keep_text, false) else {
                    panic!("{len} bytes: not validated")
                };
                let how = if whole { "bytes" } else { "reader" };
                assert_eq!(o.rule_set.as_deref(), Some(how), "{len} bytes");
                assert_eq!(o.text.map(|t| t.len()), (whole && keep_text).then_some(len), "{len} bytes, {keep_text}");
                assert!(!o.unreadable);
                if !whole {
                    assert_eq!(super::BUFFER.with_borrow(|h| h.buf.len()), FIRST_READ, "{len} bytes");
                }
            }
        }
        let seen = check.seen.lock().unwrap();
        assert_eq!(
            seen.last().unwrap(),
            &format!("stream of {} bytes", max + 1),
            "the bytes read first, then the rest"
        );
        // A message whose rule set is being compiled is handed back, whole.
        let busy = Recorder { busy: 1.into(), ..Recorder::default() };
        let step = validate_from(&busy, &mut &b"later"[..], |_| None, true, true).unwrap();
        assert!(matches!(step, Step::Later(b) if b == b"later"));
    }

    /// The built-in rule sets validate a message without waiting when no other thread is
    /// compiling its rule set: the same version and diagnostics as when waiting.
    #[test]
    fn the_built_in_check_does_not_wait_for_a_free_rule_set() {
        let check = super::Builtin { sets: wcodm::RuleSets::new(), choice: wcodm::Choice::Auto };
        let xml =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/3.6/invalid-rule-net-mass-above-gross.xml"))
                .unwrap();
        let (version, report) = check.check_bytes(&xml);
        assert_eq!(version.as_deref(), Some("3.6"));
        let rules: Vec<_> = report.diagnostics.iter().map(|d| (d.rule.as_deref(), d.line)).collect();
        assert_eq!(rules, [(Some("WCO-R004"), 91)]);
        let (version, again) = check.try_check_bytes(&xml).expect("the 3.6 rule set is compiled");
        assert_eq!((version.as_deref(), again.diagnostics), (Some("3.6"), report.diagnostics));
    }

    #[test]
    fn threads_are_capped_by_the_inputs_and_the_cores() {
        assert_eq!(threads(Some(10_000), 1, 2), 1);
        assert_eq!(threads(Some(10_000), 3_000, 2), 8);
        assert_eq!(threads(Some(2), 3_000, 2), 2);
        assert_eq!(threads(Some(3), 3_000, 2), 3);
        assert_eq!(threads(Some(4), 3, 16), 3);
        assert_eq!(threads(Some(1), 0, 2), 1);
        // Not asked, or 0: one per core.
        assert_eq!(threads(None, 3_000, 2), 2);
        assert_eq!(threads(Some(0), 3_000, 2), 2);
        assert_eq!(threads(Some(0), 3_000, 1), 1);
    }

    /// A reader that hands out at most `step` bytes per call, like a pipe.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.data.len().min(buf.len()).min(self.step);
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_buffer_holds_what_was_asked_and_keeps_its_bytes_across_inputs() {
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let mut head = Head::default();
        // A large input first: the buffer grows past the first read's size.
        head.start();
        assert!(head.fill(&mut Trickle { data: &big, step: 7_000 }, 1 << 20).unwrap());
        assert_eq!(head.bytes(), &big[..]);
        assert_eq!(head.buf.len(), 512 << 10, "doubled from 64 KiB until the input fitted");
        // The next input stops at the first limit although the buffer is longer, which it keeps.
        let second = &big[1000..200_000];
        let mut r = Trickle { data: second, step: 50_000 };
        head.start();
        assert_eq!(head.buf.len(), 512 << 10);
        assert!(!head.fill(&mut r, FIRST_READ).unwrap());
        assert_eq!(head.bytes(), &second[..FIRST_READ]);
        // Reading on takes the rest, in order.
        assert!(head.fill(&mut r, 1 << 20).unwrap());
        assert_eq!(head.bytes(), second);
        // An input longer than the final limit stops there.
        head.start();
        assert!(!head.fill(&mut Trickle { data: &big, step: 4096 }, 100_000).unwrap());
        assert_eq!(head.bytes(), &big[..100_000]);
        // The whole bytes can be handed over; the next input gets a new buffer.
        let taken = head.take();
        assert_eq!(taken, &big[..100_000]);
        head.start();
        assert!(head.fill(&mut Trickle { data: b"<a/>", step: 1 }, FIRST_READ).unwrap());
        assert_eq!(head.bytes(), b"<a/>");
        // A buffer of 1 MiB is kept for the next input; one grown past it is given up.
        let huge = vec![b'x'; 3 << 20];
        for (limit, kept) in [(1 << 20, 1 << 20), ((1 << 20) + 1, 0)] {
            head.start();
            assert!(!head.fill(&mut &huge[..], limit).unwrap());
            assert_eq!(head.bytes().len(), limit);
            head.start();
            assert_eq!(head.buf.len(), kept, "after a buffer of {limit} bytes");
        }
    }

    /// A read interrupted by a signal is tried again; any other error ends the read.
    #[test]
    fn an_interrupted_read_is_tried_again_and_other_errors_end_it() {
        /// Fails once with `error`, then reads its bytes.
        struct Failing<'a>(Option<std::io::ErrorKind>, &'a [u8]);
        impl std::io::Read for Failing<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.take() {
                    Some(kind) => Err(kind.into()),
                    None => self.1.read(buf),
                }
            }
        }
        let mut head = Head::default();
        head.start();
        assert!(head.fill(&mut Failing(Some(std::io::ErrorKind::Interrupted), b"<a/>"), FIRST_READ).unwrap());
        assert_eq!(head.bytes(), b"<a/>");
        head.start();
        let e = head.fill(&mut Failing(Some(std::io::ErrorKind::IsADirectory), b"<a/>"), FIRST_READ).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
        assert_eq!(head.bytes(), b"");
    }
}
