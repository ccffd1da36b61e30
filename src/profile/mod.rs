//! National profiles: what a customs administration requires beyond the WCO model, as data it
//! can write for its own country (a folder: `profile.json`, tables and lists).
//!
//! A profile says how the declaration category is derived from the message (DE 1/1 + 1/2 from
//! the declaration type, DE 1/10 procedure code, ...), which data elements each category
//! requires, allows or forbids (its requirement tables, at header or item level, with notes
//! written as conditions), and its national formats and code lists (rule packs). It compiles
//! into one [`RulePack`]: categories and rules in the common rule language, so the profile runs
//! in the same streaming pass as the schema and the built-in rules.
//!
//! Built-in profiles live in `schemas/profiles/<name>/` and are embedded in the library;
//! [`Profile::load`] reads any other folder of the same shape.

mod requirements;

use crate::rules::{Category, Condition, RulePack};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// A national profile, as read from its folder.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Its name, e.g. `uk-cds`.
    pub name: String,
    /// What it is, in a line.
    pub title: String,
    /// The MetaData `ResponsibleCountryCode` it serves (for `--profile auto`).
    pub country: String,
    /// The MetaData `ResponsibleAgencyName`s it serves (any, when empty).
    pub agencies: Vec<String>,
    /// The root elements (local names) of the messages it serves without a MetaData envelope
    /// (`uk-ics1`: `CC315A`, `CC313A`): `--profile auto` picks the first built-in profile
    /// serving a message's root, and a schema declaring none of them is refused
    /// ([`Error::ProfileRoots`](crate::Error::ProfileRoots)). Empty: any root.
    pub roots: Vec<String>,
    /// The schema documents its messages are validated with (`CC315A-v11-2.xsd`), named when
    /// it is used with a schema declaring none of its `roots`.
    pub schemas: Vec<String>,
    /// The profile compiled into one rule pack (categories and rules).
    pub pack: RulePack,
    /// Requirement rows not turned into rules, each with why (a note whose text is unknown, a
    /// data element without a path).
    pub not_enforced: Vec<String>,
    /// Diagnostics carry a [`location`](crate::Diagnostic::location), the way the rule engine
    /// the profile replaces reports them (`"locations": "indexed"` in `profile.json`).
    pub locations: bool,
    /// The national data elements its table names (`data_elements` in `profile.json`), with
    /// where the message holds them. A `missing-element` diagnostic names a missing element by
    /// them: `FunctionalReferenceID (LRN, DE 2/5; WCO D026) is missing before TypeCode`.
    pub data_elements: Vec<DataElement>,
}

/// A national data element: its number and name, and where the message holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DataElement {
    /// The national number, e.g. `2/5` (the UK Tariff's DE 2/5).
    pub number: String,
    /// The national name, e.g. `LRN`.
    pub name: String,
    /// The WCO ID of the element that holds it, e.g. `D026`.
    pub wco_id: String,
    /// The element's paths from the message's root element, one per level it is declared at,
    /// e.g. `Declaration/FunctionalReferenceID`.
    pub paths: Vec<String>,
}

/// `profile.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    name: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    agencies: Vec<String>,
    /// Root elements of the messages served without an envelope.
    #[serde(default)]
    roots: Vec<String>,
    /// The schema documents those messages are validated with.
    #[serde(default)]
    schemas: Vec<String>,
    /// The header scope (the message's root element, `Declaration`).
    root: String,
    /// The goods item scope.
    item: String,
    /// National codes of the requirement rules.
    #[serde(default)]
    codes: Codes,
    /// How a violation names what the category was derived from (may show values:
    /// `{/Declaration/TypeCode}`).
    #[serde(default)]
    basis: String,
    #[serde(default)]
    categories: Vec<Category>,
    /// Data elements: number, name, WCO ID and paths (TSV).
    #[serde(default)]
    data_elements: Option<String>,
    /// Requirement tables, one per category.
    #[serde(default)]
    data_sets: Vec<requirements::DataSet>,
    /// Reading notes: id -> text and, where it is known, the condition it states.
    #[serde(default)]
    notes: BTreeMap<String, requirements::Note>,
    /// Requirement rows CDS's accepted samples disagree with (TSV): warnings, not errors.
    #[serde(default)]
    exceptions: Option<String>,
    /// Data elements the tables require that are optional in some declarations.
    #[serde(default)]
    relaxations: Vec<requirements::Relaxation>,
    /// Rule packs (national formats, code lists).
    #[serde(default)]
    packs: Vec<String>,
    /// Code lists the packs name as `@name` in `values`, `in` or `not_in` (TSV).
    #[serde(default)]
    lists: BTreeMap<String, String>,
    /// `"indexed"`: diagnostics carry locations (every step indexed, names as written).
    #[serde(default)]
    locations: Option<String>,
}

