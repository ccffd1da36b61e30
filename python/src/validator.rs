//! The Python `Validator`: a compiled rule set with its options, validating bytes, files and
//! batches with the interpreter's lock released.

use crate::{errors, pool, report::Report, rows};
use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use wcodm::profile::Profile;
use wcodm::rules::{Day, RulePack};
use wcodm::{Choice, Options, RuleSets, Version};

/// One compiled rule set: a schema set, or the built-in WCO versions.
enum One {
    Schema { validator: wcodm::Validator, label: String },
    Builtin { sets: Box<RuleSets>, choice: Choice },
}

/// A verdict: the rule set used (when one could be chosen) and the report.
pub type Verdict = (Option<String>, wcodm::Report);

impl One {
    fn bytes(&self, xml: &[u8]) -> Verdict {
        match self {
            One::Schema { validator, label } => (Some(label.clone()), validator.validate(xml)),
            One::Builtin { sets, choice } => {
                let wcodm::Outcome { version: v, report: r, .. } = sets.validate(xml, *choice);
                (v.map(|v| v.to_string()), r)
            }
        }
    }

    fn reader(&self, input: impl Read) -> Verdict {
        match self {
            One::Schema { validator, label } => (Some(label.clone()), validator.validate_reader(input)),
            One::Builtin { sets, choice } => {
                let o = sets.validate_reader(input, *choice);
                (o.version.map(|v| v.to_string()), o.report)
            }
        }
    }
}

/// What validates a message: one rule set, or with ``profile="auto"`` the rule set of the
/// built-in profile each message's MetaData envelope names (the plain one when none does).
struct Check {
    plain: One,
    /// Per built-in profile (by name), its rule set; empty unless the profile is `auto`.
    by_envelope: Vec<(String, One)>,
}

impl Check {
    /// The rule set for a message that starts with `head`.
    fn pick(&self, head: &[u8]) -> &One {
        if self.by_envelope.is_empty() {
            return &self.plain;
        }
        let named = Profile::name_for_message(head).and_then(|p| self.by_envelope.iter().find(|(n, _)| *n == p));
        named.map_or(&self.plain, |(_, one)| one)
    }

    fn bytes(&self, xml: &[u8]) -> Verdict {
        self.pick(xml).bytes(xml)
    }

    fn reader(&self, input: impl Read) -> Verdict {
        if self.by_envelope.is_empty() {
            return self.plain.reader(input);
        }
        // The envelope is at the start: look at the first 64 KiB, then validate all of it.
        let mut input = io::BufReader::with_capacity(1 << 16, input);
        let head = input.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
        self.pick(&head).reader(input)
    }

    /// A file, streamed (its size does not matter); an error if it cannot be opened.
    fn file(&self, path: &Path) -> io::Result<Verdict> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_dir() {
            return Err(io::ErrorKind::IsADirectory.into());
        }
        Ok(self.reader(file))
    }

    /// One item of a batch: a file that cannot be read gets a verdict of its own (an `io`
    /// diagnostic, worded as the CLI words it) and the batch goes on.
    fn item(&self, item: &Item<'_>) -> Verdict {
        match item {
            Item::Bytes(b) => self.bytes(b),
            Item::Owned(b) => self.bytes(b),
            Item::Path(p) => self.file(p).unwrap_or_else(|e| {
                let message = match e.kind() {
                    io::ErrorKind::IsADirectory => format!("{} is a folder", p.display()),
                    _ => format!("cannot read {}: {e}", p.display()),
                };
                (None, wcodm::Report::from_diagnostic(wcodm::Diagnostic::new(wcodm::Code::Io, message, 0, 0)))
            }),
        }
    }
}

/// One input of a batch, taken from Python before the lock is released.
pub enum Item<'a> {
    /// A `bytes` object's contents (immutable, kept alive by the caller).
    Bytes(&'a [u8]),
    /// A copy of a mutable buffer (`bytearray`).
    Owned(Vec<u8>),
    /// A file to read.
    Path(PathBuf),
}

