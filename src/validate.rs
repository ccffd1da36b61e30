//! The [`Validator`]: a compiled rule set and one streaming pass per message.
//!
//! The pass reads quick-xml events once, keeps a stack of open elements (bounded by the depth
//! limit) and checks each element against its declaration as it goes: content model on every
//! child, attributes on the start tag, the simple value on the end tag. No document tree is
//! built; memory is bounded by nesting depth, the largest token and the error cap.

use crate::Error;
use crate::report::{Code, Diagnostic, Report, Severity};
use crate::rules::NOT_OPEN;
use crate::schema::content::{State as CmState, Step};
use crate::schema::{self, ComplexId, Content, ElemId, Process, Schema, SimpleId, TypeRef, XSI_NS, simple};
use crate::xml::{EndNames, FIRST_WINDOW, LineCount, Lines, Names, Scope, WINDOW, cut, fill, window_end};
use crate::xml::{Limits, encoding_supported, predefined_entity, sniff_wide_encoding};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::Config;
use quick_xml::reader::Reader;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

/// How a validation run behaves. `Options::default()` suits untrusted input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Stop after this many diagnostics and mark the report truncated (default 100; the first
    /// problem is always reported, so 0 acts as 1).
    pub max_errors: usize,
    /// Leave message values out of diagnostics (customs data is confidential). Default false.
    pub mask_values: bool,
    /// Limits on untrusted input.
    pub limits: Limits,
    /// The day date rules take as today (default: the system's UTC date at validation time).
    /// Set it to re-check an old message as of the day it was sent, or for stable tests.
    pub today: Option<crate::rules::Day>,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_errors: 100, mask_values: false, limits: Limits::default(), today: None }
    }
}

/// A compiled rule set, ready to validate any number of messages from any number of threads.
///
/// ```
/// let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x" xmlns="urn:x" elementFormDefault="qualified">
///   <xs:element name="Declaration"><xs:complexType><xs:sequence>
///     <xs:element name="TypeCode"><xs:simpleType><xs:restriction base="xs:token"><xs:maxLength value="3"/></xs:restriction></xs:simpleType></xs:element>
///   </xs:sequence></xs:complexType></xs:element>
/// </xs:schema>"#;
/// let v = wcodm::Validator::from_xsd_files("root.xsd", [("root.xsd".to_string(), xsd.to_string())])?;
/// let report = v.validate(br#"<Declaration xmlns="urn:x"><TypeCode>IMZA</TypeCode></Declaration>"#);
/// assert!(!report.is_valid());
/// let d = &report.diagnostics[0];
/// assert_eq!((d.code.as_str(), d.line, d.path.as_str()), ("length", 1, "/Declaration/TypeCode"));
/// # Ok::<(), wcodm::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Validator {
    schema: Arc<Schema>,
    options: Options,
    rules: Option<Arc<crate::rules::Compiled>>,
}

impl Validator {
    /// Compile the XSD schema set whose root document is at `root` (its includes and imports
    /// are read relative to it).
    pub fn from_xsd_path(root: impl AsRef<Path>) -> Result<Validator, Error> {
        let root = root.as_ref().to_string_lossy().into_owned();
        Ok(Self::from_schema(schema::xsd::compile(&root, schema::xsd::Files::Disk)?))
    }

    /// Compile an XSD schema set held in memory: `files` maps names to document text, and
    /// `schemaLocation`s resolve against the including document's name like relative paths.
    pub fn from_xsd_files(root: &str, files: impl IntoIterator<Item = (String, String)>) -> Result<Validator, Error> {
        let files = schema::xsd::Files::Memory(files.into_iter().collect());
        Ok(Self::from_schema(schema::xsd::compile(root, files)?))
    }

    fn from_schema(schema: Schema) -> Validator {
        Validator { schema: Arc::new(schema), options: Options::default(), rules: None }
    }

    /// The same rule set with other options (cheap: the compiled schema is shared).
    pub fn with_options(mut self, options: Options) -> Validator {
        self.options = options;
        self
    }

    /// The same rule set with business-rule packs added, evaluated in the same pass.
    ///
    /// Every path a rule names is checked against this rule set's schema: one that no element
    /// can match is an [`Error::UnknownPath`] naming the rule and the closest real path.
    pub fn with_rules(self, packs: &[crate::rules::RulePack]) -> Result<Validator, Error> {
        self.add_rules(packs, true)
    }

    /// [`Validator::with_rules`] without checking the paths against the schema (for the
    /// schematic fragments of a rule's examples, which have none).
    pub(crate) fn add_rules(mut self, packs: &[crate::rules::RulePack], check: bool) -> Result<Validator, Error> {
        let mut all: Vec<crate::rules::RulePack> = self.rules.as_ref().map(|r| r.packs.clone()).unwrap_or_default();
        all.extend(packs.iter().cloned());
        let mut rules = crate::rules::Compiled::new(&all)?;
        if check {
            rules.check_paths(&self.schema)?;
        }
        rules.bind(self.schema.elements.iter().map(|e| &*e.name));
        // Without a rule, the pass does not follow the trie at all.
        self.rules = (!rules.rules.is_empty()).then(|| Arc::new(rules));
        Ok(self)
    }

    /// The business rules in force (all packs added), in the order they were added.
    pub fn rules(&self) -> &[crate::rules::Rule] {
        self.rules.as_ref().map_or(&[], |r| &r.rules)
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Validate a message held in memory.
    pub fn validate(&self, xml: &[u8]) -> Report {
        Pass::new(&self.schema, &self.options, self.rules.as_deref()).run_slice(xml)
    }

    /// Validate a message from a reader, in one pass with bounded memory: it is read in
    /// windows of at most 1 MiB (more only for a single token that does not fit, up to
    /// [`Limits::max_token_bytes`](crate::Limits)), and the report is the one [`Validator::validate`]
    /// gives for the same bytes. The pass reads in windows of its own, so a `File` or socket
    /// needs no `BufReader` around it.
    ///
    /// ```
    /// # let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="n" type="xs:decimal"/></xs:schema>"#;
    /// # let v = wcodm::Validator::from_xsd_files("n.xsd", [("n.xsd".into(), xsd.into())])?;
    /// let file = std::io::Cursor::new(b"<n>12.5</n>".to_vec()); // or a File
    /// assert!(v.validate_reader(file).is_valid());
    /// # Ok::<(), wcodm::Error>(())
    /// ```
    pub fn validate_reader<R: Read>(&self, input: R) -> Report {
        Pass::new(&self.schema, &self.options, self.rules.as_deref()).run_reader(input)
    }

    /// [`Validator::validate_reader`] with windows of `first` bytes, then up to `most`: for the
    /// tests and the fuzz targets, which cut messages everywhere with small windows.
    #[doc(hidden)]
    pub fn validate_reader_in_windows<R: Read>(&self, input: R, first: usize, most: usize) -> Report {
        Pass::new(&self.schema, &self.options, self.rules.as_deref()).run_windows(input, first.max(1), most.max(1))
    }
}

/// How an open element is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Not checked at all (skip wildcard, or after an element that could not be matched).
    Skip,
    /// Children with a global declaration are checked; others are skipped laxly.
    Lax,
    Complex(ComplexId),
    Simple(SimpleId),
}

