//! The built-in WCO Data Model rule sets (3.6, 3.7, 4.0 draft), embedded in the library and
//! chosen by the version a message claims in `md:WCODataModelVersionCode`.
//!
//! Each version is data under `schemas/`: 3.6 is a table in the WCO's own notation, later
//! versions are a list of changes to the previous one (`schemas/README.md`). The table is turned
//! into an XSD schema set ([`Version::xsd`], also what `wcodm schema export` writes) and
//! compiled by the same engine as any national XSD, so the built-in sets and their exported XSD
//! give the same verdicts. (The engine is handed the schema documents as the trees it would read
//! from that text, built from the same calls that write it, rather than the text itself.)

use crate::schema::wco_table::parse_changes;
use crate::{Code, Diagnostic, Error, Options, Report, Validator};
use std::fmt;
use std::io::Read;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The data model of a version as a table ([`Version::model`]) and the changes between versions
/// ([`Version::changes`]).
pub use crate::schema::wco_table::{Change, Model, Repr, Row, TableError};

const TABLE_3_6: &str = include_str!("../schemas/wco-3.6/declaration.tsv");
const CHANGES_3_7: &str = include_str!("../schemas/wco-3.7/changes.tsv");
const CHANGES_4_0: &str = include_str!("../schemas/wco-4.0-draft/changes.tsv");
const RULES_3_6: &str = include_str!("../schemas/wco-3.6/rules.json");
const RULE_CHANGES_4_0: &str = include_str!("../schemas/wco-4.0-draft/rules-changes.json");

/// A WCO Data Model version wcodm has a built-in rule set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Version {
    /// WCO DM 3.6 (May 2016), the base every UK CDS declaration uses.
    V3_6,
    /// WCO DM 3.7 (January 2018), written as changes to 3.6.
    V3_7,
    /// A draft of WCO DM 4.0 written by the project from the published direction of 4.0; not an
    /// official WCO schema.
    V4_0Draft,
}

impl Version {
    /// Every built-in version, oldest first.
    pub const ALL: [Version; 3] = [Version::V3_6, Version::V3_7, Version::V4_0Draft];

