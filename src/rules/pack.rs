//! Rule packs as data: the JSON format, read with serde.

use super::kinds::Check;
use serde::{Deserialize, Serialize};

/// A set of business rules, loaded from JSON (built-in per version, or a national pack).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    /// The pack's name, e.g. `wco-3.6-core`.
    pub name: String,
    /// What the pack is and where its rules come from.
    #[serde(default)]
    pub description: String,
    /// The rules.
    pub rules: Vec<Rule>,
}

/// One business rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. `WCO-R001`.
    pub id: String,
    /// `error` or `warning`.
    #[serde(default = "error")]
    pub severity: String,
    /// What must hold, in words a declarant understands.
    pub message: String,
    /// The class path the rule applies to, from `Declaration`
    /// (`Declaration/GoodsShipment/GovernmentAgencyGoodsItem`).
    pub scope: String,
    /// The check and its parameters (paths relative to the scope; `X/@attr` for an attribute).
    pub check: Check,
    /// The WCO IDs involved.
    #[serde(default)]
    pub wco_ids: Vec<String>,
    /// Where the rule comes from (a public source).
    pub source: String,
    /// The code a national customs system reports for it (e.g. `CDS11003`).
    #[serde(default)]
    pub national_code: Option<String>,
}

fn error() -> String {
    "error".into()
}

impl RulePack {
    /// Read a pack from JSON text.
    pub fn from_json(text: &str) -> Result<RulePack, crate::Error> {
        serde_json::from_str(text).map_err(|e| crate::Error::RuleSet(format!("rule pack: {e}")))
    }

    /// Read a pack from a file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<RulePack, crate::Error> {
        let p = path.as_ref();
        let text = std::fs::read_to_string(p).map_err(|source| crate::Error::Io { path: p.into(), source })?;
        Self::from_json(&text).map_err(|e| crate::Error::RuleSet(format!("{}: {e}", p.display())))
    }
}