/// The national codes of requirement rules.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Codes {
    #[serde(default)]
    missing: Option<String>,
    #[serde(default)]
    not_allowed: Option<String>,
}

/// The built-in profiles: name and files (path in the folder, text).
const BUILTIN: &[(&str, &[(&str, &str)])] = &[
    (
        "uk-cds",
        &[
            ("profile.json", include_str!("../../schemas/profiles/uk-cds/profile.json")),
            ("data-elements.tsv", include_str!("../../schemas/profiles/uk-cds/data-elements.tsv")),
            ("exceptions.tsv", include_str!("../../schemas/profiles/uk-cds/exceptions.tsv")),
            ("formats.json", include_str!("../../schemas/profiles/uk-cds/formats.json")),
            ("procedure-links.json", include_str!("../../schemas/profiles/uk-cds/procedure-links.json")),
            ("data-sets/H1.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/H1.tsv")),
            ("data-sets/H2.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/H2.tsv")),
            ("data-sets/H7.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/H7.tsv")),
            ("data-sets/I1-CF.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/I1-CF.tsv")),
            ("data-sets/I1-BE.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/I1-BE.tsv")),
            ("data-sets/B1.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/B1.tsv")),
            ("data-sets/B2.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/B2.tsv")),
            ("data-sets/C1-CF.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/C1-CF.tsv")),
            ("data-sets/C1-BE.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/C1-BE.tsv")),
            ("data-sets/C21i.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/C21i.tsv")),
            ("data-sets/FSD.tsv", include_str!("../../schemas/profiles/uk-cds/data-sets/FSD.tsv")),
            ("lists/procedure-codes.tsv", include_str!("../../schemas/profiles/uk-cds/lists/procedure-codes.tsv")),
            (
                "lists/additional-procedure-codes.tsv",
                include_str!("../../schemas/profiles/uk-cds/lists/additional-procedure-codes.tsv"),
            ),
            ("lists/exit-offices.tsv", include_str!("../../schemas/profiles/uk-cds/lists/exit-offices.tsv")),
            ("lists/customs-offices.tsv", include_str!("../../schemas/profiles/uk-cds/lists/customs-offices.tsv")),
            ("lists/document-codes.tsv", include_str!("../../schemas/profiles/uk-cds/lists/document-codes.tsv")),
        ],
    ),
    (
        "uk-ics1",
        &[
            ("profile.json", include_str!("../../schemas/profiles/uk-ics1/profile.json")),
            ("rules.json", include_str!("../../schemas/profiles/uk-ics1/rules.json")),
        ],
    ),
    (
        "uk-ics1-new",
        &[
            ("profile.json", include_str!("../../schemas/profiles/uk-ics1-new/profile.json")),
            ("rules.json", include_str!("../../schemas/profiles/uk-ics1-new/rules.json")),
        ],
    ),
];

impl Profile {
    /// The names of the built-in profiles.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// A built-in profile by name (`uk-cds`, `uk-ics1`).
    pub fn builtin(name: &str) -> Result<Profile, crate::Error> {
        let Some((_, files)) = BUILTIN.iter().find(|(n, _)| *n == name) else {
            return Err(crate::Error::RuleSet(format!(
                "unknown profile '{name}' (built in: {}; or give a profile folder)",
                Self::builtin_names().join(", ")
            )));
        };
        Self::read(name, None, &mut |f| {
            files.iter().find(|(p, _)| *p == f).map(|(_, t)| t.to_string()).ok_or_else(|| format!("no file {f}"))
        })
    }