    /// The label used everywhere: `3.6`, `3.7`, `4.0-draft`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V3_6 => "3.6",
            Version::V3_7 => "3.7",
            Version::V4_0Draft => "4.0-draft",
        }
    }

    /// Whether the rule set is a draft authored by the project (shown wherever it is listed).
    pub fn is_draft(self) -> bool {
        self == Version::V4_0Draft
    }

    /// The version a `WCODataModelVersionCode` value or a command-line label names: `3.6`,
    /// `3.6.0`, `3.7`, `4.0`, `4.0.0` (the 4.0 draft) and `4.0-draft`.
    pub fn parse(code: &str) -> Option<Version> {
        match code.trim() {
            "3.6" | "3.6.0" => Some(Version::V3_6),
            "3.7" | "3.7.0" => Some(Version::V3_7),
            "4.0" | "4.0.0" | "4.0-draft" => Some(Version::V4_0Draft),
            _ => None,
        }
    }

    /// The labels of every built-in version, oldest first (`3.6`, `3.7`, `4.0-draft`).
    pub fn labels() -> [&'static str; 3] {
        Version::ALL.map(Version::as_str)
    }

    /// The version this one is written as changes to.
    pub fn base(self) -> Option<Version> {
        match self {
            Version::V3_6 => None,
            Version::V3_7 => Some(Version::V3_6),
            Version::V4_0Draft => Some(Version::V3_7),
        }
    }

    /// The changes from [`Version::base`] to this version, each with rationale and source.
    pub fn changes(self) -> Result<Vec<Change>, Error> {
        let text = match self {
            Version::V3_6 => return Ok(Vec::new()),
            Version::V3_7 => CHANGES_3_7,
            Version::V4_0Draft => CHANGES_4_0,
        };
        parse_changes(text).map_err(|e| Error::RuleSet(format!("built-in {} changes: {e}", self.as_str())))
    }

    /// The data model of this version (the 3.6 table with the changes applied).
    pub fn model(self) -> Result<Model, Error> {
        let err = |e: TableError| Error::RuleSet(format!("built-in {}: {e}", self.as_str()));
        match self {
            Version::V3_6 => Model::parse("3.6", TABLE_3_6).map_err(err),
            Version::V3_7 => Version::V3_6.model()?.apply_changes("3.7", CHANGES_3_7).map_err(err),
            Version::V4_0Draft => Version::V3_7.model()?.apply_changes("4.0-draft", CHANGES_4_0).map_err(err),
        }
    }

    /// The version's rule set as an XSD schema set: (file name, text), the root first.
    pub fn xsd(self) -> Result<Vec<(String, String)>, Error> {
        Ok(self.model()?.to_xsd())
    }

    /// The version's business-rule pack: 3.6's, which 3.7 inherits unchanged and the 4.0 draft
    /// adjusts (`schemas/wco-4.0-draft/rules-changes.json`: rules its structure makes redundant,
    /// paths it removes).
    pub fn rule_pack(self) -> Result<crate::rules::RulePack, Error> {
        match self {
            Version::V3_6 | Version::V3_7 => crate::rules::RulePack::from_json(RULES_3_6),
            Version::V4_0Draft => {
                let changes: crate::rules::PackChanges = serde_json::from_str(RULE_CHANGES_4_0)
                    .map_err(|e| Error::RuleSet(format!("built-in 4.0-draft rule changes: {e}")))?;
                Version::V3_7.rule_pack()?.with_changes("wco-4.0-draft-core", &changes)
            }
        }
    }

    /// Compile the version's structure only (the XSD it exports), without business rules. The
    /// schema's trees are built from the model, not read from the exported text: the same trees
    /// (a test compares them), without writing 190 KB of XSD and reading it back.
    pub fn structure_validator(self) -> Result<Validator, Error> {
        Validator::from_model(&self.model()?)
    }

    /// Compile the version's rule set: structure and formats, plus its business-rule pack.
    pub fn validator(self) -> Result<Validator, Error> {
        self.validator_with(&[])
    }

    /// [`Version::validator`] with more packs after the version's own, compiled in one go (each
    /// [`Validator::with_rules`] compiles every pack the validator has again).
    fn validator_with(self, extra: &[crate::rules::RulePack]) -> Result<Validator, Error> {
        let structure = self.structure_validator()?;
        let mut packs = vec![self.rule_pack()?];
        packs.extend_from_slice(extra);
        structure.with_rules(&packs)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads a label as [`Version::parse`] does; the error names the label and the versions there
/// are.
///
/// ```
/// use wcodm::Version;
/// assert_eq!("3.7".parse::<Version>(), Ok(Version::V3_7));
/// let e = "9.9".parse::<Version>().unwrap_err();
/// assert_eq!(e.label(), "9.9");
/// assert_eq!(e.to_string(), "unknown WCO Data Model version '9.9'; supported: 3.6, 3.7, 4.0-draft");
/// ```
impl std::str::FromStr for Version {
    type Err = UnknownVersion;

    fn from_str(label: &str) -> Result<Version, UnknownVersion> {
        Version::parse(label).ok_or_else(|| UnknownVersion(label.to_string()))
    }
}

/// A label that names no built-in version (from `str::parse::<Version>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown WCO Data Model version '{0}'; supported: {list}", list = Version::labels().join(", "))]
pub struct UnknownVersion(String);

impl UnknownVersion {
    /// The label as given.
    pub fn label(&self) -> &str {
        &self.0
    }
}

/// What [`RuleSets::validate`] found: the version whose rule set was used and the report.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Outcome {
    /// The version used: the fixed one, or the one the message claims. `None` when none could
    /// be chosen (the report then says why: empty input, not XML, not a WCO message, no or an
    /// unknown version code).
    pub version: Option<Version>,
    /// The problems found.
    pub report: Report,
}

/// Which rule set validates a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// The version the message claims in `WCODataModelVersionCode`.
    #[default]
    Auto,
    /// This version, whatever the message claims (an override, or a migration check).
    Fixed(Version),
}

/// What the envelope of a message says about its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// `WCODataModelVersionCode` holds this text.
    Code(String),
    /// The envelope has no `WCODataModelVersionCode` before the declaration starts.
    Missing,
    /// The root element is a `Declaration` without the `MetaData` envelope, the only place a
    /// message names its version.
    Bare,
    /// The input is empty (nothing, or only white space and a byte order mark).
    Empty,
    /// The input is not XML: text or binary bytes come before any element.
    NotXml,
    /// The input is XML that is not well-formed before its version code could be read (a
    /// message cut short, a broken tag, no root element at all): the reader's error.
    Malformed(String),
    /// The root element, written here as in the message, is not a WCO Data Model message's:
    /// neither in a WCO namespace nor named `MetaData` or `Declaration`.
    NotWco(String),
}

/// How far into a message its version code is looked for.
const SNIFF_BYTES: usize = 64 << 10;

/// The namespaces of WCO Data Model messages start with this.
const WCO_NAMESPACE: &str = "urn:wco:datamodel:WCO:";

