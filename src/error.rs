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
    /// rules cannot be compiled.
    #[error("rule pack {pack}: {message}")]
    RulePack {
        /// The pack: its file, or its name when it was given as JSON text or is built in.
        pack: String,
        /// The id of the rule at fault, when one is.
        rule: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A built-in rule-set table could not be read.
    #[error("{0}")]
    RuleSet(String),
    /// A rule names a path that no element (or attribute) of the schema it runs with can
    /// match: a misspelt path would otherwise never fire, or report "missing" on every message.
    #[error("{rule}: '{path}': {message}")]
    UnknownPath {
        /// The rule (`rule WCO-R001`) or category (`category H1`) that names it.
        rule: String,
        /// The path as the rule writes it.
        path: String,
        /// What is wrong, with the closest real path.
        message: String,
    },
}

impl Error {
    pub(crate) fn rule_pack(pack: &str, rule: Option<&str>, message: impl Into<String>) -> Self {
        Error::RulePack { pack: pack.into(), rule: rule.map(str::to_string), message: message.into() }
    }

    pub(crate) fn schema(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Schema { file: file.into(), message: message.into() }
    }
}
