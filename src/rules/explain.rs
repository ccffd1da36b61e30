//! Pass and fail examples generated from a rule's own definition, and checked by running them
//! through the rule (so an example can never contradict the rule it illustrates).
//!
//! The examples are schematic fragments: just the elements the rule reads, nested under its
//! scope, each repeated value in its own chain of elements.

use super::{Check, Rule, RulePack};
use std::fmt::Write as _;

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

/// `(path relative to scope, value)`: a leaf to write; `X/@a` puts attribute `a` on `X`.
type Leaf = (String, String);

fn chain(path: &str, value: &str, out: &mut String) {
    let (elems, attr) = match path.rsplit_once("/@") {
        Some((p, a)) => (p, Some(a)),
        None => (path, None),
    };
    let names: Vec<&str> = elems.split('/').filter(|s| !s.is_empty()).collect();
    for (i, n) in names.iter().enumerate() {
        out.push('<');
        out.push_str(n);
        if i + 1 == names.len()
            && let Some(a) = attr
        {
            let _ = write!(out, " {a}=\"{value}\"");
        }
        out.push('>');
    }
    if attr.is_none() {
        out.push_str(value);
    }
    for n in names.iter().rev() {
        let _ = write!(out, "</{n}>");
    }
}

fn fragment(scope: &str, leaves: &[Leaf]) -> String {
    let steps: Vec<&str> = scope.split('/').collect();
    let mut out = String::new();
    for s in &steps {
        let _ = write!(out, "<{s}>");
    }
    for (p, v) in leaves {
        chain(p, v, &mut out);
    }
    for s in steps.iter().rev() {
        let _ = write!(out, "</{s}>");
    }
    out
}

fn leaf(p: &str, v: &str) -> Leaf {
    (p.to_string(), v.to_string())
}

/// Values (left, right) for which `op` holds, and for which it does not.
fn compare_values(op: &str) -> ((&'static str, &'static str), (&'static str, &'static str)) {
    match op {
        "<" => (("5", "10"), ("10", "10")),
        "<=" => (("10", "10"), ("10.5", "10")),
        "=" => (("10", "10.0"), ("10", "11")),
        ">=" => (("10", "10"), ("9.5", "10")),
        _ => (("10", "5"), ("10", "10")),
    }
}

/// Pass and fail leaves for a check.
fn leaves(check: &Check) -> (Vec<Leaf>, Vec<Leaf>) {
    match check {
        Check::CountEquals { value, count } => {
            let items = vec![leaf(count, ""), leaf(count, "")];
            let mut pass = vec![leaf(value, "2")];
            pass.extend(items.clone());
            let mut fail = vec![leaf(value, "3")];
            fail.extend(items);
            (pass, fail)
        }
        Check::Sequence { field } => {
            (vec![leaf(field, "1"), leaf(field, "2")], vec![leaf(field, "1"), leaf(field, "3")])
        }
        Check::Compare { left, op, right } => {
            let ((a, b), (c, d)) = compare_values(op);
            (vec![leaf(left, a), leaf(right, b)], vec![leaf(left, c), leaf(right, d)])
        }
        Check::Sum { total, op, items } => {
            let ((a, _), (c, _)) = compare_values(op);
            let sum = |t: &str| vec![leaf(total, t), leaf(items, "4"), leaf(items, "6")];
            (sum(a), sum(c))
        }
        Check::Presence { field, mode, when, values } => {
            let cond: Vec<Leaf> = when.iter().map(|w| leaf(w, values.first().map_or("1", String::as_str))).collect();
            let with: Vec<Leaf> = cond.iter().cloned().chain([leaf(field, "X1")]).collect();
            if mode == "required" { (with, cond) } else { (cond, with) }
        }
        Check::SameValue { field } => {
            (vec![leaf(field, "GBP"), leaf(field, "GBP")], vec![leaf(field, "GBP"), leaf(field, "EUR")])
        }
        Check::ValueIn { field, values } => (vec![leaf(field, &values[0])], vec![leaf(field, "ZZZ-not-listed")]),
    }
}

/// The rule's pass and fail examples, each run through the rule.
pub fn examples(rule: &Rule) -> Result<Vec<Example>, crate::Error> {
    let (pass, fail) = leaves(&rule.check);
    let pack = RulePack { name: "explain".into(), description: String::new(), rules: vec![rule.clone()] };
    let v = crate::Validator::from_xsd_files(
        "none.xsd",
        [("none.xsd".to_string(), "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>".to_string())],
    )?
    .with_rules(&[pack])?;
    let mut out = Vec::new();
    for (leaves, should_pass) in [(pass, true), (fail, false)] {
        let xml = fragment(&rule.scope, &leaves);
        let report = v.validate(xml.as_bytes());
        let passed = !report.diagnostics.iter().any(|d| d.rule.as_deref() == Some(rule.id.as_str()));
        out.push(Example { xml, should_pass, passed });
    }
    Ok(out)
}