/// Read the version a message claims from its `md:MetaData` envelope, looking only at the
/// start of the message (before the `Declaration` element, at most 64 KiB).
pub fn claimed_version(xml: &[u8]) -> Claim {
    sniff(xml).0
}

/// The claim and the offset it was found at (the version element's, the root's, or where the
/// input stopped being XML).
fn sniff(xml: &[u8]) -> (Claim, usize) {
    sniff_head(xml, xml.len().min(SNIFF_BYTES), xml.len() < SNIFF_BYTES)
}

/// [`sniff`] in the first `len` bytes of `xml`, `whole` when they are the whole input. A head
/// that ends before the claim is decided (inside a root tag longer than the head, say) is read
/// on to the end of `xml` if there is more of it in memory; else the claim is `Missing`.
fn sniff_head(xml: &[u8], len: usize, whole: bool) -> (Claim, usize) {
    use quick_xml::errors::{Error, SyntaxError};
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let read_on = |at: usize| match xml.len() > len {
        true => sniff_head(xml, xml.len(), true),
        false => (Claim::Missing, at),
    };
    let head = &xml[..len];
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
        return (Claim::Empty, 0);
    }
    let markup = body.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) == Some(&b'<');
    let mut reader = quick_xml::reader::NsReader::from_reader(head);
    let mut root = true;
    let mut at = 0;
    let mut text = String::new();
    loop {
        let from = reader.buffer_position() as usize;
        match reader.read_resolved_event() {
            Ok((ns, Event::Start(e) | Event::Empty(e))) => {
                let name = e.local_name();
                let blank = head[from..].iter().take_while(|b| b.is_ascii_whitespace()).count();
                let here = from + blank;
                let first = root;
                if root {
                    root = false;
                    at = here;
                    // A WCO namespace, or a WCO root written without one (a claim can still be
                    // looked for there).
                    let wco = matches!(ns, ResolveResult::Bound(n) if n.0.starts_with(WCO_NAMESPACE))
                        || matches!(name.as_ref(), "MetaData" | "Declaration");
                    if !wco {
                        return (Claim::NotWco(e.name().as_ref().to_string()), here);
                    }
                }
                if name.as_ref() == "WCODataModelVersionCode" {
                    at = here;
                    text.clear();
                    // The code is the element's text, up to its end tag.
                    loop {
                        match reader.read_event() {
                            Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
                            Ok(Event::GeneralRef(_) | Event::Comment(_)) => {}
                            _ => return (Claim::Code(text.trim().to_string()), at),
                        }
                    }
                } else if name.as_ref() == "Declaration" {
                    return (if first { Claim::Bare } else { Claim::Missing }, here);
                }
            }
            Ok((_, Event::Text(t))) if root && !t.trim_ascii().is_empty() => {
                return (Claim::NotXml, from + t.len() - t.trim_ascii_start().len());
            }
            Ok((_, Event::Eof)) if root && whole => {
                return (Claim::Malformed("the document has no root element".into()), head.len());
            }
            // Bytes that do not start with markup are not XML (binary bytes fail to decode).
            Err(_) if root && !markup => return (Claim::NotXml, reader.error_position() as usize),
            // The head ended inside markup (every syntax error but a bad `<!` is something not
            // closed before the end) or before the root: read on.
            Err(Error::Syntax(e)) if !whole && e != SyntaxError::InvalidBangMarkup => return read_on(at),
            Ok((_, Event::Eof)) if !whole => return read_on(at),
            // Markup that breaks before the root element, or anywhere in an input seen whole,
            // is not well-formed.
            Err(e) if root || whole => {
                return (Claim::Malformed(e.to_string()), reader.error_position() as usize);
            }
            Ok((_, Event::Eof)) | Err(_) => return (Claim::Missing, at),
            _ => {}
        }
    }
}

/// How to validate a message that names no version.
#[cold]
fn choose_version() -> String {
    format!(
        "choose a version explicitly (`--version 3.6` on the command line, `version=` in Python; supported: {})",
        Version::labels().join(", ")
    )
}

/// For a message of another kind that a built-in profile serves by its root (`root`, its local
/// name: `CC315A`, served by `uk-ics1`), how to validate it; else nothing.
#[cold]
fn served(xml: &[u8], root: &str) -> String {
    let Some(profile) =
        crate::profile::Profile::name_for_message(xml).and_then(|n| crate::profile::Profile::builtin(n).ok())
    else {
        return String::new();
    };
    let schema = profile.schemas.first().map(|s| format!(", e.g. {s},")).unwrap_or_default();
    format!(
        " ({root} messages are served by the built-in profile {}: validate them with their schema{schema} and that profile)",
        profile.name
    )
}