/// The inputs of a batch: every `bytes`, `bytearray`, `str` or `os.PathLike` of an iterable.
/// `objects` keeps the Python objects alive while `Item`s borrow from them.
pub fn items<'a, 'py>(objects: &'a [Bound<'py, PyAny>]) -> PyResult<Vec<Item<'a>>> {
    objects
        .iter()
        .enumerate()
        .map(|(i, o)| {
            if let Ok(b) = o.cast::<PyBytes>() {
                Ok(Item::Bytes(b.as_bytes()))
            } else if let Ok(b) = o.cast::<PyByteArray>() {
                Ok(Item::Owned(b.to_vec()))
            } else if let Ok(p) = o.extract::<PathBuf>() {
                Ok(Item::Path(p))
            } else {
                let kind = o.get_type().name().map(|n| n.to_string()).unwrap_or_default();
                Err(PyTypeError::new_err(format!(
                    "item {i}: expected the message as bytes, or a path (str or os.PathLike), not {kind}"
                )))
            }
        })
        .collect()
}

/// A compiled rule set, ready to validate any number of messages, from any number of threads.
///
/// Build one with ``Validator.builtin`` (the WCO Data Model versions built into wcodm, each with
/// its business-rule pack) or ``Validator.from_xsd`` (a schema set such as a national
/// customisation), once, and reuse it: compiling is the expensive part. Every method releases
/// the GIL while it validates.
#[pyclass(module = "wcodm", frozen)]
pub struct Validator {
    check: Check,
    description: String,
}

/// The options every constructor takes, as keyword arguments.
fn options(mask_values: bool, max_errors: i64, today: Option<&Bound<'_, PyAny>>, locations: bool) -> PyResult<Options> {
    let mut options = Options::default();
    options.mask_values = mask_values;
    options.locations = locations;
    options.max_errors = usize::try_from(max_errors)
        .map_err(|_| errors::option(format!("max_errors must be 0 or more (got {max_errors})")))?;
    options.today = today.map(day).transpose()?;
    Ok(options)
}

/// A day from `"YYYY-MM-DD"` or a `datetime.date` (or `datetime.datetime`: its date).
fn day(today: &Bound<'_, PyAny>) -> PyResult<Day> {
    let text: String = if today.is_instance_of::<PyString>() {
        today.extract()?
    } else if today.hasattr("strftime")? {
        today.call_method1("strftime", ("%Y-%m-%d",))?.extract()?
    } else {
        return Err(errors::option("today must be a datetime.date or a string YYYY-MM-DD"));
    };
    Day::parse(&text).ok_or_else(|| errors::option(format!("today: '{text}' is not a calendar day written YYYY-MM-DD")))
}

/// Rule packs from paths, or from their JSON text given as bytes.
fn packs(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<RulePack>> {
    let Some(rules) = rules else { return Ok(Vec::new()) };
    if rules.is_instance_of::<PyString>() || rules.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err("rules must be a list of rule packs (paths, or JSON text as bytes), not one"));
    }
    let mut out = Vec::new();
    for pack in rules.try_iter()? {
        let pack = pack?;
        let loaded = if let Ok(b) = pack.cast::<PyBytes>() {
            let text = std::str::from_utf8(b.as_bytes())
                .map_err(|e| errors::rule_pack(wcodm::Error::RuleSet(format!("rule pack is not UTF-8: {e}"))))?;
            RulePack::from_json(text)
        } else if let Ok(path) = pack.extract::<PathBuf>() {
            RulePack::from_path(path)
        } else {
            return Err(PyTypeError::new_err("a rule pack is a path (str or os.PathLike) or its JSON text as bytes"));
        };
        out.push(loaded.map_err(errors::rule_pack)?);
    }
    Ok(out)
}

/// What ``profile=`` asks for: nothing, one profile (a built-in name such as ``"uk-cds"``, or
/// a profile folder), or ``"auto"`` (every built-in profile, each message judged by the one its
/// envelope or its root names).
enum Profiles {
    None,
    One(Box<Profile>),
    Auto(Vec<Profile>),
}

impl Profiles {
    fn parse(arg: Option<&Path>) -> PyResult<Profiles> {
        Ok(match arg.map(|p| p.to_string_lossy()) {
            None => Profiles::None,
            Some(a) if a == "auto" => Profiles::Auto(
                Profile::builtin_names()
                    .into_iter()
                    .map(Profile::builtin)
                    .collect::<Result<_, _>>()
                    .map_err(errors::profile)?,
            ),
            Some(a) => Profiles::One(Box::new(Profile::named(&a).map_err(errors::profile)?)),
        })
    }

