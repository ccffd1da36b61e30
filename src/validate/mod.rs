//! The [`Validator`]: a compiled rule set and one streaming pass per message.
//!
//! The pass reads quick-xml events once, keeps a stack of open elements (bounded by the depth
//! limit) and checks each element against its declaration as it goes: content model on every
//! child, attributes on the start tag, the simple value on the end tag. No document tree is
//! built; memory is bounded by nesting depth, the largest token and the error cap.
//!
//! The pass is one `Pass` type whose `impl` is split by what each part owns: `read` (the
//! reading loops), `structure` (start, end, content model), `attributes`, `values` (simple
//! values), `rules` (business-rule hooks) and `locate` (positions, paths, pointers, diagnostics).
//! This file holds the entry points, the pass's state and its per-thread buffers, and the
//! helpers the parts share: the parts hold `impl Pass` blocks only (see "helpers of the parts").

mod attributes;
mod locate;
mod national;
mod read;
mod rules;
mod structure;
mod values;
mod waiting;

use crate::Error;
use crate::report::Report;
use crate::rules::NOT_OPEN;
use crate::schema::content::State as CmState;
use crate::schema::{self, ComplexId, Content, ElemId, Schema, SimpleId};
use crate::xml::{Limits, LineCount, Lines, Names, Scope};
use quick_xml::name::{NamespaceResolver, PrefixDeclaration};
use quick_xml::reader::Config;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use waiting::WaitList;

/// How a validation run behaves. `Options::new()` (the same as `Options::default()`) suits
/// untrusted input; change what you need with the builder methods, which are named after the
/// fields:
///
/// ```
/// use wcodm::{Limits, Options, rules::Day};
/// let options = Options::new()
///     .mask_values(true)
///     .max_errors(20)
///     .today(Day::from_ymd(2024, 3, 1).unwrap())
///     .limits(Limits::new().max_depth(64));
/// assert!(options.mask_values);
/// assert_eq!((options.max_errors, options.limits.max_depth), (20, 64));
/// ```
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
    /// Give each diagnostic a [`location`](crate::Diagnostic::location): the element path the
    /// way XPath-based rule engines report it, every step indexed and every name as written
    /// (`/ie:CC315A[1]/GOOITEGDS[2]`). Default false; a profile may ask for it (`uk-ics1` does).
    /// It costs only per diagnostic.
    pub locations: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_errors: 100, mask_values: false, limits: Limits::default(), today: None, locations: false }
    }
}

impl Options {
    /// The defaults: 100 diagnostics at most, values shown, [`Limits::default`], today's date.
    pub fn new() -> Options {
        Options::default()
    }

    /// Stop after this many diagnostics (see [`Options::max_errors`](Options#structfield.max_errors)).
    pub fn max_errors(mut self, max_errors: usize) -> Options {
        self.max_errors = max_errors;
        self
    }

    /// Leave message values out of diagnostics, or not.
    pub fn mask_values(mut self, mask_values: bool) -> Options {
        self.mask_values = mask_values;
        self
    }

    /// Other limits on untrusted input.
    pub fn limits(mut self, limits: Limits) -> Options {
        self.limits = limits;
        self
    }

    /// Take this day as today for date rules, instead of the system's date.
    pub fn today(mut self, day: crate::rules::Day) -> Options {
        self.today = Some(day);
        self
    }