impl Mode {
    /// The schema allows only elements in an element checked this way (no text but blanks).
    fn elements_only(self, schema: &Schema) -> bool {
        match self {
            Mode::Complex(c) => {
                let ct = &schema.complex[c as usize];
                matches!(ct.content, Content::Elements(_)) && !ct.mixed
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
struct Frame {
    decl: Option<ElemId>,
    /// Local name for paths when there is no declaration.
    name: Option<Box<str>>,
    index: u32,
    mode: Mode,
    cm: CmState,
    /// The content model already reported an error: later children are not checked against it.
    failed: bool,
    text_reported: bool,
    nil: bool,
    /// Where the start tag begins.
    at: At,
    counts_start: usize,
    /// The business-rule trie node of this element, or [`NO_RULES`].
    rule_node: u32,
    /// A business rule reads this element's text value (never set where the content is
    /// elements only: the value of such an element is empty, its indentation is not a value).
    reads_value: bool,
    /// What the start tag did to the namespace scopes.
    scope: Scope,
    /// Blank text in this element needs no look: its content is elements only (or skipped),
    /// it is not nil, and no rule reads its value. Indentation is the most common text.
    ignores_blank: bool,
}

/// A position in the message: a byte offset, with its line and column when they were counted
/// as the message streamed by (`line == 0`: not counted yet; the message is in memory and the
/// line is found only if a diagnostic needs it).
#[derive(Debug, Clone, Copy)]
struct At {
    offset: u64,
    line: u32,
    col: u32,
}

impl At {
    /// The first byte of the message.
    const START: At = At { offset: 0, line: 1, col: 1 };

    /// The position at `offset`, where the lines are counted as `count`.
    fn counted(offset: u64, count: LineCount) -> At {
        let (line, col) = count.at(offset);
        At { offset, line, col }
    }

    /// The position `i` bytes into `body`, which starts `prefix` bytes after `self`.
    fn within(self, body: &str, prefix: usize, i: usize) -> At {
        let offset = self.offset + (prefix + i) as u64;
        if self.line == 0 {
            return At { offset, line: 0, col: 0 };
        }
        let before = &body[..i.min(body.len())];
        match before.rfind('\n') {
            Some(nl) => At { offset, line: self.line + before.matches('\n').count() as u32, col: (i - nl) as u32 },
            None => At { offset, line: self.line, col: self.col + (prefix + i) as u32 },
        }
    }
}

/// How line numbers are found: counted on demand over the text at hand.
enum Locator<'t> {
    /// In memory: the whole message.
    Slice { text: &'t [u8], lines: Lines },
    /// Streamed: the current window, from its byte `skip` on (after a byte order mark), and
    /// where it starts in the message (`lines`). Open elements get their lines before it moves
    /// on.
    Window { text: Rc<Vec<u8>>, skip: usize, lines: Lines },
}

struct Pass<'s> {
    schema: &'s Schema,
    opts: &'s Options,
    locator: Locator<'s>,
    frames: Vec<Frame>,
    /// Same-name sibling counters of every open element: (name hash, count).
    counts: Vec<(u64, u32)>,
    text: String,
    report: Report,
    root_seen: bool,
    stop: bool,
    /// Business rules, when rule packs were added.
    rules: Option<&'s crate::rules::Compiled>,
    /// Rule states of the open scope elements, innermost last.
    open: Vec<crate::rules::Open<Held>>,
    /// Per rule, the index in `open` of its innermost open scope (`NOT_OPEN`: none), so a value
    /// finds its rule's state without a search.
    open_of: Vec<u32>,
    /// States of the conditions' atoms in their open anchor elements, innermost last.
    atoms: Vec<crate::rules::AtomState>,
    /// Per atom, the index in `atoms` of its innermost open state (`NOT_OPEN`: none).
    atom_of: Vec<u32>,
    /// Violations of scope elements that have ended before their rule's condition was known
    /// (it reads a field of an enclosing element that comes later), held until it is.
    waiting: Vec<Waiting>,
    /// Today, for date rules: the options' day, or the system's read at first use.
    today: Option<crate::rules::Day>,
    /// The message declared US-ASCII: any byte above 0x7F is an error.
    ascii_only: bool,
    /// Namespace scopes, taken by the reading loop while it runs (kept here between messages).
    names: Option<Names>,
}

/// A violation of a conditional rule, held until its scope ends with the open elements it was
/// found under: its line, path and pointer are written only if the condition holds (most held
/// violations are dropped, and writing them was most of what rules cost).
#[derive(Debug)]
struct Held {
    violation: crate::rules::Violation,
    frames: Vec<Frame>,
}

/// A scope element's violations waiting for its rule's condition: each atom of the condition
/// bound to the state of its anchor element (still open), or to its final truth once the
/// anchor has ended.
#[derive(Debug)]
struct Waiting {
    rule: u32,
    held: Vec<Held>,
    atoms: Vec<(u32, Bound)>,
}

/// An atom's truth for a waiting verdict.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// Its state at this index of `Pass::atoms`.
    Open(u32),
    /// Its anchor has ended.
    Final(crate::rules::Truth),
}

/// `Frame::rule_node` of an element outside every rule's root element.
const NO_RULES: u32 = u32::MAX;
/// `Frame::rule_node` of an element inside a rule root that no rule names (nor its descendants).
const INSIDE: u32 = u32::MAX - 1;

/// The buffers of a finished pass, kept per thread for the next message (a batch validates
/// thousands of messages per thread; allocating these per message cost about 1% of a pass).
#[derive(Default)]
struct Scratch {
    names: Option<Names>,
    open: Vec<crate::rules::Open<Held>>,
    open_of: Vec<u32>,
    atoms: Vec<crate::rules::AtomState>,
    atom_of: Vec<u32>,
    frames: Vec<Frame>,
    counts: Vec<(u64, u32)>,
    text: String,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        let mut scratch = Scratch {
            names: self.names.take(),
            open: std::mem::take(&mut self.open),
            open_of: std::mem::take(&mut self.open_of),
            atoms: std::mem::take(&mut self.atoms),
            atom_of: std::mem::take(&mut self.atom_of),
            frames: std::mem::take(&mut self.frames),
            counts: std::mem::take(&mut self.counts),
            text: std::mem::take(&mut self.text),
        };
        // Kept only while small: one huge value must not stay allocated.
        if scratch.text.capacity() <= 1 << 16 {
            scratch.open.clear();
            scratch.open_of.clear();
            scratch.atoms.clear();
            scratch.atom_of.clear();
            scratch.frames.clear();
            scratch.counts.clear();
            scratch.text.clear();
            if let Some(n) = &mut scratch.names {
                n.reset();
            }
            SCRATCH.set(Some(scratch));
        }
    }
}

impl<'s> Pass<'s> {
    fn new(schema: &'s Schema, opts: &'s Options, rules: Option<&'s crate::rules::Compiled>) -> Self {
        // The previous message's buffers on this thread, or new ones sized for a typical
        // declaration (about 10 deep, a few dozen distinct child names open at a time, values
        // under 128 bytes).
        let mut scratch = SCRATCH.take().unwrap_or_else(|| Scratch {
            names: None,
            open: Vec::new(),
            open_of: Vec::new(),
            atoms: Vec::new(),
            atom_of: Vec::new(),
            frames: Vec::with_capacity(16),
            counts: Vec::with_capacity(64),
            text: String::with_capacity(128),
        });
        // One slot per rule; the scratch's was emptied when its last pass ended.
        scratch.open_of.resize(rules.map_or(0, |r| r.rules.len()), NOT_OPEN);
        scratch.atom_of.resize(rules.map_or(0, |r| r.atoms.len()), NOT_OPEN);
        Pass {
            schema,
            opts,
            locator: Locator::Slice { text: &[], lines: Lines::new() },
            names: scratch.names,
            frames: scratch.frames,
            counts: scratch.counts,
            text: scratch.text,
            report: Report::default(),
            root_seen: false,
            stop: false,
            rules,
            open: scratch.open,
            open_of: scratch.open_of,
            atoms: scratch.atoms,
            atom_of: scratch.atom_of,
            waiting: Vec::new(),
            today: opts.today,
            ascii_only: false,
        }
    }

    /// Validate a message held in memory: events borrow from it, nothing is copied.
    fn run_slice(mut self, xml: &'s [u8]) -> Report {
        if self.refuse_wide_encoding(xml) {
            return self.finish();
        }
        if xml.len() as u64 > self.opts.limits.max_document_bytes {
            self.too_large(Code::LimitSize, At::START);
            return self.finish();
        }
        let mut reader = Reader::from_reader(xml);
        configure(reader.config_mut());
        let mut names = self.names.take().unwrap_or_default();
        // quick-xml skips a UTF-8 byte order mark and counts offsets after it.
        let text = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
        self.locator = Locator::Slice { text, lines: Lines::new() };
        let max_token = self.opts.limits.max_token_bytes;
        while !self.stop {
            let start = reader.buffer_position();
            match reader.read_event() {
                Ok(_) if reader.buffer_position() - start > max_token => {
                    self.too_large(Code::LimitToken, At { offset: start, line: 0, col: 0 });
                }
                Ok(ev) if self.indentation(&ev) => {}
                Ok(ev) => {
                    let at = At { offset: start, line: 0, col: 0 };
                    if !self.refuse_non_ascii(&ev, at) {
                        self.event(&mut names, ev, at);
                    }
                }
                Err(e) => {
                    let at = At { offset: reader.error_position().max(start), line: 0, col: 0 };
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at);
                }
            }
        }
        self.names = Some(names);
        self.finish()
    }