    /// The check: `one` builds the rule set with a profile (or without).
    fn check(&self, one: impl Fn(Option<&Profile>) -> PyResult<One>) -> PyResult<Check> {
        Ok(match self {
            Profiles::None => Check { plain: one(None)?, by_envelope: Vec::new() },
            Profiles::One(p) => Check { plain: one(Some(p))?, by_envelope: Vec::new() },
            // Only the built-in profiles whose rules fit the rule set (uk-cds with a WCO schema,
            // uk-ics1 with an ICS one), as the CLI's `--profile auto`.
            Profiles::Auto(all) => Check {
                plain: one(None)?,
                by_envelope: all.iter().filter_map(|p| Some((p.name.clone(), one(Some(p)).ok()?))).collect(),
            },
        })
    }

    /// How ``repr`` shows it.
    fn describe(&self, arg: Option<&Path>) -> String {
        match (self, arg) {
            (Profiles::None, _) | (_, None) => String::new(),
            (_, Some(a)) => format!(" profile {}", a.display()),
        }
    }
}

/// A schema set's validator with packs, options and a profile: a `RulePackError` for what the
/// packs do, a `ProfileError` for what the profile does.
fn schema_check(
    validator: &wcodm::Validator,
    packs: &[RulePack],
    options: &Options,
    profile: Option<&Profile>,
    label: &str,
) -> PyResult<One> {
    let mut validator = validator.clone().with_rules(packs).map_err(errors::rule_pack)?;
    if let Some(p) = profile {
        validator = validator.with_profile(p).map_err(errors::profile)?;
    }
    Ok(One::Schema { validator: validator.with_options(options.clone()), label: label.to_string() })
}

