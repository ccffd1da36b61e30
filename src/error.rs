//! Errors that stop a rule set from being built (a schema that cannot be read or honoured).
//!
//! Problems found in a *message* are never errors: they are [`Diagnostic`](crate::Diagnostic)s in
//! a [`Report`](crate::Report).

use std::path::PathBuf;

/// A rule set could not be built. Each variant says which file and what went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A schema file could not be read.
    #[error("cannot read schema file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A schema document is not well-formed XML.
    #[error("schema {file} is not well-formed at line {line}: {message}")]
    SchemaXml {
        /// The schema document.
        file: String,
        /// 1-based line.
        line: u32,
        /// What the parser said.
        message: String,
    },
    /// A schema is well-formed but wrong or uses something wcodm cannot honour.
    #[error("schema {file}: {message}")]
    Schema {
        /// The schema document (or component) at fault.
        file: String,
        /// What is wrong, naming the component.
        message: String,
    },
    /// A rule pack file could not be read.
    #[error("cannot read rule pack {path}: {source}")]
    RulePackIo {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A rule pack is not a rule pack (not JSON, or not of the pack's shape), or one of its
    /// rules cannot be compiled. The fields say where: the file, the rule, the line and column
    /// in the pack's text, when each is known.
    #[error("rule pack {pack}{}: {}{message}", at(*line, *column), rule.as_ref().map(|r| format!("rule {r}: ")).unwrap_or_default())]
    RulePack {
        /// The pack as messages name it: its file, or its name when it was given as JSON text
        /// or is built in.
        pack: String,
        /// The file the pack was read from, when it was read from one.
        file: Option<PathBuf>,
        /// The id of the rule at fault, when one is.
        rule: Option<String>,
        /// The 1-based line of the fault in the pack's text, when known.
        line: Option<u32>,
        /// The 1-based column of the fault on that line, when known.
        column: Option<u32>,
        /// What is wrong, in the pack's terms.
        message: String,
    },
    /// A built-in rule-set table could not be read.
    #[error("{0}")]
    RuleSet(String),
    /// A rule names a path that no element (or attribute) of the schema it runs with can
    /// match: a misspelt path would otherwise never fire, or report "missing" on every message.
    #[error("{}{rule}: '{path}': {message}", pack.as_ref().map(|p| format!("rule pack {p}: ")).unwrap_or_default())]
    UnknownPath {
        /// The pack that names it: its file when it was read from one, else its name.
        pack: Option<String>,
        /// The rule (`rule WCO-R001`) or category (`category H1`) that names it.
        rule: String,
        /// The path as the rule writes it.
        path: String,
        /// What is wrong, with the closest real path.
        message: String,
    },
    /// A national profile serves messages with other root elements than any the schema it
    /// runs with declares (`uk-ics1`, for `CC315A` and `CC313A`, with a WCO Data Model
    /// schema): its rules could never apply.
    #[error(
        "profile {profile} is for messages whose root is {}, and the schema in use declares {}: validate those messages with their schema{}",
        roots.join(" or "),
        if roots.len() == 1 { "no such element" } else { "none of them" },
        schemas.first().map(|s| format!(" (e.g. {s})")).unwrap_or_default()
    )]
    ProfileRoots {
        /// The profile, by name.
        profile: String,
        /// The root elements of the messages it serves.
        roots: Vec<String>,
        /// The schema documents it is meant to run with, as its `profile.json` names them.
        schemas: Vec<String>,
    },
}

/// `:line:column` (or `:line`) when the line is known.
fn at(line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl Error {
    /// A rule pack error without a position.
    pub(crate) fn rule_pack(pack: &crate::rules::RulePack, rule: Option<&str>, message: impl Into<String>) -> Self {
        Error::RulePack {
            pack: pack.file.as_ref().map_or_else(|| pack.name.clone(), |f| f.display().to_string()),
            file: pack.file.clone(),
            rule: rule.map(str::to_string),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// The same error again (an error kept with a rule set is given to each caller; an I/O
    /// error keeps its kind and text).
    pub(crate) fn duplicate(&self) -> Error {
        let io = |e: &std::io::Error| std::io::Error::new(e.kind(), e.to_string());
        match self {
            Error::Io { path, source } => Error::Io { path: path.clone(), source: io(source) },
            Error::SchemaXml { file, line, message } => {
                Error::SchemaXml { file: file.clone(), line: *line, message: message.clone() }
            }
            Error::Schema { file, message } => Error::Schema { file: file.clone(), message: message.clone() },
            Error::RulePackIo { path, source } => Error::RulePackIo { path: path.clone(), source: io(source) },
            Error::RulePack { pack, file, rule, line, column, message } => Error::RulePack {
                pack: pack.clone(),
                file: file.clone(),
                rule: rule.clone(),
                line: *line,
                column: *column,
                message: message.clone(),
            },
            Error::RuleSet(m) => Error::RuleSet(m.clone()),
            Error::UnknownPath { pack, rule, path, message } => Error::UnknownPath {
                pack: pack.clone(),
                rule: rule.clone(),
                path: path.clone(),
                message: message.clone(),
            },
            Error::ProfileRoots { profile, roots, schemas } => {
                Error::ProfileRoots { profile: profile.clone(), roots: roots.clone(), schemas: schemas.clone() }
            }
        }
    }

    pub(crate) fn schema(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Schema { file: file.into(), message: message.into() }
    }
}