    /// Validate from a reader, in windows (see `crate::xml::window`): events are read borrowed
    /// from a window of the input, [`FIRST_WINDOW`] bytes at first, then up to [`WINDOW`]
    /// (more for a token that does not fit, up to the token limit). Lines are counted on
    /// demand in the window, as in memory; open elements get theirs before it moves on.
    fn run_reader<R: Read>(self, input: R) -> Report {
        self.run_windows(input, FIRST_WINDOW, WINDOW)
    }

    /// [`Pass::run_reader`] with windows of `first` bytes, then up to `most` (the tests make
    /// them small).
    fn run_windows<R: Read>(mut self, mut input: R, first: usize, most: usize) -> Report {
        let limits = self.opts.limits;
        let max_token = usize::try_from(limits.max_token_bytes).unwrap_or(usize::MAX);
        let mut buf = Vec::new();
        // The first four bytes tell the encoding, however the reader chunks its data.
        let mut more = match fill(&mut input, &mut buf, 4) {
            Ok(more) => more,
            Err(e) => {
                self.fatal(Code::Io, format!("cannot read input: {e}"), At::START);
                return self.finish();
            }
        };
        if self.refuse_wide_encoding(&buf) {
            return self.finish();
        }
        // The first reader skips a byte order mark, and its positions count from after it (as
        // in memory): `lead` bytes of the buffer come before position 0.
        let mut lead = if buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let mut names = self.names.take().unwrap_or_default();
        let mut ends = EndNames::default();
        // Position 0 of the window is offset `base`, where the lines are counted as `start`.
        let (mut base, mut start_count) = (0u64, LineCount::new());
        let mut want = first;
        while !self.stop {
            if more {
                match fill(&mut input, &mut buf, want) {
                    Ok(m) => more = m,
                    Err(e) => {
                        let at = At::counted(base, start_count);
                        self.fatal(Code::Io, format!("cannot read input: {e}"), at);
                        break;
                    }
                }
            }
            if base + (buf.len() - lead) as u64 > limits.max_document_bytes {
                self.too_large(Code::LimitSize, At::counted(base, start_count));
                break;
            }
            let end = if more { window_end(&buf[lead..]) } else { buf.len() - lead };
            // The buffer is shared with the locator while the window is read, for line numbers.
            let window = Rc::new(std::mem::take(&mut buf));
            self.locator = Locator::Window { text: window.clone(), skip: lead, lines: Lines::from(start_count, base) };
            let done = self.read_window(&window[..lead + end], end, base, more, &mut names, &mut ends);
            // The window moves past what was read; a token it cut starts the next one. (The first
            // reader's byte order mark stays until the window moves: a new reader skips it.)
            for depth in 1..=self.frames.len() {
                self.locate_frame(depth);
            }
            if let Locator::Window { text, skip, lines } = &mut self.locator {
                start_count = lines.count_at(&text[*skip..], done);
            }
            self.locator = Locator::Slice { text: &[], lines: Lines::new() };
            // Back in this function's hands alone (never shared past here, so never copied).
            buf = Rc::unwrap_or_clone(window);
            if done > 0 {
                buf.drain(..lead + done);
                lead = 0;
                base += done as u64;
            }
            want = if done > 0 || !more {
                (want.saturating_mul(2)).min(most).max(buf.len() + 1)
            } else if buf.len() > max_token {
                self.too_large(Code::LimitToken, At::counted(base, start_count));
                break;
            } else {
                // Not one whole token in the window: read more, up to one byte past the limit.
                buf.len().saturating_mul(2).min(max_token.saturating_add(1)).max(buf.len() + 1)
            };
        }
        self.names = Some(names);
        self.finish()
    }

