//! A business rule's pass and fail examples, checked by running them through the rule: the rules
//! layer writes the fragments (`rules::explain`), a validator with no schema and only that rule
//! runs them. This module sits above both, so the rules layer never builds a validator.

use crate::rules::{Day, Rule, RulePack};
use crate::{Error, Options, Validator};

pub use crate::rules::explain::EXAMPLE_DAY;

/// A generated example and what the rule said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The XML fragment.
    pub xml: String,
    /// Whether the rule is expected to hold on it.
    pub should_pass: bool,
    /// Whether it actually did (running the rule on the fragment).
    pub passed: bool,
}

/// The rule's pass and fail examples, each run through the rule (date rules as of
/// [`EXAMPLE_DAY`]).
pub fn examples(rule: &Rule) -> Result<Vec<Example>, Error> {
    examples_in(rule, &[])
}

/// [`examples`] for a rule whose condition names declaration categories (a profile's): the
/// fragments make the first category it names hold.
pub fn examples_in(rule: &Rule, categories: &[crate::rules::Category]) -> Result<Vec<Example>, Error> {
    let pack = RulePack {
        name: "explain".into(),
        description: String::new(),
        categories: categories.to_vec(),
        rules: vec![rule.clone()],
        file: None,
    };
    let options = Options { today: Day::parse(EXAMPLE_DAY), ..Options::default() };
    let v = Validator::from_xsd_files(
        "none.xsd",
        [("none.xsd".to_string(), "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>".to_string())],
    )?
    .with_options(options)
    .add_rules(&[pack], false)?;
    let mut out = Vec::new();
    for (xml, should_pass) in crate::rules::explain::fragments(rule, categories) {
        let report = v.validate(xml.as_bytes());
        let passed = !report.diagnostics.iter().any(|d| d.rule.as_deref() == Some(rule.id.as_str()));
        out.push(Example { xml, should_pass, passed });
    }
    Ok(out)
}
