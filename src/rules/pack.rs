//! Rule packs as data: the JSON format, read with serde.

use super::Condition;
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
    /// Declaration categories the pack derives from the message (tried in order, the first
    /// whose condition holds is the message's); rules name them with `{"category": [..]}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// The rules.
    pub rules: Vec<Rule>,
}

/// A declaration category (`H1`, `B1`, ...) and how it is derived from the message.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Its name, e.g. `H1`.
    pub name: String,
    /// What it is, e.g. `import: release for free circulation`.
    #[serde(default)]
    pub title: String,
    /// The root element its condition's fields are read from (`Declaration`).
    pub scope: String,
    /// When a message is of this category (unless an earlier category matched).
    pub when: Condition,
    /// Where the derivation comes from.
    #[serde(default)]
    pub source: String,
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
    /// The class path the rule applies to, from the message's root element
    /// (`Declaration/GoodsShipment/GovernmentAgencyGoodsItem`, `CC315A/GOOITEGDS`).
    pub scope: String,
    /// The check and its parameters (paths relative to the scope; `X/@attr` for an attribute).
    pub check: Check,
    /// Apply the rule only to scope elements where this condition holds (required-if,
    /// forbidden-if, original declarations only, imports only, ...): see [`Condition`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
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
        Self::parse(text).map_err(|m| crate::Error::rule_pack("(JSON text)", None, m))
    }

    /// What is wrong with a pack's text, in pack terms where the shape is wrong.
    fn parse(text: &str) -> Result<RulePack, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        if !value.is_object() {
            return Err("a rule pack is a JSON object with a name and rules ({\"name\": ..., \"rules\": [...]})".into());
        }
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// Read a pack from a file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<RulePack, crate::Error> {
        let p = path.as_ref();
        let text = std::fs::read_to_string(p).map_err(|source| crate::Error::RulePackIo { path: p.into(), source })?;
        Self::parse(&text).map_err(|m| crate::Error::rule_pack(&p.display().to_string(), None, m))
    }
}

/// How a version's pack differs from the pack of the version it is based on: rules removed,
/// replaced or added, each with the reason (`schemas/<version>/rules-changes.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackChanges {
    /// What the changes are for.
    #[serde(default)]
    pub description: String,
    /// Rules dropped (by id).
    #[serde(default)]
    pub remove: Vec<Removal>,
    /// Rules whose definition changes (matched by id) or that are new.
    #[serde(default)]
    pub replace: Vec<Replacement>,
}

/// A rule dropped from the base pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    /// The rule's id.
    pub id: String,
    /// Why.
    pub why: String,
}

/// A rule of the base pack redefined, or a new rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// Why.
    pub why: String,
    /// The rule as it stands in the new version.
    pub rule: Rule,
}

impl RulePack {
    /// This pack with `changes` applied, under a new name. Removing or replacing a rule the
    /// pack does not have is an error (a stale change list), as is a change without a reason.
    pub fn with_changes(&self, name: &str, changes: &PackChanges) -> Result<RulePack, crate::Error> {
        let err = |m: String| crate::Error::RuleSet(format!("{name} rule changes: {m}"));
        let mut pack = RulePack {
            name: name.into(),
            description: self.description.clone(),
            categories: self.categories.clone(),
            rules: self.rules.clone(),
        };
        for r in &changes.remove {
            let before = pack.rules.len();
            pack.rules.retain(|x| x.id != r.id);
            if pack.rules.len() == before || r.why.trim().is_empty() {
                return Err(err(format!("remove {}: no such rule, or no reason given", r.id)));
            }
        }
        for r in &changes.replace {
            if r.why.trim().is_empty() {
                return Err(err(format!("replace {}: no reason given", r.rule.id)));
            }
            match pack.rules.iter_mut().find(|x| x.id == r.rule.id) {
                Some(x) => *x = r.rule.clone(),
                None => pack.rules.push(r.rule.clone()),
            }
        }
        Ok(pack)
    }
}