    /// Read the events of one window, `end` bytes after a byte order mark if it has one
    /// (`base` is the offset of its position 0; `more`: the input goes on after it), and return
    /// where its whole tokens end: the next window starts there.
    fn read_window(
        &mut self,
        window: &[u8],
        end: usize,
        base: u64,
        more: bool,
        names: &mut Names,
        ends: &mut EndNames,
    ) -> usize {
        let max_token = self.opts.limits.max_token_bytes;
        let mut reader = Reader::from_reader(window);
        configure(reader.config_mut());
        // End names are matched by `ends`, across windows.
        reader.config_mut().check_end_names = false;
        reader.config_mut().allow_unmatched_ends = true;
        let mut done = 0;
        while !self.stop {
            let start = reader.buffer_position();
            let ev = reader.read_event();
            let after = reader.buffer_position();
            let at = At { offset: base + start, line: 0, col: 0 };
            let ev = match ev {
                // The window's end: what is left is read with the next window.
                Ok(Event::Eof) if more => break,
                Err(e) if more && cut(&e, start, end) => break,
                Ok(_) if after - start > max_token => {
                    self.too_large(Code::LimitToken, at);
                    break;
                }
                Ok(ev) => ev,
                Err(e) => {
                    let at = At { offset: base + reader.error_position().max(start), line: 0, col: 0 };
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at);
                    break;
                }
            };
            done = after as usize;
            let ended = match &ev {
                Event::Start(e) => {
                    ends.open(e.name().as_ref());
                    Ok(())
                }
                Event::End(e) => ends.close(e.name().as_ref()),
                _ => Ok(()),
            };
            match ended {
                Err(e) => self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at),
                Ok(()) if self.indentation(&ev) => {}
                Ok(()) => {
                    if !self.refuse_non_ascii(&ev, at) {
                        self.event(names, ev, at);
                    }
                }
            }
        }
        done
    }

    /// The message passes a size limit ([`Code::LimitToken`] or [`Code::LimitSize`]) at `at`:
    /// validation stops.
    fn too_large(&mut self, code: Code, at: At) {
        let limits = self.opts.limits;
        let msg = match code {
            Code::LimitSize => format!("the document is larger than {} bytes", limits.max_document_bytes),
            _ => format!("a single tag, text or comment is larger than {} bytes", limits.max_token_bytes),
        };
        self.fatal(code, msg, at);
    }

    /// The report; the buffers go back to this thread's scratch.
    fn finish(mut self) -> Report {
        std::mem::take(&mut self.report)
    }

    /// Whether an event is blank text where blanks need no look (indentation between elements,
    /// the most common event): skipped before any other work.
    #[inline]
    fn indentation(&self, ev: &Event<'_>) -> bool {
        match ev {
            Event::Text(t) => {
                self.frames.last().is_some_and(|f| f.ignores_blank) && classify(t.as_bytes()) & NOT_BLANK == 0
            }
            _ => false,
        }
    }

    /// After a declared `US-ASCII`, a byte above 0x7F is an encoding error (as libxml2 reads
    /// it), reported at the start of the markup or text that holds it.
    fn refuse_non_ascii(&mut self, ev: &Event<'_>, at: At) -> bool {
        if !self.ascii_only {
            return false;
        }
        let raw: &[u8] = match ev {
            Event::Start(e) | Event::Empty(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::End(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::Text(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::CData(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::Comment(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::PI(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::Decl(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::DocType(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::GeneralRef(e) => AsRef::<[u8]>::as_ref(&**e),
            Event::Eof => b"",
        };
        if raw.is_ascii() {
            return false;
        }
        self.fatal(
            Code::XmlEncoding,
            "the message declares encoding US-ASCII but holds non-ASCII bytes: declare UTF-8 (or convert it)",
            at,
        );
        true
    }

    fn refuse_wide_encoding(&mut self, head: &[u8]) -> bool {
        match sniff_wide_encoding(head) {
            Some(enc) => {
                self.fatal(
                    Code::XmlEncoding,
                    format!("input is {enc}; wcodm reads UTF-8 only: convert the file to UTF-8"),
                    At::START,
                );
                true
            }
            None => false,
        }
    }

    /// Handle one event; sets `self.stop` when validation cannot go on.
    fn event(&mut self, names: &mut Names, ev: Event<'_>, at: At) {
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let scope = match names.open(e) {
                    Ok(scope) => scope,
                    Err(err) => {
                        self.fatal(Code::XmlSyntax, format!("not well-formed: {err}"), at);
                        return;
                    }
                };
                let (ns, local) = match names.element(e.name().into_inner()) {
                    Ok(found) => found,
                    Err(p) => {
                        let msg = format!("not well-formed: namespace prefix '{p}' is not declared");
                        self.fatal(Code::XmlSyntax, msg, at);
                        return;
                    }
                };
                // The schema's id of the namespace, looked up once per prefix and scope.
                let id = match *names.memo(ns) {
                    Some(id) => id,
                    None => {
                        let id = self.schema.ns_id(names.uri(ns));
                        *names.memo(ns) = Some(id);
                        id
                    }
                };
                let depth = self.frames.len();
                self.start(names.resolver(), e, (id, names.uri(ns)), local, at, scope);
                if matches!(ev, Event::Empty(_)) && self.frames.len() > depth {
                    self.end_scoped(names);
                }
            }
            Event::End(_) => self.end_scoped(names),
            // Line ends are normalised in `text_event`, only where the text is not blank or is kept.
            Event::Text(t) => self.text_event(&t, at, Text::Raw),
            // libxml2 counts any CDATA section, even an empty one, as character content: in
            // element-only or empty content it is an error there, and so it is here.
            Event::CData(t) => self.text_event(&t.xml10_content(), at, Text::CData),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined_entity(&name),
                    Err(_) => None,
                };
                match c {
                    Some(c) => self.chars(c.encode_utf8(&mut [0; 4]), at),
                    None => self.fatal(Code::XmlSyntax, format!("not well-formed: reference &{name}; is not a valid character or predefined entity (DTDs are not read)"), at),
                }
            }
            Event::DocType(_) => {
                self.fatal(
                    Code::XmlDoctype,
                    "the message has a DOCTYPE: document type declarations are refused (no DTD, no entity expansion)",
                    at,
                );
            }
            Event::Decl(d) => {
                let enc = d.encoding().and_then(Result::ok);
                self.ascii_only =
                    enc.as_deref().is_some_and(|e| ["us-ascii", "ascii"].iter().any(|a| e.eq_ignore_ascii_case(a)));
                if let Some(enc) = enc
                    && !encoding_supported(&enc)
                {
                    self.fatal(
                        Code::XmlEncoding,
                        format!("the message declares encoding '{enc}'; wcodm reads UTF-8 only: convert it to UTF-8"),
                        at,
                    );
                }
            }
            Event::Comment(t) => {
                let body: &str = &t;
                if let Some(i) = double_hyphen(body) {
                    self.fatal(
                        Code::XmlSyntax,
                        "not well-formed: '--' is not allowed inside a comment",
                        at.within(body, 4, i),
                    );
                }
            }
            Event::PI(_) => {}
            Event::Eof => {
                if !self.frames.is_empty() {
                    self.fatal(
                        Code::XmlSyntax,
                        "not well-formed: the document ends before its elements are closed",
                        at,
                    );
                } else if !self.root_seen {
                    self.fatal(Code::XmlSyntax, "not well-formed: the document has no root element", at);
                }
                self.stop = true;
            }
        }
    }

    // ---- reporting ---------------------------------------------------------------------

    fn push(&mut self, d: Diagnostic) {
        // The first problem is always reported, whatever the cap, so a capped report is never
        // an empty (valid-looking) one.
        if self.report.diagnostics.len() >= self.opts.max_errors.max(1) {
            self.report.truncated = true;
            self.stop = true;
            return;
        }
        self.report.diagnostics.push(d);
    }

    /// A problem that stops validation. It is reported even when the error cap is reached, so
    /// a report always says why validation stopped.
    fn fatal(&mut self, code: Code, message: impl Into<String>, at: At) {
        let (line, column) = self.locate(at);
        let mut d = Diagnostic::new(code, shorten(message.into()), line, column);
        if !self.frames.is_empty() {
            d.path = self.path(self.frames.len(), None);
        }
        if self.report.diagnostics.len() >= self.opts.max_errors {
            self.report.truncated = true;
        }
        self.report.diagnostics.push(d);
        self.stop = true;
    }

    /// A diagnostic about the element at `frames[depth - 1]` (or one of its attributes).
    fn error_at(&mut self, depth: usize, code: Code, message: String, attr: Option<&str>) {
        let (line, column) = self.locate_frame(depth);
        let (wco_id, wco_pointer) = self.wco(depth);
        let d = Diagnostic {
            code,
            rule: None,
            severity: Severity::Error,
            message,
            path: self.path(depth, attr),
            line,
            column,
            wco_id,
            wco_pointer,
            national_code: None,
        };
        self.push(d);
    }

    /// A business rule that does not hold at the element of `frames[depth - 1]`.
    fn rule_diagnostic(&mut self, depth: usize, rule: &crate::rules::Rule, v: crate::rules::Violation) -> Diagnostic {
        let at = self.locate_frame(depth);
        self.rule_diagnostic_in(&self.frames[..depth], at, rule, v)
    }

    /// A business rule that does not hold at the last of `frames`, whose start is at
    /// `(line, column)`.
    fn rule_diagnostic_in(
        &self,
        frames: &[Frame],
        (line, column): (u32, u32),
        rule: &crate::rules::Rule,
        v: crate::rules::Violation,
    ) -> Diagnostic {
        let (wco_id, wco_pointer) = self.wco_in(frames);
        let message = if self.opts.mask_values {
            rule.message.clone()
        } else {
            let mut m = String::with_capacity(rule.message.len() + 2 + v.detail.len());
            m.push_str(&rule.message);
            m.push_str(": ");
            m.push_str(&v.detail);
            m
        };
        Diagnostic {
            code: Code::BusinessRule,
            rule: Some(rule.id.clone()),
            severity: crate::rules::severity(&rule.severity),
            message,
            path: self.path_in(frames, None),
            line,
            column,
            wco_id,
            wco_pointer,
            national_code: rule.national_code.clone(),
        }
    }

    /// Report a violation of rule `r` at `frames[depth - 1]`, or hold it in the rule's open
    /// scope (`open`, an index into `self.open`) until the rule's condition is known.
    fn rule_violation(&mut self, depth: usize, r: u32, open: Option<usize>, v: crate::rules::Violation) {
        let Some(rules) = self.rules else { return };
        let rule = &rules.rules[r as usize];
        match open {
            Some(i) if rule.when.is_some() => {
                // Held violations are bounded by the error cap like reported ones.
                if self.open[i].parked.len() <= self.opts.max_errors {
                    let held = self.hold(depth, v);
                    self.open[i].parked.push(held);
                }
            }
            _ => {
                let d = self.rule_diagnostic(depth, rule, v);
                self.push(d);
            }
        }
    }

    /// Rules: entering an element (its trie node, scopes opened; its attributes are fed by
    /// `rule_attribute` as the schema checks them). Kept out of line, as is `rules_end`: the
    /// structure-only pass then runs the same compact code whatever the rules code grows into.
    #[inline(never)]
    fn rules_start(&mut self, rules: &'s crate::rules::Compiled, local: &str) {
        let depth = self.frames.len();
        let parent = if depth >= 2 { self.frames[depth - 2].rule_node } else { NO_RULES };
        if parent == INSIDE {
            self.frames[depth - 1].rule_node = INSIDE;
            return;
        }
        // Outside every root, an element may start one (a Declaration inside its envelope).
        let (from, otherwise) =
            if parent == NO_RULES { (crate::rules::ABOVE_ROOT, NO_RULES) } else { (parent, INSIDE) };
        let decl = self.frames[depth - 1].decl;
        debug_assert!(decl.is_none_or(|d| *self.schema.elements[d as usize].name == *local));
        let Some(node) = rules.name_of(decl, local).and_then(|name| rules.child(from, name)) else {
            self.frames[depth - 1].rule_node = otherwise;
            return;
        };
        let n = &rules.nodes[node as usize];
        let f = &mut self.frames[depth - 1];
        f.rule_node = node;
        f.reads_value = !n.values.is_empty() && !f.mode.elements_only(self.schema);
        for &r in &n.scopes {
            let outer = std::mem::replace(&mut self.open_of[r as usize], self.open.len() as u32);
            self.open.push(crate::rules::Open::new(r, depth, outer));
        }
        for &a in &n.atoms {
            let outer = std::mem::replace(&mut self.atom_of[a as usize], self.atoms.len() as u32);
            self.atoms.push(crate::rules::AtomState::new(a, depth, outer));
        }
    }

    /// Rules: an attribute of the element at `frames[depth - 1]`, with its value as the schema
    /// reads it (references decoded, whitespace normalised), fed to the rules that read an
    /// attribute of that local name there.
    fn rule_attribute(&mut self, depth: usize, local: &str, value: &str) {
        let node = self.frames[depth - 1].rule_node;
        let Some(rules) = self.rules.filter(|_| node < INSIDE) else { return };
        for (r, f, name) in &rules.nodes[node as usize].attributes {
            if **name == *local {
                self.rule_value(depth, *r, *f, value);
            }
        }
    }

    /// Rules: an element with a rule trie node ends (its value fed, its scopes evaluated and
    /// closed).
    #[inline(never)]
    fn rules_end(&mut self, rules: &'s crate::rules::Compiled, node: u32, depth: usize) {
        let text = std::mem::take(&mut self.text);
        for &(r, f) in &rules.nodes[node as usize].values {
            self.rule_value(depth, r, f, &text);
        }
        self.text = text;
        while self.open.last().is_some_and(|o| o.depth == depth) {
            let i = self.open.len() - 1;
            let r = self.open[i].rule;
            let rule = &rules.rules[r as usize];
            let cx = crate::rules::Ctx { prepared: &rules.prepared[r as usize], today: self.today() };
            let last = rule.check.finish(&cx, &self.open[i].state);
            let o = self.open.pop().expect("checked");
            self.open_of[r as usize] = o.outer;
            let Some(cond) = &rules.conds[r as usize] else {
                if let Some(v) = last {
                    let d = self.rule_diagnostic(depth, rule, v);
                    self.push(d);
                }
                continue;
            };
            // The held violations and this last one are reported or dropped together, now if
            // the condition is known (its atoms anchored here end now), else when it is.
            let truth = cond.eval(&mut |a| self.atom_truth(rules, a, depth));
            match truth {
                crate::rules::Truth::False => {}
                crate::rules::Truth::True => {
                    for h in o.parked {
                        self.report_held(rule, h);
                    }
                    if let Some(v) = last {
                        let d = self.rule_diagnostic(depth, rule, v);
                        self.push(d);
                    }
                }
                crate::rules::Truth::Unknown => {
                    let mut held = o.parked;
                    if let Some(v) = last {
                        held.push(self.hold(depth, v));
                    }
                    if held.is_empty() {
                        continue;
                    }
                    let waiting: usize = self.waiting.iter().filter(|w| w.rule == r).map(|w| w.held.len()).sum();
                    held.truncate((self.opts.max_errors + 1).saturating_sub(waiting));
                    if held.is_empty() {
                        continue;
                    }
                    let atoms = rules.cond_atoms[r as usize]
                        .iter()
                        .map(|&a| (a, Bound::Open(self.atom_of[a as usize])))
                        .collect();
                    self.waiting.push(Waiting { rule: r, held, atoms });
                }
            }
        }
        self.close_atoms(rules, depth);
    }

    /// The truth of atom `a` in its innermost open anchor element, for a verdict on a scope
    /// element at `depth` that ends now (an anchor at that depth ends with it).
    fn atom_truth(&self, rules: &crate::rules::Compiled, a: u32, depth: usize) -> crate::rules::Truth {
        match self.atoms.get(self.atom_of[a as usize] as usize) {
            Some(st) => st.truth(&rules.atoms[a as usize], st.depth >= depth),
            None => crate::rules::Truth::False,
        }
    }

    /// The atoms anchored at the element ending at `depth` end: their truths are final, and
    /// the verdicts waiting for them are reported or dropped once known.
    fn close_atoms(&mut self, rules: &'s crate::rules::Compiled, depth: usize) {
        let mut closed = false;
        while self.atoms.last().is_some_and(|st| st.depth == depth) {
            let i = self.atoms.len() - 1;
            let st = self.atoms.pop().expect("checked");
            self.atom_of[st.atom as usize] = st.outer;
            closed = true;
            if self.waiting.is_empty() {
                continue;
            }
            let t = st.truth(&rules.atoms[st.atom as usize], true);
            for w in &mut self.waiting {
                for (_, b) in &mut w.atoms {
                    if matches!(*b, Bound::Open(j) if j as usize == i) {
                        *b = Bound::Final(t);
                    }
                }
            }
        }
        if !closed || self.waiting.is_empty() {
            return;
        }
        let mut k = 0;
        while k < self.waiting.len() {
            let w = &self.waiting[k];
            let cond = rules.conds[w.rule as usize].as_ref().expect("a waiting rule has a condition");
            let truth = cond.eval(&mut |a| match w
                .atoms
                .iter()
                .find(|(x, _)| *x == a)
                .map_or(Bound::Final(crate::rules::Truth::False), |b| b.1)
            {
                Bound::Final(t) => t,
                Bound::Open(j) => self
                    .atoms
                    .get(j as usize)
                    .map_or(crate::rules::Truth::False, |st| st.truth(&rules.atoms[a as usize], false)),
            });
            if truth == crate::rules::Truth::Unknown {
                k += 1;
                continue;
            }
            let w = self.waiting.remove(k);
            if truth == crate::rules::Truth::True {
                let rule = &rules.rules[w.rule as usize];
                for h in w.held {
                    self.report_held(rule, h);
                }
            }
        }
    }

    /// A violation at `frames[depth - 1]` kept with the open elements it was found under, to
    /// be reported later if its rule's condition holds. In windows, the element is located
    /// now: its start may be in a window gone by the time the condition is known.
    fn hold(&mut self, depth: usize, violation: crate::rules::Violation) -> Held {
        if matches!(self.locator, Locator::Window { .. }) {
            self.locate_frame(depth);
        }
        Held { violation, frames: self.frames[..depth].to_vec() }
    }

    /// Report a held violation.
    fn report_held(&mut self, rule: &crate::rules::Rule, h: Held) {
        let at = h.frames.last().map_or((0, 0), |f| self.locate(f.at));
        let d = self.rule_diagnostic_in(&h.frames, at, rule, h.violation);
        self.push(d);
    }

    /// A value of field `f` of rule `r` (or of its condition), seen at `frames[depth - 1]`.
    fn rule_value(&mut self, depth: usize, r: u32, f: u8, v: &str) {
        let Some(rules) = self.rules else { return };
        if f >= crate::rules::COND_OTHER {
            // `r` is an atom of a condition.
            if let Some(st) = self.atoms.get_mut(self.atom_of[r as usize] as usize) {
                st.value(&rules.atoms[r as usize], f == crate::rules::COND_OTHER, v);
            }
            return;
        }
        let rule = &rules.rules[r as usize];
        let open = self.open_of.get(r as usize).filter(|&&i| i != NOT_OPEN).map(|&i| i as usize);
        let cx = crate::rules::Ctx { prepared: &rules.prepared[r as usize], today: self.today() };
        let violation = match open {
            Some(i) => rule.check.value(&cx, &mut self.open[i].state, f, v),
            None if rule.check.immediate() => rule.check.value(&cx, &mut Default::default(), f, v),
            None => None,
        };
        if let Some(v) = violation {
            self.rule_violation(depth, r, open, v);
        }
    }

    /// Today, for date rules (the system clock is read once per message, and only if a rule
    /// looks at a value).
    fn today(&mut self) -> crate::rules::Day {
        *self.today.get_or_insert_with(crate::rules::Day::today)
    }

    /// Line and column of a position (counted now if the message is in memory).
    fn locate(&mut self, at: At) -> (u32, u32) {
        match &mut self.locator {
            _ if at.line != 0 => (at.line, at.col),
            Locator::Slice { text, lines } => lines.position(text, at.offset as usize),
            Locator::Window { text, skip, lines } => match at.offset.checked_sub(lines.base()) {
                Some(i) => lines.position(&text[*skip..], i as usize),
                None => (0, 0), // before the window: not asked (open elements are located)
            },
        }
    }

    /// Line and column of the start tag of `frames[depth - 1]`, kept in the frame once counted:
    /// business rules often report several findings on one element, long after its start.
    fn locate_frame(&mut self, depth: usize) -> (u32, u32) {
        let at = self.frames[depth - 1].at;
        let (line, col) = self.locate(at);
        if line != 0 {
            self.frames[depth - 1].at = At { line, col, ..at };
        }
        (line, col)
    }

    fn frame_name<'a>(&'a self, f: &'a Frame) -> &'a str {
        match (f.decl, &f.name) {
            (_, Some(n)) => n,
            (Some(d), None) => &self.schema.elements[d as usize].name,
            (None, None) => "?",
        }
    }

    fn path(&self, depth: usize, attr: Option<&str>) -> String {
        self.path_in(&self.frames[..depth], attr)
    }

    /// The path of the last of `frames` (and of its attribute `attr`).
    fn path_in(&self, frames: &[Frame], attr: Option<&str>) -> String {
        let names: usize = frames.iter().map(|f| self.frame_name(f).len()).sum();
        let mut s = String::with_capacity(names + 6 * frames.len() + attr.map_or(0, |a| a.len() + 2));
        for f in frames {
            s.push('/');
            s.push_str(self.frame_name(f));
            let repeatable = f.decl.is_some_and(|d| self.schema.elements[d as usize].repeatable);
            if repeatable || f.index > 1 {
                push_index(&mut s, f.index);
            }
        }
        if let Some(a) = attr {
            s.push_str("/@");
            s.push_str(a);
        }
        s
    }

    /// The WCO ID of the innermost annotated element and the CDS-style pointer.
    fn wco(&self, depth: usize) -> (Option<String>, Option<String>) {
        self.wco_in(&self.frames[..depth])
    }

    /// [`Pass::wco`] of the last of `frames`.
    fn wco_in(&self, frames: &[Frame]) -> (Option<String>, Option<String>) {
        let mut pointer = String::with_capacity(32);
        let mut id = None;
        let mut tag = None;
        for f in frames {
            let Some(d) = f.decl.map(|d| &self.schema.elements[d as usize]) else { continue };
            let Some(w) = d.wco_id.as_deref() else { continue };
            id = Some(w);
            if d.wco_class {
                if !pointer.is_empty() {
                    pointer.push('/');
                }
                pointer.push_str(w);
                if d.repeatable || self.schema.indexed_classes.iter().any(|c| &**c == w) {
                    push_index(&mut pointer, f.index);
                }
                tag = None;
            } else {
                tag = Some(w);
            }
        }
        if let Some(t) = tag {
            pointer.push('#');
            pointer.push_str(t);
        }
        (id.map(str::to_string), (!pointer.is_empty()).then_some(pointer))
    }

    fn show(&self, value: &str) -> String {
        if self.opts.mask_values {
            return "(value masked)".into();
        }
        let mut v: String = value.chars().take(80).collect();
        if v.len() < value.len() {
            v.push_str("...");
        }
        format!("'{v}'")
    }

    fn elem_display(&self, depth: usize) -> String {
        let f = &self.frames[depth - 1];
        self.frame_name(f).to_string()
    }

    // ---- elements ----------------------------------------------------------------------

    /// A start tag `e` in namespace `uri` with local name `local` (both as resolved already).
    fn start(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        (ns, uri): (schema::NsId, &str),
        local: &str,
        at: At,
        scope: Scope,
    ) {
        let limits = &self.opts.limits;
        if self.frames.len() >= limits.max_depth {
            self.fatal(Code::LimitDepth, format!("elements nest deeper than {} levels", limits.max_depth), at);
            return;
        }
        if e.name().as_ref().len() > limits.max_name_len {
            self.fatal(Code::LimitName, format!("an element name is longer than {} bytes", limits.max_name_len), at);
            return;
        }
        if self.frames.is_empty() && self.root_seen {
            self.fatal(Code::XmlSyntax, "not well-formed: extra content after the root element", at);
            return;
        }
        self.text.clear();
        let schema = self.schema;
        // What the parent says about this child.
        let mut problem: Option<(Code, String)> = None;
        let decl: Option<ElemId>;
        let mut mode = Mode::Skip;
        match self.frames.last_mut() {
            None => {
                self.root_seen = true;
                decl = schema.global(ns, local);
                if decl.is_none() {
                    problem = Some((
                        Code::UnknownRoot,
                        format!(
                            "element {} has no global declaration in the rule set, so it cannot be the root",
                            schema.display_name_uri(uri, local)
                        ),
                    ));
                }
            }
            Some(parent) => match parent.mode {
                Mode::Skip => decl = None,
                Mode::Lax => {
                    decl = schema.global(ns, local);
                    if decl.is_none() {
                        mode = Mode::Lax;
                    }
                }
                Mode::Simple(_) => {
                    decl = None;
                    if !parent.failed {
                        parent.failed = true;
                        problem = Some((
                            Code::ElementInSimpleContent,
                            format!(
                                "element {} is not allowed: the parent's content is a simple value",
                                schema.display_name_uri(uri, local)
                            ),
                        ));
                    }
                }
                Mode::Complex(c) => match &schema.complex[c as usize].content {
                    Content::Empty | Content::Simple(_) => {
                        decl = None;
                        if !parent.failed {
                            parent.failed = true;
                            let what = if matches!(schema.complex[c as usize].content, Content::Empty) {
                                "must be empty"
                            } else {
                                "is a simple value"
                            };
                            problem = Some((
                                Code::ElementInSimpleContent,
                                format!(
                                    "element {} is not allowed: the parent's content {what}",
                                    schema.display_name_uri(uri, local)
                                ),
                            ));
                        }
                    }
                    Content::Elements(aut) => {
                        if parent.failed || parent.nil {
                            decl = aut.declaration_for(schema, ns, local);
                            if parent.nil && !parent.failed {
                                parent.failed = true;
                                problem = Some((Code::Nil, "a nil element (xsi:nil=\"true\") must be empty".into()));
                            }
                        } else {
                            match aut.step(schema, &mut parent.cm, ns, uri, local) {
                                Step::Element(d) => decl = Some(d),
                                Step::Wildcard(Process::Skip) => decl = None,
                                Step::Wildcard(p) => {
                                    decl = schema.global(ns, local);
                                    if decl.is_none() {
                                        if p == Process::Lax {
                                            mode = Mode::Lax;
                                        } else {
                                            problem = Some((
                                                Code::UnexpectedElement,
                                                format!(
                                                    "element {} matches a strict wildcard but has no global declaration in the rule set",
                                                    schema.display_name_uri(uri, local)
                                                ),
                                            ));
                                        }
                                    }
                                }
                                Step::Reject => {
                                    let expected = aut.expected(schema, &parent.cm);
                                    parent.failed = true;
                                    decl = None;
                                    let exp = if expected.is_empty() {
                                        "no more child elements".to_string()
                                    } else {
                                        format!("expected {}", join_expected(&expected))
                                    };
                                    problem = Some((
                                        Code::UnexpectedElement,
                                        format!(
                                            "element {} is not expected here; {exp}",
                                            schema.display_name_uri(uri, local)
                                        ),
                                    ));
                                }
                            }
                        }
                    }
                },
            },
        }
        if let Some(d) = decl {
            mode = match schema.elements[d as usize].ty {
                TypeRef::Simple(s) => Mode::Simple(s),
                TypeRef::Complex(c) => Mode::Complex(c),
                TypeRef::Any => Mode::Lax,
            };
        }
        // Same-name sibling index, keyed by a hash of the name (precomputed for declarations).
        let key = match decl {
            Some(d) => schema.elements[d as usize].key,
            None => schema::name_hash(uri, local),
        };
        let index = {
            let from = self.frames.last().map_or(0, |f| f.counts_start);
            // From the newest: a repeated element is most often its previous sibling's repeat.
            match self.counts[from..].iter_mut().rev().find(|(h, _)| *h == key) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    self.counts.push((key, 1));
                    1
                }
            }
        };
        let counts_start = self.counts.len();
        self.frames.push(Frame {
            decl,
            name: if decl.is_none() { Some(local.into()) } else { None },
            index,
            mode,
            cm: CmState::default(),
            failed: false,
            text_reported: false,
            nil: false,
            at,
            counts_start,
            rule_node: NO_RULES,
            reads_value: false,
            scope,
            ignores_blank: false,
        });
        let depth = self.frames.len();
        if let Some((code, msg)) = problem {
            self.error_at(depth, code, msg, None);
        }
        // The rules' scopes open before the attributes, which the rules may read.
        if let Some(rules) = self.rules {
            self.rules_start(rules, local);
        }
        let tag = (scope != Scope::None).then_some((resolver, e));
        self.attributes(tag, depth, at);
        if let Some(f) = self.frames.get_mut(depth - 1) {
            f.ignores_blank = !f.nil
                && match f.mode {
                    Mode::Complex(_) => f.mode.elements_only(schema),
                    Mode::Skip | Mode::Lax => !f.reads_value,
                    Mode::Simple(_) => false,
                };
        }
    }

    /// The attributes of the start tag of `frames[depth - 1]` (`None`: the tag has none).
    fn attributes(&mut self, tag: Option<(&NamespaceResolver, &BytesStart<'_>)>, depth: usize, at: At) {
        let schema = self.schema;
        let mode = self.frames[depth - 1].mode;
        let ct = match mode {
            Mode::Complex(c) => Some(&schema.complex[c as usize]),
            _ => None,
        };
        let seen = match tag {
            Some((resolver, e)) => match self.attribute_list(resolver, e, depth, at) {
                Some(seen) => seen,
                None => return,
            },
            None => 0,
        };
        // One test for the common case: every required attribute is there.
        if let Some(ct) = ct
            && ct.required_attributes & !seen != 0
        {
            for (i, u) in ct.attributes.iter().enumerate() {
                if u.required && seen & (1 << i) == 0 {
                    let elem = self.elem_display(depth);
                    let msg = format!("element {elem} lacks the required attribute {}", u.name);
                    let name = u.name.to_string();
                    self.error_at(depth, Code::MissingAttribute, msg, Some(&name));
                }
            }
        }
    }

    /// Check the attributes of a start tag that has some; the attribute uses of its type that
    /// were seen, as bits (`None`: a problem stopped validation).
    fn attribute_list(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        depth: usize,
        at: At,
    ) -> Option<u64> {
        let schema = self.schema;
        let mode = self.frames[depth - 1].mode;
        let ct = match mode {
            Mode::Complex(c) => Some(&schema.complex[c as usize]),
            _ => None,
        };
        let mut seen: u64 = 0;
        let mut count = 0usize;
        for a in e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {err}"), at);
                    return None;
                }
            };
            count += 1;
            if count > self.opts.limits.max_attributes {
                self.fatal(
                    Code::LimitAttributes,
                    format!("an element has more than {} attributes", self.opts.limits.max_attributes),
                    at,
                );
                return None;
            }
            let key: &str = a.key.as_ref();
            if key.len() > self.opts.limits.max_name_len {
                self.fatal(
                    Code::LimitName,
                    format!("an attribute name is longer than {} bytes", self.opts.limits.max_name_len),
                    at,
                );
                return None;
            }
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (ans, alocal) = resolver.resolve_attribute(a.key);
            let auri = match ans {
                ResolveResult::Bound(n) => n.0,
                ResolveResult::Unbound => "",
                ResolveResult::Unknown(p) => {
                    self.fatal(Code::XmlSyntax, format!("not well-formed: namespace prefix '{p}' is not declared"), at);
                    return None;
                }
            };
            let alocal: &str = alocal.as_ref();
            let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v,
                Err(err) => {
                    self.fatal(Code::XmlSyntax, format!("not well-formed: attribute {key}: {err}"), at);
                    return None;
                }
            };
            if let Some(i) = invalid_xml_char(&value) {
                let c = value[i..].chars().next().map_or(0, u32::from);
                self.fatal(
                    Code::XmlSyntax,
                    format!("not well-formed: character U+{c:04X} is not allowed in XML (attribute {key})"),
                    at,
                );
                return None;
            }
            // The schema's checks of the attribute, then the rules that read it.
            if !matches!(mode, Mode::Skip | Mode::Lax) {
                if auri == XSI_NS {
                    self.xsi_attribute(depth, alocal, &value);
                } else {
                    seen |= self.schema_attribute(ct, depth, key, auri, alocal, &value);
                }
            }
            self.rule_attribute(depth, alocal, &value);
        }
        Some(seen)
    }

    /// Check attribute `key`'s value against simple type `ty`, reporting it when it is not
    /// valid; whether it is.
    fn attribute_value(&mut self, depth: usize, key: &str, ty: SimpleId, value: &str) -> bool {
        let Err(f) = simple::check(self.schema, ty, value) else { return true };
        let msg = format!("attribute {key} value {} is not valid: expected {}", self.show(value), f.expected);
        self.error_at(depth, f.code, msg, Some(key));
        false
    }

    /// The schema's check of attribute `key` (namespace `auri`, local name `alocal`) of the
    /// element at `frames[depth - 1]`, of complex type `ct`: the bit of its attribute use in
    /// `ct`, 0 when it has none.
    fn schema_attribute(
        &mut self,
        ct: Option<&'s schema::ComplexType>,
        depth: usize,
        key: &str,
        auri: &str,
        alocal: &str,
        value: &str,
    ) -> u64 {
        let schema = self.schema;
        let ns = schema.ns_id(auri);
        let found = ct.and_then(|ct| ct.attributes.iter().position(|u| u.ns == ns && *u.name == *alocal));
        match (ct, found) {
            (Some(ct), Some(i)) => {
                let u = &ct.attributes[i];
                if self.attribute_value(depth, key, u.ty, value)
                    && let Some(fx) = &u.fixed
                {
                    let ty = &schema.simple[u.ty as usize];
                    let norm = schema::datatype::normalize(value, ty.whitespace);
                    if !schema::facets::values_equal(
                        ty.builtin().unwrap_or(schema::datatype::Builtin::String),
                        fx,
                        &norm,
                    ) {
                        let msg =
                            format!("attribute {key} must have the fixed value '{fx}', found {}", self.show(value));
                        self.error_at(depth, Code::Fixed, msg, Some(key));
                    }
                }
                1 << i
            }
            (Some(ct), None) if ct.any_attribute.as_ref().is_some_and(|w| w.admits(schema, auri)) => {
                let process = ct.any_attribute.as_ref().map_or(Process::Skip, |w| w.process);
                match schema.global_attribute(ns, alocal) {
                    _ if process == Process::Skip => {}
                    Some(ty) => {
                        self.attribute_value(depth, key, ty, value);
                    }
                    None if process == Process::Strict => {
                        let msg = format!(
                            "attribute {key} matches a strict attribute wildcard but has no global declaration in the rule set"
                        );
                        self.error_at(depth, Code::UnexpectedAttribute, msg, Some(key));
                    }
                    None => {}
                }
                0
            }
            _ => {
                let elem = self.elem_display(depth);
                let msg = format!("attribute {key} is not allowed on element {elem}");
                self.error_at(depth, Code::UnexpectedAttribute, msg, Some(key));
                0
            }
        }
    }

    fn xsi_attribute(&mut self, depth: usize, local: &str, value: &str) {
        match local {
            "schemaLocation" | "noNamespaceSchemaLocation" => {}
            "nil" => {
                let nillable = self.frames[depth - 1].decl.is_some_and(|d| self.schema.elements[d as usize].nillable);
                let v = value.trim();
                if !nillable {
                    let msg = format!("xsi:nil is not allowed: element {} is not nillable", self.elem_display(depth));
                    self.error_at(depth, Code::Nil, msg, Some("xsi:nil"));
                } else if v == "true" || v == "1" {
                    self.frames[depth - 1].nil = true;
                } else if v != "false" && v != "0" {
                    self.error_at(
                        depth,
                        Code::InvalidValue,
                        format!("xsi:nil value {} is not a boolean", self.show(value)),
                        Some("xsi:nil"),
                    );
                }
            }
            "type" => {
                self.error_at(
                    depth,
                    Code::Unsupported,
                    "xsi:type is not supported by wcodm; the element was checked against its declared type".into(),
                    Some("xsi:type"),
                );
            }
            other => {
                self.error_at(
                    depth,
                    Code::UnexpectedAttribute,
                    format!("attribute xsi:{other} is not defined by XML Schema"),
                    Some(other),
                );
            }
        }
    }

    fn chars(&mut self, s: &str, at: At) {
        self.text_event(s, at, Text::Chars);
    }

    /// Character data, of the kind `kind` tells.
    fn text_event(&mut self, s: &str, at: At, kind: Text) {
        let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
        let cdata = kind == Text::CData;
        // Indentation between elements is the most common text: one scan tells whether the text
        // is blank, has carriage returns, or may hold a character XML forbids. Blank text stays
        // blank (and empty stays empty) whatever its line ends, so its line ends are normalised
        // below only if the text is kept.
        let class = classify(s.as_bytes());
        let all_ws = !cdata && class & NOT_BLANK == 0;
        // Raw indentation was skipped by the reading loop (`indentation`); blank character
        // references (`&#32;`) end here.
        if all_ws && self.frames.last().is_some_and(|f| f.ignores_blank) {
            return;
        }
        let crs = kind == Text::Raw && class & CARRIAGE_RETURN != 0;
        let normalized;
        let s: &str = if crs && !all_ws {
            normalized = normalize_eols(s);
            &normalized
        } else {
            s
        };
        if !all_ws
            && class & SUSPECT != 0
            && let Some(i) = invalid_xml_char(s)
        {
            let c = s[i..].chars().next().map_or(0, u32::from);
            self.fatal(
                Code::XmlSyntax,
                format!("not well-formed: character U+{c:04X} is not allowed in XML"),
                at.within(s, 0, i),
            );
            return;
        }
        let Some(f) = self.frames.last_mut() else {
            if let Some(i) = s.bytes().position(|b| !is_ws(b)) {
                self.fatal(Code::XmlSyntax, "not well-formed: text outside the root element", at.within(s, 0, i));
            }
            return;
        };
        let schema = self.schema;
        // Rules read values of elements the schema skips too (lax content, explain examples).
        let rule_reads = f.reads_value;
        // (whether the text is the element's value, what to say if it is not allowed at all)
        let (collects, forbidden) = match f.mode {
            _ if f.nil => (false, Some((Code::Nil, "is nil (xsi:nil=\"true\") and must be empty", true))),
            Mode::Simple(_) => (true, None),
            Mode::Complex(c) => {
                let ct = &schema.complex[c as usize];
                match ct.content {
                    Content::Simple(_) => (true, None),
                    Content::Empty => (false, Some((Code::UnexpectedText, "must be empty", true))),
                    Content::Elements(_) if ct.mixed => (false, None),
                    Content::Elements(_) => (false, Some((Code::UnexpectedText, "may contain only elements", false))),
                }
            }
            Mode::Skip | Mode::Lax => (false, None),
        };
        if let Some((code, what, even_whitespace)) = forbidden
            && !f.text_reported
            && (!s.is_empty() || cdata)
            && (even_whitespace || !all_ws)
        {
            f.text_reported = true;
            let depth = self.frames.len();
            let msg = format!("text is not allowed here: element {} {what}", self.elem_display(depth));
            self.error_at(depth, code, msg, None);
        }
        if collects || rule_reads {
            let before = self.text.len();
            if crs && all_ws {
                push_eols(&mut self.text, s);
            } else {
                self.text.push_str(s);
            }
            // One event past the limit at most: events are bounded by the reading buffer.
            if self.text.len() as u64 > self.opts.limits.max_token_bytes {
                self.text.truncate(before);
                self.fatal(
                    Code::LimitToken,
                    format!("a text value is larger than {} bytes", self.opts.limits.max_token_bytes),
                    at,
                );
            }
        }
    }

    /// An element ends: its checks, then its namespace scope closes.
    fn end_scoped(&mut self, names: &mut Names) {
        let scope = self.frames.last().map_or(Scope::None, |f| f.scope);
        self.end();
        names.close(scope);
    }

    fn end(&mut self) {
        let depth = self.frames.len();
        if depth == 0 {
            return;
        }
        let schema = self.schema;
        let f = &self.frames[depth - 1];
        let (mode, failed, nil) = (f.mode, f.failed, f.nil);
        let simple_ty = match mode {
            Mode::Simple(s) => Some(s),
            Mode::Complex(c) => match &schema.complex[c as usize].content {
                Content::Simple(s) => Some(*s),
                Content::Elements(aut) => {
                    if !failed && !nil && !aut.accepts_end(&f.cm) {
                        let expected = aut.expected(schema, &f.cm);
                        let msg = format!(
                            "element {} is incomplete: missing child element; expected {}",
                            self.elem_display(depth),
                            join_expected(&expected)
                        );
                        self.error_at(depth, Code::MissingElement, msg, None);
                    }
                    None
                }
                Content::Empty => None,
            },
            _ => None,
        };
        if let Some(s) = simple_ty.filter(|_| !failed) {
            self.check_value(depth, s, nil);
        }
        let node = self.frames[depth - 1].rule_node;
        if node < INSIDE
            && let Some(rules) = self.rules
        {
            self.rules_end(rules, node, depth);
        }
        let f = self.frames.pop().expect("depth > 0");
        self.counts.truncate(f.counts_start);
        self.text.clear();
    }

    fn check_value(&mut self, depth: usize, ty: SimpleId, nil: bool) {
        let schema = self.schema;
        let decl = self.frames[depth - 1].decl.map(|d| &schema.elements[d as usize]);
        if nil {
            return; // any content was reported as it was read
        }
        let text = std::mem::take(&mut self.text);
        // An empty element takes its declaration's default or fixed value.
        let value: &str = match decl.and_then(|d| d.default.as_deref().or(d.fixed.as_deref())) {
            Some(def) if text.is_empty() => def,
            _ => &text,
        };
        if let Err(f) = simple::check(schema, ty, value) {
            let msg = format!(
                "element {} value {} is not valid: expected {}",
                self.elem_display(depth),
                self.show(value),
                f.expected
            );
            self.error_at(depth, f.code, msg, None);
        } else if let Some(fx) = decl.and_then(|d| d.fixed.as_deref()) {
            let st = &schema.simple[ty as usize];
            let norm = schema::datatype::normalize(value, st.whitespace);
            let fixed = schema::datatype::normalize(fx, st.whitespace);
            if !text.is_empty()
                && !schema::facets::values_equal(
                    st.builtin().unwrap_or(schema::datatype::Builtin::String),
                    &fixed,
                    &norm,
                )
            {
                let msg = format!(
                    "element {} must have the fixed value '{fx}', found {}",
                    self.elem_display(depth),
                    self.show(value)
                );
                self.error_at(depth, Code::Fixed, msg, None);
            }
        }
        self.text = text;
    }
}

