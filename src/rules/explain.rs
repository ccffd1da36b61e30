//! Pass and fail examples generated from a rule's own definition. The top-level `explain`
//! module checks them by running them through the rule (so an example can never contradict the
//! rule it illustrates): this layer writes the fragments and never builds a validator.

use super::{Check, Rule};
use std::fmt::Write as _;

/// A leaf to write: a path relative to the scope, its text, and optionally an attribute on
/// its last element (`X/@a` as a path puts the value in attribute `a` of `X`).
#[derive(Clone)]
struct Leaf {
    path: String,
    value: String,
    attr: Option<(String, String)>,
}

fn chain(l: &Leaf, out: &mut String) {
    let (elems, attr) = match l.path.rsplit_once("/@") {
        Some((p, a)) => (p, Some((a, l.value.as_str()))),
        None => (l.path.as_str(), l.attr.as_ref().map(|(a, v)| (a.as_str(), v.as_str()))),
    };
    let names: Vec<&str> = elems.split('/').filter(|s| !s.is_empty()).collect();
    for (i, n) in names.iter().enumerate() {
        out.push('<');
        out.push_str(n);
        if i + 1 == names.len()
            && let Some((a, v)) = attr
        {
            let _ = write!(out, " {a}=\"{v}\"");
        }
        out.push('>');
    }
    if !l.path.contains("/@") {
        out.push_str(&l.value);
    }
    for n in names.iter().rev() {
        let _ = write!(out, "</{n}>");
    }
}

/// The scope's chain of elements with `leaves` inside it, and each of `outer` (a leaf, and how
/// many steps of the scope it sits under) inside its anchor.
fn fragment(scope: &str, leaves: &[Leaf], outer: &[(usize, Leaf)]) -> String {
    // Alternative roots (`CC315A|CC313A`): the example uses the first.
    let steps: Vec<&str> = scope.split('/').map(|s| s.split('|').next().unwrap_or(s)).collect();
    let mut out = String::new();
    for (i, s) in steps.iter().enumerate() {
        let _ = write!(out, "<{s}>");
        for (_, l) in outer.iter().filter(|(k, _)| *k == i + 1) {
            chain(l, &mut out);
        }
    }
    for l in leaves {
        chain(l, &mut out);
    }
    for s in steps.iter().rev() {
        let _ = write!(out, "</{s}>");
    }
    out
}

fn leaf(p: &str, v: &str) -> Leaf {
    Leaf { path: p.to_string(), value: v.to_string(), attr: None }
}

/// The day date examples are checked against (so examples do not change from day to day).
pub const EXAMPLE_DAY: &str = "2026-01-15";

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

/// A value of a number `limit` (fixed point) plus `delta` units, as text.
fn offset(limit: &str, delta: i128) -> String {
    super::kinds::show(super::kinds::number(limit).unwrap_or(0) + delta * 1_000_000_000)
}