/// The built-in rule sets, each compiled the first time it is needed and then shared.
/// `Send + Sync`: one `RuleSets` serves every thread.
#[derive(Debug, Default)]
pub struct RuleSets {
    options: Options,
    extra: Vec<crate::rules::RulePack>,
    profile: Option<crate::profile::Profile>,
    compiled: [OnceLock<Result<Validator, Error>>; 3],
    /// Set when a thread starts compiling a version's rule set (see [`RuleSets::try_validate`]).
    started: [AtomicBool; 3],
}

impl RuleSets {
    /// Built-in rule sets with default options.
    pub fn new() -> RuleSets {
        RuleSets::default()
    }

    /// Built-in rule sets validating with these options.
    pub fn with_options(options: Options) -> RuleSets {
        RuleSets {
            options,
            extra: Vec::new(),
            profile: None,
            compiled: Default::default(),
            started: Default::default(),
        }
    }

    /// The same, with more rule packs (a national pack) added to every version's own, after
    /// those added before.
    pub fn with_packs(mut self, packs: impl IntoIterator<Item = crate::rules::RulePack>) -> RuleSets {
        self.extra.extend(packs);
        self.compiled = Default::default();
        self.started = Default::default();
        self
    }

    /// The same, with a national profile added to every version's rules.
    pub fn with_profile(mut self, profile: crate::profile::Profile) -> RuleSets {
        self.profile = Some(profile);
        self.compiled = Default::default();
        self.started = Default::default();
        self
    }

    /// The validator of one version (compiled on first use).
    pub fn get(&self, version: Version) -> Result<&Validator, Error> {
        let i = Self::index(version);
        if self.compiled[i].get().is_none() {
            self.started[i].store(true, Ordering::Relaxed);
        }
        self.compiled[i]
            .get_or_init(|| {
                version
                    .validator_with(&self.extra)
                    .and_then(|v| match &self.profile {
                        Some(p) => v.with_profile(p),
                        None => Ok(v),
                    })
                    .map(|v| v.with_options(self.options.clone()))
            })
            .as_ref()
            .map_err(Error::duplicate)
    }

    /// Pick the rule set for a message: the fixed one, or the one it claims. When it claims
    /// none, the diagnostic says why, at the place it concerns: an empty input, one that is not
    /// XML, a root element outside the WCO namespaces, a missing or unknown version code.
    pub fn select(&self, xml: &[u8], choice: Choice) -> Result<Version, Box<Diagnostic>> {
        let Choice::Fixed(v) = choice else {
            // UTF-16 and UTF-32 are XML too, in an encoding wcodm does not read.
            if let Some(enc) = crate::xml::sniff_wide_encoding(xml) {
                let d = Diagnostic::new(Code::XmlEncoding, crate::xml::wide_encoding_message(enc), 1, 1);
                return Err(Box::new(d));
            }
            let (claim, offset) = sniff(xml);
            let (code, message) = match claim {
                Claim::Code(c) => match Version::parse(&c) {
                    Some(v) => return Ok(v),
                    None => (
                        Code::UnknownVersion,
                        format!(
                            "the message claims WCO Data Model version '{c}', which has no built-in rule set; supported: {} (or choose one explicitly)",
                            Version::labels().join(", ")
                        ),
                    ),
                },
                Claim::Missing => (
                    Code::UnknownVersion,
                    format!("the message has no WCODataModelVersionCode in its MetaData envelope; {}", choose_version()),
                ),
                Claim::Bare => (
                    Code::UnknownVersion,
                    format!(
                        "the message is a Declaration without the md:MetaData envelope, so the WCO Data Model version it follows cannot be read; {}",
                        choose_version()
                    ),
                ),
                Claim::Empty => (Code::XmlSyntax, "the input is empty: there is no message to validate".to_string()),
                Claim::NotXml => (
                    Code::XmlSyntax,
                    "the input is not XML: a WCO Data Model message starts with its root element (MetaData or Declaration)"
                        .to_string(),
                ),
                // As a fixed version's validator says it.
                Claim::Malformed(e) => (Code::XmlSyntax, format!("not well-formed: {e}")),
                Claim::NotWco(root) => (
                    Code::UnknownRoot,
                    format!(
                        "the root element {root} is not a WCO Data Model message: expected MetaData or Declaration in a namespace starting {WCO_NAMESPACE}{}",
                        served(xml, root.rsplit(':').next().unwrap_or(&root))
                    ),
                ),
            };
            let (line, column) = crate::xml::Lines::new().position(xml, offset);
            return Err(Box::new(Diagnostic::new(code, message, line, column)));
        };
        Ok(v)
    }