/// Where character data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    /// A text event, line ends not normalised yet.
    Raw,
    /// A CDATA section (line ends normalised; never "just whitespace").
    CData,
    /// Characters as they are (a character or entity reference).
    Chars,
}

/// [`classify`] bit: a byte other than space, tab, line feed or carriage return.
const NOT_BLANK: u8 = 1;
/// [`classify`] bit: a carriage return (line ends to normalise).
const CARRIAGE_RETURN: u8 = 2;
/// [`classify`] bit: a byte [`invalid_xml_char`] may stop at (a C0 control other than tab,
/// line feed and carriage return, or 0xEF, the lead byte of U+FFFE and U+FFFF).
const SUSPECT: u8 = 4;

/// The classes of every byte value, for [`classify`].
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NOT_BLANK; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = NOT_BLANK | SUSPECT;
        b += 1;
    }
    t[b'\t' as usize] = 0;
    t[b'\n' as usize] = 0;
    t[b' ' as usize] = 0;
    t[b'\r' as usize] = CARRIAGE_RETURN;
    t[0xEF] = NOT_BLANK | SUSPECT;
    t
};

/// The union of the classes of the bytes of `s`: one branch-free scan.
#[inline]
fn classify(s: &[u8]) -> u8 {
    s.iter().fold(0, |acc, &b| acc | BYTE_CLASS[b as usize])
}