    /// Give diagnostics engine-style locations, or not (see [`Options::locations`](Options#structfield.locations)).
    pub fn locations(mut self, locations: bool) -> Options {
        self.locations = locations;
        self
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
    /// The national profile whose rules are added, named in each report.
    profile: Option<Arc<str>>,
    /// The profile asks for diagnostics' locations (kept apart from the options, which
    /// [`Validator::with_options`] replaces).
    locations: bool,
    /// The profile's national names of the schema's elements, for `missing-element` messages.
    national: Option<Arc<national::National>>,
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

    /// Compile a built-in model's schema set (what [`Model::to_xsd`] writes) from trees built
    /// from the model, without writing its text and reading it back.
    ///
    /// [`Model::to_xsd`]: crate::builtin::Model::to_xsd
    pub(crate) fn from_model(model: &crate::builtin::Model) -> Result<Validator, Error> {
        Ok(Self::from_schema(schema::xsd::compile_model(model)?))
    }

    fn from_schema(schema: Schema) -> Validator {
        Validator {
            schema: Arc::new(schema),
            options: Options::default(),
            rules: None,
            profile: None,
            locations: false,
            national: None,
        }
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
        rules.seal_single(&self.schema);
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
        self.named(self.pass().run_slice(xml))
    }

    /// The same rule set with a national profile's rules added (its categories, requirement
    /// tables and national formats), every path checked against the schema as for
    /// [`Validator::with_rules`]; each report names the profile and the category derived.
    ///
    /// ```
    /// let v = wcodm::Version::V3_6.validator()?.with_profile(&wcodm::profile::Profile::builtin("uk-cds")?)?;
    /// let report = v.validate(&std::fs::read("examples/3.6/import-3-items.xml").unwrap());
    /// assert_eq!((report.profile.as_deref(), report.category.as_deref()), (Some("uk-cds"), Some("H1")));
    /// # Ok::<(), wcodm::Error>(())
    /// ```
    ///
    /// A profile serving messages of other roots than the schema declares (`uk-ics1`, for
    /// `CC315A` and `CC313A`, with a WCO Data Model version) is an [`Error::ProfileRoots`].
    pub fn with_profile(self, profile: &crate::profile::Profile) -> Result<Validator, Error> {
        if !crate::rules::roots_declared(&self.schema, &profile.roots) {
            return Err(Error::ProfileRoots {
                profile: profile.name.clone(),
                roots: profile.roots.clone(),
                schemas: profile.schemas.clone(),
            });
        }
        let mut v = self.add_rules(std::slice::from_ref(&profile.pack), true)?;
        v.profile = Some(profile.name.as_str().into());
        v.locations |= profile.locations;
        v.national = national::National::new(&v.schema, &profile.data_elements).map(Arc::new);
        Ok(v)
    }

    /// The national profile in force, if any.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    fn named(&self, mut report: Report) -> Report {
        report.profile = self.profile.as_deref().map(str::to_string);
        report
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
        self.named(self.pass().run_reader(input))
    }

    /// [`Validator::validate_reader`] with windows of `first` bytes, then up to `most`: for the
    /// tests and the fuzz targets, which cut messages everywhere with small windows.
    #[doc(hidden)]
    pub fn validate_reader_in_windows<R: Read>(&self, input: R, first: usize, most: usize) -> Report {
        self.named(self.pass().run_windows(input, first.max(1), most.max(1)))
    }

    fn pass(&self) -> Pass<'_> {
        let mut pass = Pass::new(&self.schema, &self.options, self.rules.as_deref());
        pass.locations |= self.locations;
        pass.national = self.national.as_deref();
        pass
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
    /// The business-rule trie node of this element, or [`rules::NO_RULES`].
    rule_node: u32,
    /// A business rule reads this element's text value (never set where the content is
    /// elements only: the value of such an element is empty, its indentation is not a value).
    reads_value: bool,
    /// What the start tag did to the namespace scopes.
    scope: Scope,
    /// Blank text in this element needs no look: its content is elements only (or skipped),
    /// it is not nil, and no rule reads its value. Indentation is the most common text.
    ignores_blank: bool,
    /// The prefix its name is written with (for messages and locations): 0 none, `k` the
    /// pass's `prefixes[k - 1]` ([`NO_PREFIX_KEPT`]: one of too many).
    prefix: u16,
}