/// A `DateTimeString` leaf for a day, in format 102.
fn date_leaf(field: &str, day: super::Day) -> Leaf {
    let (y, m, d) = day.ymd();
    Leaf { path: field.into(), value: format!("{y:04}{m:02}{d:02}"), attr: Some(("formatCode".into(), "102".into())) }
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
        Check::Presence { field, mode } => {
            let with = vec![leaf(field, "X1")];
            if mode == "required" { (with, vec![]) } else { (vec![], with) }
        }
        Check::OneOf { fields, min, max } => {
            let some: Vec<Leaf> = fields.iter().take((*min).max(1) as usize).map(|f| leaf(f, "X1")).collect();
            let fail =
                if (*max as usize) < fields.len() { fields.iter().map(|f| leaf(f, "X1")).collect() } else { vec![] };
            (some, fail)
        }
        Check::SameValue { fields } => {
            let last = fields.last().expect("checked at compile");
            (vec![leaf(&fields[0], "GBP"), leaf(last, "GBP")], vec![leaf(&fields[0], "GBP"), leaf(last, "EUR")])
        }
        Check::Differ { left, right } => (
            vec![leaf(left, "GB123456789000"), leaf(right, "GB987654321000")],
            vec![leaf(left, "GB123456789000"), leaf(right, "GB123456789000")],
        ),
        Check::Unique { field } => {
            (vec![leaf(field, "A1"), leaf(field, "A2")], vec![leaf(field, "A1"), leaf(field, "A1")])
        }
        Check::Limit { field, op, limit } => {
            let candidates = [offset(limit, -1), limit.clone(), offset(limit, 1)];
            let holds = |v: &str| {
                let ok = super::kinds::number(v).cmp(&super::kinds::number(limit));
                match op.as_str() {
                    "<" => ok.is_lt(),
                    "<=" => ok.is_le(),
                    "=" => ok.is_eq(),
                    ">=" => ok.is_ge(),
                    _ => ok.is_gt(),
                }
            };
            let pass = candidates.iter().find(|v| holds(v)).cloned().unwrap_or_default();
            let fail = candidates.iter().find(|v| !holds(v)).cloned().unwrap_or_default();
            (vec![leaf(field, &pass)], vec![leaf(field, &fail)])
        }
        Check::ValueIn { field, values } => (vec![leaf(field, &values[0])], vec![leaf(field, "ZZZ-not-listed")]),
        Check::Contains { field, values } => (vec![leaf(field, &values[0])], vec![leaf(field, "ZZZ-not-listed")]),
        Check::Identifier { scheme, fields } => {
            let example = crate::identifiers::Scheme::from_name(scheme).map_or("", |s| s.example());
            (vec![leaf(&fields[0], example)], vec![leaf(&fields[0], "?")])
        }
        Check::CodeList { list, fields } => {
            let example = crate::codelists::get(list).map_or("", |l| l.example());
            (vec![leaf(&fields[0], example)], vec![leaf(&fields[0], "ZZZ-not-listed")])
        }
        Check::Pattern { fields, example, .. } => (vec![leaf(&fields[0], example)], vec![leaf(&fields[0], "?")]),
        Check::Date { fields, not_future, max_age_days } => {
            let field = &fields[0];
            let today = super::Day::parse(EXAMPLE_DAY).expect("a valid day");
            let pass = vec![date_leaf(field, today)];
            let fail = if *not_future {
                vec![date_leaf(field, super::Day::from_ymd(2026, 2, 1).expect("a day"))]
            } else if let Some(max) = max_age_days {
                let (y, _, _) = today.ymd();
                let old = super::Day::from_ymd(y - 1 - (*max as i32) / 365, 1, 1).expect("a day");
                vec![date_leaf(field, old)]
            } else {
                vec![Leaf { value: "20260230".into(), ..date_leaf(field, today) }]
            };
            (pass, fail)
        }
        // Whether it fails is the rule's condition's to say: no leaves of its own.
        Check::Reject {} => (vec![], vec![]),
    }
}