/// XML 1.0 line-end normalisation (section 2.11): `\r\n` and a lone `\r` become `\n`.
fn normalize_eols(s: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_none() {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    push_eols(&mut out, s);
    out.into()
}

/// Append `s` to `out` with its line ends normalised (see [`normalize_eols`]).
fn push_eols(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(at) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
}

/// Keep parser messages (which may quote input) to a readable size.
fn shorten(mut message: String) -> String {
    const MAX: usize = 300;
    if message.len() > MAX {
        let mut cut = MAX;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
        message.push_str("...");
    }
    message
}

/// The position of the first character XML 1.0 does not allow (controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF). UTF-8 cannot hold surrogates.
fn invalid_xml_char(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // Almost every value is clean: one branch-free pass (which the compiler vectorises) says so.
    let suspect = b.iter().fold(false, |acc, &c| acc | (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')) | (c == 0xEF));
    if !suspect {
        return None;
    }
    b.iter().enumerate().find_map(|(i, &c)| match c {
        0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => Some(i),
        0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => Some(i),
        _ => None,
    })
}

/// Where a comment body breaks the `--` rule: the first `--`, or a final `-` (which would make
/// `--->`). One memchr scan: customs messages carry many comments, most with single hyphens.
fn double_hyphen(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    memchr::memchr_iter(b'-', b).find(|&i| b.get(i + 1).is_none_or(|&c| c == b'-'))
}

fn configure(c: &mut Config) {
    // Comments are checked in `Pass::event`, to report the line of the `--` itself.
    c.check_comments = false;
    c.check_end_names = true;
}

/// `[n]`, a path or pointer index.
fn push_index(s: &mut String, n: u32) {
    s.push('[');
    s.push_str(itoa::Buffer::new().format(n));
    s.push(']');
}

fn join_expected(names: &[String]) -> String {
    match names.len() {
        0 => "nothing more".into(),
        1 => names[0].clone(),
        _ => format!("one of ({})", names.join(", ")),
    }
}