/// An `OSError` of the class Python gives this kind of failure, naming the file.
fn os_error(path: &Path, e: &io::Error) -> PyErr {
    let message = match e.kind() {
        io::ErrorKind::IsADirectory => format!("{} is a folder", path.display()),
        _ => format!("cannot read {}: {e}", path.display()),
    };
    match e.kind() {
        io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

impl Validator {
    /// Validate a batch on `threads` threads without the lock; verdicts in input order.
    pub fn batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>, threads: Option<usize>) -> PyResult<Vec<Verdict>> {
        let objects: Vec<Bound<'_, PyAny>> = items.try_iter()?.collect::<PyResult<_>>()?;
        let items = self::items(&objects)?;
        let threads = threads.unwrap_or_else(pool::all_cores);
        Ok(py.detach(|| pool::map(&items, threads, |item| self.check.item(item))))
    }
}

#[pymethods]
impl Validator {
    /// The built-in WCO Data Model rule sets with their business-rule packs.
    ///
    /// ``version`` is ``"auto"`` (each message is checked against the version its
    /// ``WCODataModelVersionCode`` claims), ``"3.6"``, ``"3.7"`` or ``"4.0-draft"`` (that version
    /// whatever the message claims: a migration check). ``rules`` adds national rule packs
    /// (paths, or JSON text as bytes); ``profile`` a national profile: a built-in name such as
    /// ``"uk-cds"``, a profile folder, or ``"auto"`` (each message gets the built-in profile
    /// its MetaData envelope names, if any); reports then name the profile and the declaration
    /// category it derives. ``mask_values`` leaves message values out of messages,
    /// ``max_errors`` caps the diagnostics per message (default 100), ``today`` sets the day
    /// date rules take as today (``"YYYY-MM-DD"`` or a ``datetime.date``; default: the
    /// system's UTC date), ``locations`` gives each diagnostic a ``location`` the way
    /// XPath-based rule engines report it (``/ie:CC315A[1]/GOOITEGDS[2]``; a profile such as
    /// ``uk-ics1`` turns it on itself).
    ///
    /// Every version the choice may need is compiled now. Raises ``OptionError`` for an
    /// unknown version or a bad option, ``RulePackError`` for a pack that cannot be read or
    /// compiled, ``ProfileError`` for a profile that cannot be found, read or compiled.
    #[staticmethod]
    #[pyo3(signature = (version = "auto", *, rules = None, profile = None, mask_values = false, max_errors = 100, today = None, locations = false))]
    fn builtin(
        version: &str,
        rules: Option<&Bound<'_, PyAny>>,
        profile: Option<PathBuf>,
        mask_values: bool,
        max_errors: i64,
        today: Option<&Bound<'_, PyAny>>,
        locations: bool,
    ) -> PyResult<Validator> {
        let choice = match version {
            "auto" => Choice::Auto,
            v => Choice::Fixed(Version::parse(v).ok_or_else(|| {
                errors::option(format!("unknown version '{v}'; supported: auto, {}", Version::labels().join(", ")))
            })?),
        };
        let options = options(mask_values, max_errors, today, locations)?;
        let packs = packs(rules)?;
        let chosen = Profiles::parse(profile.as_deref())?;
        let needed: &[Version] = match &choice {
            Choice::Auto => &Version::ALL,
            Choice::Fixed(v) => std::slice::from_ref(v),
        };
        let check = chosen.check(|p| {
            let mut sets = RuleSets::with_options(options.clone()).with_packs(packs.clone());
            if let Some(p) = p {
                sets = sets.with_profile(p.clone());
            }
            for v in needed {
                if let Err(e) = sets.get(*v) {
                    // The profile's paths are checked against each version's schema as it
                    // compiles: the packs alone say whose error it is.
                    let packs_alone = RuleSets::with_options(options.clone()).with_packs(packs.clone());
                    return Err(match (p, packs_alone.get(*v)) {
                        (Some(_), Ok(_)) => errors::profile(e),
                        _ => errors::rule_pack(e),
                    });
                }
            }
            Ok(One::Builtin { sets: Box::new(sets), choice })
        })?;
        Ok(Validator { check, description: format!("builtin {version}{}", chosen.describe(profile.as_deref())) })
    }

    /// A schema set on disk, from its root XSD (includes and imports are read relative to it),
    /// with the same keyword arguments as ``Validator.builtin``. Reports name the root path
    /// as given as their ``version``.
    ///
    /// Raises ``SchemaError`` for a schema set that cannot be read or compiled (naming the
    /// file and what is wrong), ``RulePackError``, ``ProfileError`` (also for a profile path
    /// the schema set does not have) and ``OptionError`` as ``builtin`` does.
    #[staticmethod]
    #[pyo3(signature = (path, *, rules = None, profile = None, mask_values = false, max_errors = 100, today = None, locations = false))]
    fn from_xsd(
        path: PathBuf,
        rules: Option<&Bound<'_, PyAny>>,
        profile: Option<PathBuf>,
        mask_values: bool,
        max_errors: i64,
        today: Option<&Bound<'_, PyAny>>,
        locations: bool,
    ) -> PyResult<Validator> {
        let options = options(mask_values, max_errors, today, locations)?;
        let packs = packs(rules)?;
        let chosen = Profiles::parse(profile.as_deref())?;
        let validator = wcodm::Validator::from_xsd_path(&path).map_err(errors::schema)?;
        let label = path.to_string_lossy().into_owned();
        let check = chosen.check(|p| schema_check(&validator, &packs, &options, p, &label))?;
        Ok(Validator { description: format!("xsd {label}{}", chosen.describe(profile.as_deref())), check })
    }

    /// A schema set held in memory: ``files`` maps each document's name to its text (``str``
    /// or UTF-8 ``bytes``), and ``schemaLocation``s resolve against the including document's
    /// name like relative paths (``customs/root.xsd`` including ``../common/types.xsd`` reads
    /// ``common/types.xsd``); ``root`` names the one to start from. Reports give ``label`` as
    /// their ``version`` (default: ``root``). The other keyword arguments and the errors are
    /// those of ``from_xsd``.
    #[staticmethod]
    #[pyo3(signature = (root, files, *, label = None, rules = None, profile = None, mask_values = false, max_errors = 100, today = None, locations = false))]
    #[allow(clippy::too_many_arguments)]
    fn from_xsd_files(
        root: &str,
        files: &Bound<'_, pyo3::types::PyDict>,
        label: Option<String>,
        rules: Option<&Bound<'_, PyAny>>,
        profile: Option<PathBuf>,
        mask_values: bool,
        max_errors: i64,
        today: Option<&Bound<'_, PyAny>>,
        locations: bool,
    ) -> PyResult<Validator> {
        let options = options(mask_values, max_errors, today, locations)?;
        let packs = packs(rules)?;
        let mut docs = Vec::with_capacity(files.len());
        for (name, text) in files.iter() {
            let name: String = name.extract()?;
            let text = match text.cast::<PyBytes>() {
                Ok(b) => String::from_utf8(b.as_bytes().to_vec())
                    .map_err(|e| errors::schema(wcodm::Error::Schema { file: name.clone(), message: e.to_string() }))?,
                Err(_) => text.extract::<String>()?,
            };
            docs.push((name, text));
        }
        let chosen = Profiles::parse(profile.as_deref())?;
        let validator = wcodm::Validator::from_xsd_files(root, docs).map_err(errors::schema)?;
        let label = label.unwrap_or_else(|| root.to_string());
        let check = chosen.check(|p| schema_check(&validator, &packs, &options, p, &label))?;
        Ok(Validator { description: format!("xsd {label}{}", chosen.describe(profile.as_deref())), check })
    }

    /// Validate one message held in memory (``bytes``, or a ``bytearray`` which is copied).
    fn validate(&self, py: Python<'_>, xml: &Bound<'_, PyAny>) -> PyResult<Report> {
        let (version, report) = if let Ok(b) = xml.cast::<PyBytes>() {
            let bytes = b.as_bytes();
            py.detach(|| self.check.bytes(bytes))
        } else if let Ok(b) = xml.cast::<PyByteArray>() {
            let bytes = b.to_vec();
            py.detach(|| self.check.bytes(&bytes))
        } else {
            return Err(PyTypeError::new_err("validate takes the message as bytes; for a file use validate_file"));
        };
        Report::new(py, version, report)
    }

    /// Validate one file, streamed in windows of at most a megabyte whatever its size.
    ///
    /// Raises ``FileNotFoundError``, ``IsADirectoryError`` or another ``OSError`` when the file
    /// cannot be opened; a read error later is a diagnostic (code ``io``).
    fn validate_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<Report> {
        let (version, report) = py.detach(|| self.check.file(&path)).map_err(|e| os_error(&path, &e))?;
        Report::new(py, version, report)
    }

    /// Validate a batch on ``threads`` threads (default: every core, as the CLI), returning
    /// the reports in input order.
    ///
    /// Each item is a message as ``bytes`` (or ``bytearray``) or a path (``str`` or
    /// ``os.PathLike``) of a file, which is streamed. A file that cannot be read gets a report
    /// with an ``io`` diagnostic and no version, as in the CLI, and the batch goes on. The GIL
    /// is released while the batch runs; each thread takes the next item, and no more threads
    /// than items are started.
    #[pyo3(signature = (items, *, threads = None))]
    fn validate_many(&self, py: Python<'_>, items: &Bound<'_, PyAny>, threads: Option<usize>) -> PyResult<Vec<Report>> {
        let verdicts = self.batch(py, items, threads)?;
        verdicts.into_iter().map(|(version, report)| Report::new(py, version, report)).collect()
    }

    /// Validate a batch as ``validate_many`` does and return a table, one row per diagnostic
    /// and one for each message without any, as a dict of equal-length column lists: ``file``
    /// (from ``files``), ``valid``, ``version``, ``category``, ``truncated``, then the diagnostic's
    /// ``code``, ``rule``, ``severity``, ``message``, ``path``, ``line``, ``column``,
    /// ``wco_id``, ``wco_pointer``, ``national_code``, ``location``, ``wco_names`` (``None`` on
    /// a row without diagnostic).
    /// ``wcodm.spark`` builds its DataFrames from these columns.
    #[pyo3(signature = (items, files, *, threads = 1))]
    fn validate_rows<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        files: Vec<Bound<'py, PyString>>,
        threads: usize,
    ) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let verdicts = self.batch(py, items, Some(threads))?;
        if verdicts.len() != files.len() {
            return Err(errors::option(format!("{} items but {} file names", verdicts.len(), files.len())));
        }
        rows::columns(py, &files, verdicts)
    }

    fn __repr__(&self) -> String {
        format!("<Validator {}>", self.description)
    }
}