    /// A profile from a folder holding `profile.json` and the files it names.
    pub fn load(dir: impl AsRef<Path>) -> Result<Profile, crate::Error> {
        let dir = dir.as_ref();
        Self::read(&dir.display().to_string(), Some(dir), &mut |f| {
            let p = dir.join(f);
            std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        })
    }

    /// A built-in profile's name, or a folder.
    pub fn named(name_or_dir: &str) -> Result<Profile, crate::Error> {
        if BUILTIN.iter().any(|(n, _)| *n == name_or_dir) || !Path::new(name_or_dir).is_dir() {
            Self::builtin(name_or_dir)
        } else {
            Self::load(name_or_dir)
        }
    }

    /// The built-in profile serving a message: the one its MetaData envelope names
    /// (`ResponsibleCountryCode`, `ResponsibleAgencyName`), else the one serving its root
    /// element (`uk-ics1` for `CC315A` and `CC313A`), if one does.
    pub fn for_message(xml: &[u8]) -> Option<Profile> {
        Self::name_for_message(xml).and_then(|n| Self::builtin(n).ok())
    }

    /// The name of the built-in profile serving a message (see [`Profile::for_message`]).
    /// Cheap: who each built-in profile serves is read once per process, so `--profile auto`
    /// costs a look at the message's start, not a profile compile.
    pub fn name_for_message(xml: &[u8]) -> Option<&'static str> {
        type Serves = (&'static str, String, Vec<String>, Vec<String>);
        static SERVES: OnceLock<Vec<Serves>> = OnceLock::new();
        let serves = SERVES.get_or_init(|| {
            BUILTIN
                .iter()
                .filter_map(|(n, _)| Self::builtin(n).ok().map(|p| (*n, p.country, p.agencies, p.roots)))
                .collect()
        });
        if let Some((country, agency)) = envelope(xml) {
            return serves
                .iter()
                .find(|(_, c, agencies, _)| {
                    !c.is_empty()
                        && c.eq_ignore_ascii_case(&country)
                        && (agencies.is_empty() || agency.as_ref().is_none_or(|a| agencies.iter().any(|x| x == a)))
                })
                .map(|(n, ..)| *n);
        }
        let root = root_name(xml)?;
        serves.iter().find(|(.., roots)| roots.iter().any(|r| *r == root)).map(|(n, ..)| *n)
    }

