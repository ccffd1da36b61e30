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
    /// The file the pack was read from ([`RulePack::from_path`]), named in its errors; not
    /// part of the JSON.
    #[serde(skip)]
    pub file: Option<std::path::PathBuf>,
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
    /// Read a pack from JSON text. What is wrong is said in the pack's terms, with the rule
    /// and the line and column at fault ([`Error::RulePack`](crate::Error::RulePack)).
    pub fn from_json(text: &str) -> Result<RulePack, crate::Error> {
        Self::parse(text).map_err(|f| f.into_error("(JSON text)".into(), None))
    }

    /// Read a pack from a file (errors name it; see [`RulePack::from_json`]).
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<RulePack, crate::Error> {
        let p = path.as_ref();
        let text = std::fs::read_to_string(p).map_err(|source| crate::Error::RulePackIo { path: p.into(), source })?;
        let mut pack = Self::parse(&text).map_err(|f| f.into_error(p.display().to_string(), Some(p.into())))?;
        pack.file = Some(p.into());
        Ok(pack)
    }

    /// The pack in `text`, or what is wrong with it.
    fn parse(text: &str) -> Result<RulePack, JsonFault> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| JsonFault::of(&e, None))?;
        if !value.is_object() {
            return Err(JsonFault {
                rule: None,
                line: Some(1),
                column: None,
                message: format!(
                    "a rule pack is an object with a name and rules ({{\"name\": ..., \"rules\": [...]}}), not {}",
                    kind_of(&value)
                ),
            });
        }
        serde_json::from_str(text).map_err(|e| {
            // The rule at fault: the first that does not read on its own.
            let rule = value.get("rules").and_then(|r| r.as_array()).and_then(|rules| {
                rules.iter().enumerate().find_map(|(i, r)| {
                    Rule::deserialize(r).is_err().then(|| match r.get("id").and_then(|id| id.as_str()) {
                        Some(id) => id.to_string(),
                        None => format!("#{} (no id)", i + 1),
                    })
                })
            });
            JsonFault::of(&e, rule)
        })
    }
}

/// What is wrong with a JSON file of rule-pack data, and where.
#[derive(Debug)]
pub(crate) struct JsonFault {
    pub rule: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl JsonFault {
    /// serde's error in the pack's terms.
    pub fn of(e: &serde_json::Error, rule: Option<String>) -> JsonFault {
        let full = e.to_string();
        let said = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
        let message = match e.classify() {
            serde_json::error::Category::Eof => format!("not JSON: {}", pack_terms(said)),
            serde_json::error::Category::Syntax => format!("not JSON: {said}"),
            _ => pack_terms(said),
        };
        let known = e.line() > 0;
        JsonFault {
            rule,
            line: known.then_some(e.line() as u32),
            column: (known && e.column() > 0).then_some(e.column() as u32),
            message,
        }
    }

    /// The error of a pack named `pack` (read from `file`).
    pub fn into_error(self, pack: String, file: Option<std::path::PathBuf>) -> crate::Error {
        crate::Error::RulePack {
            pack,
            file,
            rule: self.rule,
            line: self.line,
            column: self.column,
            message: self.message,
        }
    }
}

/// What a JSON value is, in words.
fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// serde's message in the words of a pack's author (README "Rule packs"): `missing field `kind``
/// is "\"kind\" is missing", `invalid type: sequence, expected struct Rule` is "a list where a
/// rule (an object with ...) is expected".
pub(crate) fn pack_terms(said: &str) -> String {
    let quoted = |s: &str| s.replace('`', "\"");
    if let Some(field) = said.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        return match field {
            "kind" => "the check has no \"kind\" (count-equals, presence, ...: README \"Business rules\")".into(),
            // The parameters whose values are a fixed few say them.
            "mode" => "\"mode\" is missing (\"required\" or \"forbidden\")".into(),
            "op" => "\"op\" is missing (\"<\", \"<=\", \"=\", \">=\" or \">\")".into(),
            f => format!("\"{f}\" is missing"),
        };
    }
    if said.starts_with("EOF while parsing") {
        return "the text ends before the JSON does".into();
    }
    for (serde, ours) in [("unknown field `", "unknown field"), ("unknown variant `", "unknown kind")] {
        if let Some(rest) = said.strip_prefix(serde) {
            let (name, known) = rest.split_once("`, expected ").unwrap_or((rest.trim_end_matches('`'), ""));
            let known = known.strip_prefix("one of ").unwrap_or(known);
            return match known {
                "" | "there are no fields" => format!("{ours} \"{name}\""),
                k => format!("{ours} \"{name}\" (known: {})", quoted(k)),
            };
        }
    }
    if let Some((found, expected)) = said.strip_prefix("invalid type: ").and_then(|r| r.split_once(", expected ")) {
        return format!("{} where {} is expected", value_words(found), expected_words(expected));
    }
    quoted(said)
}

/// serde's name of a value found (`sequence`, `string "x"`, `integer `5``) in a pack's words.
fn value_words(found: &str) -> String {
    match found {
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        "null" | "unit value" => "null".into(),
        _ => match found.split_once(' ') {
            Some(("string", s)) => format!("the text {s}"),
            Some(("integer" | "floating", n)) => {
                format!("the number {}", n.trim_start_matches("point ").replace('`', ""))
            }
            Some(("boolean", b)) => b.replace('`', ""),
            _ => found.replace('`', "\""),
        },
    }
}

/// serde's name of what was expected (`struct Rule`, `a sequence`) in a pack's words.
fn expected_words(expected: &str) -> String {
    const PARTS: &[(&str, &str)] = &[
        ("struct RulePack", "a rule pack (an object with name and rules)"),
        ("struct Rule", "a rule (an object with id, message, scope, check and source)"),
        ("struct Category", "a category (an object with name, scope and when)"),
        ("struct Condition", "a condition (an object with a field, or all, any or not)"),
        ("struct Spec", "a profile (an object with name, title, root and item)"),
        ("internally tagged enum Check", "a check (an object with a kind)"),
        ("a sequence", "a list"),
        ("a map", "an object"),
    ];
    PARTS.iter().find(|(s, _)| *s == expected).map_or_else(|| expected.replace('`', "\""), |(_, o)| o.to_string())
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
            file: None,
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