/// Leaves (with the depth of their anchor in the scope) for an example in which the condition
/// holds (`want`) or not; `None` when none can be made (a pattern).
fn condition_leaves(
    scope: &str,
    c: &super::Condition,
    want: bool,
    cats: &[super::Category],
) -> Option<Vec<(usize, Leaf)>> {
    let depth = |field: &str| super::paths::resolve(scope, field, true).ok().map(|r| r.anchor.split('/').count());
    let place = |field: &str, value: &str| -> Option<(usize, Leaf)> {
        let r = super::paths::resolve(scope, field, true).ok()?;
        let k = r.anchor.split('/').count();
        let rest = r.element.split('/').skip(k).collect::<Vec<_>>().join("/");
        let path = match &r.attr {
            Some(a) if rest.is_empty() => return None,
            Some(a) => format!("{rest}/@{a}"),
            None if rest.is_empty() => return None,
            None => rest,
        };
        Some((k, leaf(&path, value)))
    };
    let parts = |list: &[super::Condition], every: bool| -> Option<Vec<(usize, Leaf)>> {
        if every {
            list.iter().map(|p| condition_leaves(scope, p, want, cats)).collect::<Option<Vec<_>>>().map(|v| v.concat())
        } else {
            list.iter().find_map(|p| condition_leaves(scope, p, want, cats))
        }
    };
    if !c.all.is_empty() {
        return parts(&c.all, want);
    }
    if !c.any.is_empty() {
        return parts(&c.any, !want);
    }
    if let Some(n) = &c.not {
        return condition_leaves(scope, n, !want, cats);
    }
    if !c.category.is_empty() {
        // The first category named, made to hold (those tried before it need values it lacks).
        let cat = cats.iter().find(|k| c.category.contains(&k.name))?;
        return if want { condition_leaves(scope, &cat.when, true, cats) } else { Some(vec![]) };
    }
    depth(&c.field)?;
    let f = c.field.as_str();
    // A leaf holds with one value, or fails without any, except `not_in` and `absent`.
    let value: Option<String> = if !c.is_in.is_empty() {
        c.is_in.first().cloned()
    } else if !c.not_in.is_empty() {
        return if want { Some(vec![]) } else { Some(vec![place(f, &c.not_in[0])?]) };
    } else if c.absent || c.present == Some(false) {
        return if want { Some(vec![]) } else { Some(vec![place(f, "X1")?]) };
    } else if let Some(p) = c.starts_with.first() {
        Some(format!("{p}1"))
    } else if c.pattern.is_some() || c.compare.is_some() {
        None
    } else if c.sequence {
        Some("1".into())
    } else if let Some(l) = &c.code_list {
        crate::codelists::get(l).map(|l| l.example().to_string())
    } else if let Some(n) = &c.number {
        let limit = n.trim_start_matches(['<', '>', '=', ' ']);
        let v = super::kinds::number(limit)?;
        let op = n.trim().trim_end_matches(|ch: char| !matches!(ch, '<' | '>' | '='));
        let v = match op {
            ">" => v + 1_000_000_000,
            "<" => v - 1_000_000_000,
            _ => v,
        };
        Some(super::kinds::show(v))
    } else if let Some(o) = c.same_as.as_ref().or(c.differs_from.as_ref()) {
        if !want {
            return Some(vec![]);
        }
        let second = if c.differs_from.is_some() { "X2" } else { "X1" };
        return Some(vec![place(f, "X1")?, place(o, second)?]);
    } else {
        Some("X1".into())
    };
    if want { Some(vec![place(f, &value?)?]) } else { Some(vec![]) }
}

/// The rule's pass and fail examples: each fragment and whether the rule should hold on it
/// (date rules as of [`EXAMPLE_DAY`]).
pub(crate) fn fragments(rule: &Rule, categories: &[super::Category]) -> Vec<(String, bool)> {
    let (pass, fail) = leaves(&rule.check);
    let when = |want| rule.when.as_ref().and_then(|c| condition_leaves(&rule.scope, c, want, categories));
    let holds = when(true).unwrap_or_default();
    // A `reject` rule passes where its condition does not hold (nowhere, without one).
    let cases = match (&rule.check, &rule.when) {
        (Check::Reject {}, None) => vec![(fail, holds, false)],
        (Check::Reject {}, Some(_)) => {
            let mut cases = vec![(fail, holds, false)];
            if let Some(not) = when(false) {
                cases.insert(0, (pass, not, true));
            }
            cases
        }
        _ => vec![(pass, holds.clone(), true), (fail, holds, false)],
    };
    cases
        .into_iter()
        .map(|(leaves, outer, should_pass)| (fragment(&rule.scope, &leaves, &outer), should_pass))
        .collect()
}