    /// A profile from its files (`dir`: the folder they are read from, for errors).
    fn read(
        label: &str,
        dir: Option<&Path>,
        file: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<Profile, crate::Error> {
        let fail = |e: String| crate::Error::RuleSet(format!("profile {label}: {e}"));
        let spec: Spec = serde_json::from_str(&file("profile.json").map_err(fail)?).map_err(|e| {
            let f = crate::rules::JsonFault::of(&e, None);
            let at = f.line.map(|l| format!(":{l}:{}", f.column.unwrap_or(1))).unwrap_or_default();
            fail(format!("profile.json{at}: {}", f.message))
        })?;
        let locations = match spec.locations.as_deref() {
            None => false,
            Some("indexed") => true,
            Some(other) => {
                return Err(fail(format!(
                    "profile.json: locations '{other}' is not known (the one style is \"indexed\")"
                )));
            }
        };
        let mut lists = BTreeMap::new();
        for (name, path) in &spec.lists {
            let text = file(path).map_err(fail)?;
            lists.insert(name.clone(), read_list(&text));
        }
        let mut pack = RulePack {
            name: spec.name.clone(),
            description: spec.description.clone(),
            categories: spec.categories.clone(),
            rules: Vec::new(),
            file: None,
        };
        let mut not_enforced = Vec::new();
        let mut data_elements = Vec::new();
        if let Some(des) = &spec.data_elements {
            let elements =
                requirements::read_elements(&file(des).map_err(fail)?).map_err(|e| fail(format!("{des}: {e}")))?;
            data_elements = elements
                .iter()
                .map(|e| DataElement {
                    number: e.de.clone(),
                    name: e.name.clone(),
                    wco_id: e.wco_id.clone(),
                    paths: [(&spec.root, &e.header), (&spec.item, &e.item)]
                        .into_iter()
                        .filter_map(|(scope, p)| Some(format!("{scope}/{}", p.as_ref()?)))
                        .collect(),
                })
                .collect();
            let exceptions = match &spec.exceptions {
                Some(f) => {
                    requirements::read_exceptions(&file(f).map_err(fail)?).map_err(|e| fail(format!("{f}: {e}")))?
                }
                None => Vec::new(),
            };
            let tables = requirements::Tables {
                root: &spec.root,
                item: &spec.item,
                missing: spec.codes.missing.as_deref(),
                not_allowed: spec.codes.not_allowed.as_deref(),
                basis: &spec.basis,
                elements: &elements,
                notes: &spec.notes,
                exceptions: &exceptions,
                relaxations: &spec.relaxations,
            };
            for set in &spec.data_sets {
                let rows = requirements::read_rows(&file(&set.file).map_err(fail)?)
                    .map_err(|e| fail(format!("{}: {e}", set.file)))?;
                tables.compile(set, &rows, &mut pack.rules, &mut not_enforced).map_err(fail)?;
            }
            // An exception that names no rule (a misspelt id, a row since dropped) would turn
            // nothing into a warning, silently.
            if let (Some(f), Some(e)) =
                (&spec.exceptions, exceptions.iter().find(|e| !pack.rules.iter().any(|r| r.id == e.rule)))
            {
                return Err(fail(format!("{f}: rule {} is not a requirement rule of the profile", e.rule)));
            }
        }
        for p in &spec.packs {
            // A pack's error names the pack's file in the profile (and its rule and position).
            let mut extra = RulePack::from_json(&file(p).map_err(fail)?).map_err(|e| match e {
                crate::Error::RulePack { rule, line, column, message, .. } => crate::Error::RulePack {
                    pack: format!("{label}/{p}"),
                    file: dir.map(|d| d.join(p)),
                    rule,
                    line,
                    column,
                    message,
                },
                e => fail(format!("{p}: {e}")),
            })?;
            if let Some(d) = dir {
                extra.file = Some(d.join(p));
            }
            for rule in &mut extra.rules {
                expand_lists(rule, &lists).map_err(|e| fail(format!("{p}: rule {}: {e}", rule.id)))?;
            }
            pack.rules.extend(extra.rules);
        }
        Ok(Profile {
            name: spec.name,
            title: spec.title,
            country: spec.country,
            agencies: spec.agencies,
            roots: spec.roots,
            schemas: spec.schemas,
            pack,
            not_enforced,
            locations,
            data_elements,
        })
    }
}

/// A code list file: `code<TAB>description` lines after `#` comments (source, licence, date).
fn read_list(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // the column line
        .filter_map(|l| l.split('\t').next().map(|c| c.trim().to_string()))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Replace `@name` in a rule's `values` (and its condition's `in` / `not_in`) by the codes of
/// the profile's list `name`.
fn expand_lists(rule: &mut crate::rules::Rule, lists: &BTreeMap<String, Vec<String>>) -> Result<(), String> {
    let expand = |values: &mut Vec<String>| -> Result<(), String> {
        let mut out = Vec::new();
        for v in values.iter() {
            match v.strip_prefix('@') {
                Some(name) => {
                    out.extend(lists.get(name).ok_or_else(|| format!("unknown list '@{name}'"))?.iter().cloned())
                }
                None => out.push(v.clone()),
            }
        }
        *values = out;
        Ok(())
    };
    if let crate::rules::Check::ValueIn { values, .. } = &mut rule.check {
        expand(values)?;
    }
    fn walk(c: &mut Condition, f: &mut dyn FnMut(&mut Vec<String>) -> Result<(), String>) -> Result<(), String> {
        f(&mut c.is_in)?;
        f(&mut c.not_in)?;
        for p in c.all.iter_mut().chain(c.any.iter_mut()).chain(c.not.as_deref_mut()) {
            walk(p, f)?;
        }
        Ok(())
    }
    if let Some(w) = &mut rule.when {
        let mut e = expand;
        walk(w, &mut e)?;
    }
    Ok(())
}

/// `ResponsibleCountryCode` and `ResponsibleAgencyName` of a message's MetaData envelope,
/// read from its first 64 KiB.
fn envelope(xml: &[u8]) -> Option<(String, Option<String>)> {
    let head = String::from_utf8_lossy(&xml[..xml.len().min(1 << 16)]);
    let value = |name: &str| -> Option<String> {
        let at = head.find(&format!("{name}>"))?;
        let rest = &head[at + name.len() + 1..];
        Some(rest[..rest.find('<')?].trim().to_string())
    };
    Some((value("ResponsibleCountryCode")?, value("ResponsibleAgencyName")))
}

/// The local name of a message's root element: the first tag after the prolog (declaration,
/// comments, processing instructions, a document type), read from its first 64 KiB.
fn root_name(xml: &[u8]) -> Option<&str> {
    let head = &xml[..xml.len().min(1 << 16)];
    let mut at = 0;
    loop {
        at += memchr::memchr(b'<', &head[at..])?;
        let rest = &head[at + 1..];
        match rest.first()? {
            b'?' => at += 1 + memchr::memmem::find(rest, b"?>")?,
            b'!' if rest.starts_with(b"!--") => at += 1 + memchr::memmem::find(rest, b"-->")?,
            b'!' => at += 1 + memchr::memchr(b'>', rest)?,
            _ => {
                let end = rest.iter().position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))?;
                let name = std::str::from_utf8(&rest[..end]).ok()?;
                return Some(name.rsplit(':').next().unwrap_or(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_names_an_envelope_free_profile() {
        let ics = b"<?xml version=\"1.0\"?>\n<?xml-stylesheet href='x'?><!-- a <comment> --><ie:CC313A xmlns:ie=\"urn\"><HEAHEA/></ie:CC313A>";
        assert_eq!(root_name(ics), Some("CC313A"));
        assert_eq!(Profile::name_for_message(ics), Some("uk-ics1"));
        assert_eq!(Profile::name_for_message(b"<CC315A/>"), Some("uk-ics1"));
        assert_eq!(Profile::name_for_message(b"<Declaration><CC315A/></Declaration>"), None, "the root only");
        assert_eq!(root_name(b"<!-- unterminated"), None);
        assert_eq!(root_name(b""), None);
    }

    #[test]
    fn the_envelope_names_the_profile() {
        let xml = br#"<md:MetaData xmlns:md="x"><md:ResponsibleCountryCode>GB</md:ResponsibleCountryCode>
            <md:ResponsibleAgencyName>HMRC</md:ResponsibleAgencyName><Declaration/></md:MetaData>"#;
        assert_eq!(envelope(xml), Some(("GB".into(), Some("HMRC".into()))));
        assert_eq!(Profile::for_message(xml).map(|p| p.name), Some("uk-cds".into()));
        assert!(Profile::for_message(b"<Declaration/>").is_none());
        assert_eq!(Profile::name_for_message(xml), Some("uk-cds"));
        assert_eq!(Profile::name_for_message(b"<Declaration/>"), None);
        let fr = br#"<MetaData><ResponsibleCountryCode>FR</ResponsibleCountryCode></MetaData>"#;
        assert!(Profile::for_message(fr).is_none());
    }

    #[test]
    fn lists_expand_into_rules() {
        let lists = BTreeMap::from([("offices".to_string(), vec!["GB000060".to_string(), "GB000061".to_string()])]);
        let mut rule: crate::rules::Rule = serde_json::from_str(
            r#"{"id":"X","message":"m","scope":"Declaration","source":"s","check":{"kind":"value-in","field":"ExitOffice/ID","values":["@offices","GBXXX"]},
                "when":{"not":{"field":"TypeCode","in":["@offices"]}}}"#,
        )
        .unwrap();
        expand_lists(&mut rule, &lists).unwrap();
        assert!(matches!(&rule.check, crate::rules::Check::ValueIn { values, .. } if values.len() == 3));
        assert_eq!(rule.when.unwrap().not.unwrap().is_in.len(), 2);
        let mut bad = serde_json::from_str::<crate::rules::Rule>(
            r#"{"id":"X","message":"m","scope":"Declaration","source":"s","check":{"kind":"value-in","field":"A","values":["@nope"]}}"#,
        )
        .unwrap();
        assert!(expand_lists(&mut bad, &lists).unwrap_err().contains("@nope"));
        assert_eq!(read_list("# source\ncode\tname\nA\tone\n\nB\ttwo\n"), ["A", "B"]);
    }
}