    /// Validate a message in memory against the rule set it claims (or the fixed one).
    ///
    /// ```
    /// use wcodm::{Choice, RuleSets, Version};
    /// let xml = std::fs::read("examples/3.6/import-3-items.xml").unwrap();
    /// let outcome = RuleSets::new().validate(&xml, Choice::Auto);
    /// assert_eq!(outcome.version, Some(Version::V3_6));
    /// assert!(outcome.report.is_valid());
    /// ```
    pub fn validate(&self, xml: &[u8], choice: Choice) -> Outcome {
        self.validate_selected(xml, self.select(xml, choice))
    }

    /// Like [`RuleSets::validate`], but without waiting: `None` when the rule set the message
    /// needs is being compiled on another thread, which `validate` would wait for. A batch on
    /// several threads validates other messages meanwhile and comes back to this one.
    pub fn try_validate(&self, xml: &[u8], choice: Choice) -> Option<Outcome> {
        let selected = self.select(xml, choice);
        if let Ok(v) = selected {
            let i = Self::index(v);
            if self.compiled[i].get().is_none() && self.started[i].load(Ordering::Relaxed) {
                return None;
            }
        }
        Some(self.validate_selected(xml, selected))
    }

    fn index(version: Version) -> usize {
        Version::ALL.iter().position(|v| *v == version).unwrap_or(0)
    }

    fn validate_selected(&self, xml: &[u8], selected: Result<Version, Box<Diagnostic>>) -> Outcome {
        let version = match selected {
            Ok(v) => v,
            Err(d) => return Outcome { version: None, report: Report::from_diagnostic(*d) },
        };
        let report = match self.get(version) {
            Ok(v) => v.validate(xml),
            Err(e) => Report::from_diagnostic(Diagnostic::new(Code::Io, e.to_string(), 0, 0)),
        };
        Outcome { version: Some(version), report }
    }

    /// Validate from a reader: the first 64 KiB are read to find the claimed version, then the
    /// whole message streams through the chosen validator.
    pub fn validate_reader<R: Read>(&self, mut input: R, choice: Choice) -> Outcome {
        let mut head = Vec::new();
        if let Err(e) = (&mut input).take(SNIFF_BYTES as u64).read_to_end(&mut head) {
            let d = Diagnostic::new(Code::Io, format!("cannot read input: {e}"), 0, 0);
            return Outcome { version: None, report: Report::from_diagnostic(d) };
        }
        let version = match self.select(&head, choice) {
            Ok(v) => v,
            Err(d) => return Outcome { version: None, report: Report::from_diagnostic(*d) },
        };
        let report = match self.get(version) {
            Ok(v) => v.validate_reader(std::io::Cursor::new(head).chain(input)),
            Err(e) => Report::from_diagnostic(Diagnostic::new(Code::Io, e.to_string(), 0, 0)),
        };
        Outcome { version: Some(version), report }
    }
}

#[cfg(test)]
mod tests {
    use super::{Choice, RuleSets, Version};
    use std::sync::atomic::Ordering;

    /// `try_validate` hands a message back only while its rule set is being compiled elsewhere;
    /// otherwise (none compiling, or compiled) it validates as `validate` does.
    #[test]
    fn try_validate_waits_for_no_compile() {
        let xml = std::fs::read("examples/3.7/import-2-items.xml").unwrap();
        let sets = RuleSets::new();
        // Another thread compiling 3.7, as `get` marks it.
        sets.started[RuleSets::index(Version::V3_7)].store(true, Ordering::Relaxed);
        assert!(sets.try_validate(&xml, Choice::Auto).is_none());
        // A message claiming another version is not held back.
        let v36 = std::fs::read("examples/3.6/import-3-items.xml").unwrap();
        assert_eq!(sets.try_validate(&v36, Choice::Auto).map(|o| o.version), Some(Some(Version::V3_6)));
        // Once compiled, it validates.
        let waited = sets.validate(&xml, Choice::Auto);
        let tried = sets.try_validate(&xml, Choice::Auto).expect("compiled");
        assert_eq!((tried.version, tried.report.diagnostics), (waited.version, waited.report.diagnostics));
        // Nothing compiling: it compiles on this thread, like `validate`.
        let fresh = RuleSets::new();
        let tried = fresh.try_validate(&xml, Choice::Auto).expect("nothing is compiling");
        assert_eq!(tried.version, Some(Version::V3_7));
        assert!(tried.report.is_valid(), "{:?}", tried.report.diagnostics);
    }
}