/// `Frame::prefix` of an element whose prefix was not kept: a message declaring more than
/// `u16::MAX - 1` distinct prefixes (its locations then show the local name).
const NO_PREFIX_KEPT: u16 = u16::MAX;

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
    fn within(self, body: &[u8], prefix: usize, i: usize) -> At {
        let offset = self.offset + (prefix + i) as u64;
        if self.line == 0 {
            return At { offset, line: 0, col: 0 };
        }
        let before = &body[..i.min(body.len())];
        match memchr::memrchr2(b'\n', b'\r', before) {
            Some(nl) => At { offset, line: self.line + crate::xml::line_ends(before, false), col: (i - nl) as u32 },
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
    /// Per rule, the index in `open` of its innermost open scope (`NOT_OPEN`: none; `SKIPPED`:
    /// open without a state, its condition false), so a value finds its rule's state without a
    /// search.
    open_of: Vec<u32>,
    /// Violations of checks of single values (`value-in`, `pattern`, ...) held until their
    /// scope element ends, by rule (a rule's scope element is at a fixed depth below the root,
    /// so one is open at a time; these checks keep no state in it).
    parked: Vec<(u32, Vec<Held>)>,
    /// Scope elements of rules whose condition was false where they started: (rule, depth,
    /// the rule's `open_of` outside it), innermost last.
    skipped: Vec<(u32, u32, u32)>,
    /// The categories still possible (one bit each) at the scope element that started at
    /// `cat_stamp`, worked out once there while the category is not known.
    possible: u64,
    cat_stamp: u32,
    scope_stamp: u32,
    /// States of the conditions' atoms in their open anchor elements, innermost last.
    atoms: Vec<crate::rules::AtomState>,
    /// Per atom, the index in `atoms` of its innermost open state (`NOT_OPEN`: none).
    atom_of: Vec<u32>,
    /// The name number of the rule root element the message reached (rules limited to some
    /// roots open only under theirs).
    rule_root: u32,
    /// The first value of each field a rule's message shows (`Compiled::captures`).
    captured: Vec<Option<Box<str>>>,
    /// The declaration category once the atoms have decided it (`Some(None)`: none holds).
    category: Option<Option<u32>>,
    /// Violations of scope elements that have ended before their rule's condition was known
    /// (it reads a field of an enclosing element that comes later), held until it is.
    waiting: WaitList,
    /// Today, for date rules: the options' day, or the system's read at first use.
    today: Option<crate::rules::Day>,
    /// The message declared US-ASCII: any byte above 0x7F is an error.
    ascii_only: bool,
    /// Namespace scopes, taken by the reading loop while it runs (kept here between messages).
    names: Option<Names>,
    /// Diagnostics get a location (the options or the profile ask for it).
    locations: bool,
    /// The element prefixes seen (see `Frame::prefix`), for messages and locations; kept
    /// between messages.
    prefixes: Vec<Box<str>>,
    /// The profile's national names of elements, for `missing-element` messages.
    national: Option<&'s national::National>,
    /// Reported `missing-element`s whose parent is still open: if an element they name comes
    /// later among the siblings, it was not missing but out of order, and the report says so.
    missing_open: Vec<MissingOpen>,
}

/// A child reported as coming after missing siblings (`missing-element`), until its parent ends.
#[derive(Debug)]
struct MissingOpen {
    /// The parent's depth.
    depth: usize,
    /// The diagnostic's index in the report.
    index: usize,
    /// The element declarations reported missing.
    missing: Vec<ElemId>,
    /// The `unexpected-element` message, if one of them comes later.
    unexpected: String,
}

/// A violation of a conditional rule, held until its scope ends with the open elements it was
/// found under: its line, path and pointer are written only if the condition holds (most held
/// violations are dropped, and writing them was most of what rules cost).
#[derive(Debug)]
struct Held {
    found: Found,
    /// The open elements it was found under, from depth `from` on: those above (the scope
    /// element and its ancestors) are still open where the scope's verdict is made, and are
    /// not copied unless the verdict waits beyond it (`from` 0: all of them).
    frames: Vec<Frame>,
    from: usize,
}

/// What a held violation found.
#[derive(Debug)]
enum Found {
    /// The violation, written.
    Violation(crate::rules::Violation),
    /// A value of field `field` that breaks a check of single values: the violation's words
    /// are written only if the rule's condition holds (most such values are dropped: a
    /// profile's procedure rules hold every additional procedure code of an export's items
    /// until the item's procedure is known).
    Value { field: u8, value: Box<str> },
    /// The verdict of a `presence` check (whether the field is there) or a `reject` (`true`),
    /// where the scope element ends: written only if the rule's condition holds (most
    /// requirements of a profile's tables are conditional, and pass).
    Presence(bool),
}

/// The buffers of a finished pass, kept per thread for the next message (a batch validates
/// thousands of messages per thread; allocating these per message cost about 1% of a pass).
#[derive(Default)]
struct Scratch {
    names: Option<Names>,
    open: Vec<crate::rules::Open<Held>>,
    open_of: Vec<u32>,
    skipped: Vec<(u32, u32, u32)>,
    atoms: Vec<crate::rules::AtomState>,
    atom_of: Vec<u32>,
    frames: Vec<Frame>,
    counts: Vec<(u64, u32)>,
    text: String,
    prefixes: Vec<Box<str>>,
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
            skipped: std::mem::take(&mut self.skipped),
            atoms: std::mem::take(&mut self.atoms),
            atom_of: std::mem::take(&mut self.atom_of),
            frames: std::mem::take(&mut self.frames),
            counts: std::mem::take(&mut self.counts),
            text: std::mem::take(&mut self.text),
            prefixes: std::mem::take(&mut self.prefixes),
        };
        // Kept only while small: one huge value must not stay allocated.
        if scratch.text.capacity() <= 1 << 16 {
            scratch.open.clear();
            scratch.open_of.clear();
            scratch.skipped.clear();
            scratch.atoms.clear();
            scratch.atom_of.clear();
            scratch.frames.clear();
            scratch.counts.clear();
            scratch.text.clear();
            // A few prefixes are worth keeping; a message with hundreds is not the next one.
            if scratch.prefixes.len() > 64 {
                scratch.prefixes.clear();
            }
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
            skipped: Vec::new(),
            atoms: Vec::new(),
            atom_of: Vec::new(),
            frames: Vec::with_capacity(16),
            counts: Vec::with_capacity(64),
            text: String::with_capacity(128),
            prefixes: Vec::new(),
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
            prefixes: scratch.prefixes,
            missing_open: Vec::new(),
            report: Report::default(),
            root_seen: false,
            stop: false,
            rules,
            open: scratch.open,
            parked: Vec::new(),
            open_of: scratch.open_of,
            skipped: scratch.skipped,
            possible: 0,
            cat_stamp: 0,
            scope_stamp: 0,
            atoms: scratch.atoms,
            atom_of: scratch.atom_of,
            rule_root: u32::MAX,
            waiting: WaitList::default(),
            captured: vec![None; rules.map_or(0, |r| r.captures.len())],
            category: None,
            today: opts.today,
            ascii_only: false,
            locations: opts.locations,
            national: None,
        }
    }

    /// The report; the buffers go back to this thread's scratch.
    fn finish(mut self) -> Report {
        // A message that stopped early (not well-formed, too large) still gets the category
        // what was read derives, as if its elements had ended there.
        if self.report.category.is_none()
            && let Some(rules) = self.rules.filter(|r| !r.categories.is_empty() && !self.atoms.is_empty())
        {
            self.derive_category(rules, 0);
        }
        std::mem::take(&mut self.report)
    }
}

// ---- helpers of the parts ----------------------------------------------------------------
//
// Free functions and types with code of their own live here, not in the part that calls them:
// rustc gives each module's free items a codegen unit, and a part's unit of its own changed how
// LLVM inlined quick-xml's reading (2% more instructions per message). The parts hold only
// `impl Pass` blocks, whose methods are generated in the unit of `Pass`, as before the split.

fn configure(c: &mut Config) {
    // Comments are checked in `Pass::event`, to report the line of the `--` itself.
    c.check_comments = false;
    c.check_end_names = true;
}

/// Where a comment body breaks the `--` rule: the first `--`, or a final `-` (which would make
/// `--->`). One memchr scan: customs messages carry many comments, most with single hyphens.
fn double_hyphen(body: &str) -> Option<usize> {
    let b = body.as_bytes();
    memchr::memchr_iter(b'-', b).find(|&i| b.get(i + 1).is_none_or(|&c| c == b'-'))
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

/// Names joined for a message: `A`, `A or B`, `A, B or C` (`and` for `or` with `all`).
fn join_names(names: &[String], all: bool) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), if all { "and" } else { "or" }),
    }
}

/// An element name as a writer of the message would write it where the namespace bindings in
/// force are `resolver`'s: unprefixed in the default namespace (or in none), `p:local` where a
/// prefix `p` is bound to its namespace, and the local name when none is.
fn written_name(resolver: &NamespaceResolver, uri: &str, local: &str) -> String {
    if !uri.is_empty() {
        let mut prefixed = None;
        for (p, ns) in resolver.bindings() {
            if ns.0 == uri {
                match p {
                    PrefixDeclaration::Default => return local.to_string(),
                    PrefixDeclaration::Named(p) => prefixed = Some(p),
                }
            }
        }
        if let Some(p) = prefixed {
            return format!("{p}:{local}");
        }
    }
    local.to_string()
}

/// What a `missing-element` at a child reported missing, and its message should the child turn
/// out to be out of order.
type Skip = (Vec<ElemId>, String);

/// The problem of child `written` (`{ns}local`, as `uri` names `ns`) that content model `aut`
/// rejects in state `cm`: `unexpected-element` with what was expected, or `missing-element`
/// when the child is allowed later (with the declarations missing and the message should it
/// turn out to be out of order). Cold: kept out of the start of every element.
#[cold]
#[inline(never)]
fn rejected(
    schema: &Schema,
    resolver: &NamespaceResolver,
    aut: &schema::Automaton,
    cm: &CmState,
    (ns, uri, local): (schema::NsId, &str, &str),
    written: &str,
    national: Option<&national::National>,
) -> (crate::Code, String, Option<Box<Skip>>) {
    let expected = aut.expected(schema, cm);
    let unexpected = if expected.is_empty() {
        format!("{written} is not allowed here: nothing more may come in its parent")
    } else {
        let names = expected_names(schema, resolver, &expected, None);
        format!("{written} is not allowed here; expected {}", join_names(&names, false))
    };
    // Allowed later in the sequence: what it skipped is missing (unless it comes later: then
    // this one is out of order).
    match aut.skipped(schema, cm, ns, uri, local) {
        Some(skipped) => {
            let message = format!("{} missing before {written}", missing_names(schema, resolver, &skipped, national));
            let missing = skipped.declarations().collect();
            (crate::Code::MissingElement, message, Some(Box::new((missing, unexpected))))
        }
        None => (crate::Code::UnexpectedElement, unexpected, None),
    }
}

/// What a content model misses, as a message names it with its verb: `FunctionCode (Message
/// function, coded; WCO 017) is`, `ID or Name is`, `(ID or Name) and Measure are`.
fn missing_names(
    schema: &Schema,
    resolver: &NamespaceResolver,
    missing: &schema::content::Missing<'_>,
    national: Option<&national::National>,
) -> String {
    let named = Some(national);
    let first = expected_names(schema, resolver, &missing.first, named);
    let then = expected_names(schema, resolver, &missing.then, named);
    let mut all = Vec::with_capacity(1 + then.len());
    match first.len() {
        0 => {}
        1 => all.push(first[0].clone()),
        _ if then.is_empty() => all.push(join_names(&first, false)),
        _ => all.push(format!("({})", join_names(&first, false))),
    }
    all.extend(then);
    format!("{} {}", join_names(&all, true), if all.len() == 1 { "is" } else { "are" })
}

/// What a content model expected, named as the message would write it (see [`written_name`]).
/// With `named` (`Some`, holding the profile's national names if any), each element is named
/// for the reader too, by its national data element when the profile names it, else by its
/// WCO name, then its WCO ID: `FunctionalReferenceID (LRN, DE 2/5; WCO D026)`,
/// `FunctionalReferenceID (Functional reference number; WCO D026)`.
fn expected_names(
    schema: &Schema,
    resolver: &NamespaceResolver,
    expected: &[schema::content::Expected<'_>],
    named: Option<Option<&national::National>>,
) -> Vec<String> {
    use schema::content::Expected;
    let mut out = Vec::with_capacity(expected.len());
    for e in expected {
        match e {
            Expected::Element(id) => {
                let d = &schema.elements[*id as usize];
                let mut name = written_name(resolver, &schema.namespaces[d.ns as usize], &d.name);
                if let Some(national) = named {
                    // The WCO name, unless it only repeats the element's (`GoodsShipment`).
                    let same = |n: &str| n.split_whitespace().collect::<String>().eq_ignore_ascii_case(&d.name);
                    let label = national
                        .and_then(|n| n.get(*id))
                        .or_else(|| d.wco_name.as_deref().filter(|n| !same(n)).filter(|_| d.wco_id.is_some()));
                    let wco = d.wco_id.as_deref().map(|w| format!("WCO {w}"));
                    let said: Vec<&str> = label.into_iter().chain(wco.as_deref()).collect();
                    if !said.is_empty() {
                        name.push_str(" (");
                        name.push_str(&said.join("; "));
                        name.push(')');
                    }
                }
                out.push(name);
            }
            Expected::Any(w) => match &w.namespaces {
                schema::NsConstraint::Any => out.push("any element".into()),
                schema::NsConstraint::Other(_) => out.push("any element of another namespace".into()),
                schema::NsConstraint::List(l) => {
                    for u in l {
                        out.push(if u.is_empty() {
                            "any element without a namespace".into()
                        } else {
                            format!("any element of namespace {u}")
                        });
                    }
                }
            },
        }
    }
    out
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

/// `[n]`, a path or pointer index.
fn push_index(s: &mut String, n: u32) {
    s.push('[');
    s.push_str(itoa::Buffer::new().format(n));
    s.push(']');
}
