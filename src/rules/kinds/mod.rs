//! The kinds of check a rule can make, one file each, dispatched here.
//!
//! A check reads the values of a few fields (paths relative to the rule's scope). Checks of
//! single values (`value-in`, `limit`, `pattern`, ...) answer at once; the others keep a small
//! [`State`] per open scope element and answer when a value breaks them (`sequence`, `unique`)
//! or when the scope ends (`count-equals`, `sum`, `presence`, ...).

mod code_list;
mod compare;
mod contains;
mod count_equals;
pub(crate) mod date;
mod differ;
mod identifier;
mod limit;
mod one_of;
mod pattern;
mod presence;
mod reject;
mod same_value;
mod sequence;
mod sum;
mod unique;
mod value_in;

pub(crate) use compare::parse_op;
pub(crate) use pattern::compile as compile_pattern;

use super::Violation;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A rule's check and its parameters. Paths are relative to the rule's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Check {
    /// The number in `value` equals how many `count` elements the scope has
    /// (GoodsItemQuantity = number of goods items).
    CountEquals {
        /// The element holding the declared count.
        value: String,
        /// The repeated element counted.
        count: String,
    },
    /// The values of `field` over the scope are 1, 2, 3, ... in document order.
    Sequence {
        /// The sequence-number element.
        field: String,
    },
    /// `left OP right` for two numbers in the same scope (net mass at most gross mass).
    Compare {
        /// Left-hand element.
        left: String,
        /// `<`, `<=`, `=`, `>=`, `>`.
        op: String,
        /// Right-hand element.
        right: String,
    },
    /// `total OP sum(items)` (total gross mass at least the sum of the items').
    Sum {
        /// The header total.
        total: String,
        /// `<`, `<=`, `=`, `>=`, `>`.
        op: String,
        /// The element summed over the scope.
        items: String,
    },
    /// `field` is required (or forbidden) in the scope. With the rule's `when`, this is
    /// required-if / forbidden-if.
    Presence {
        /// The element (or `X/@attr`) that must be there, or must not.
        field: String,
        /// `required` or `forbidden`.
        mode: String,
    },
    /// Between `min` and `max` of `fields` are present in the scope (default exactly one:
    /// a party has a name or an identifier, not both).
    OneOf {
        /// The alternatives (at most 16).
        fields: Vec<String>,
        /// How many at least (default 1).
        #[serde(default = "one")]
        min: u32,
        /// How many at most (default 1).
        #[serde(default = "one")]
        max: u32,
    },
    /// Every value of `fields` in the scope is the same (one invoice currency).
    SameValue {
        /// The elements or attributes compared (one or more paths).
        fields: Vec<String>,
    },
    /// `left` and `right`, when both present, differ (importer is not the exporter).
    Differ {
        /// One element.
        left: String,
        /// The other.
        right: String,
    },
    /// No value of `field` repeats within the scope (seal identifiers).
    Unique {
        /// The element or attribute.
        field: String,
    },
    /// Each value of `field` is a number with `value OP limit` (mass above zero).
    Limit {
        /// The element or attribute checked.
        field: String,
        /// `<`, `<=`, `=`, `>=`, `>`.
        op: String,
        /// The limit, a decimal number.
        limit: String,
    },
    /// Each value of `field` is one of `values` (a short list written in the rule).
    ValueIn {
        /// The element or attribute checked.
        field: String,
        /// The allowed values.
        values: Vec<String>,
    },
    /// Some value of `field` in the scope is one of `values` (a DUCR among the previous
    /// documents of an export).
    Contains {
        /// The element or attribute.
        field: String,
        /// The codes looked for.
        values: Vec<String>,
    },
    /// Each value of `fields` is a code of the built-in list `list` (`wcodm codelists`).
    CodeList {
        /// The list's name (`country`, `currency`, `unit`, `package`, `incoterms`, ...).
        list: String,
        /// The elements or attributes checked.
        fields: Vec<String>,
    },
    /// Each value of `fields` matches `regex` as a whole (Rust `regex` syntax, anchored).
    Pattern {
        /// The elements or attributes checked.
        fields: Vec<String>,
        /// The expression.
        regex: String,
        /// The expected form in words (shown in the message).
        expected: String,
        /// A value that matches (for the rule's generated examples).
        example: String,
    },
    /// Each value of `fields` is a well-formed identifier of `scheme` (`eori`, `mrn`,
    /// `iso6346`, `wco-ucr`, `ducr`, `mucr`, `customs-office`, `unlocode`).
    Identifier {
        /// The identifier scheme.
        scheme: String,
        /// The elements or attributes checked.
        fields: Vec<String>,
    },
    /// Each of `fields` (a `DateTimeString` with its `formatCode`) is a real calendar date in
    /// its format (102: `CCYYMMDD`; 304: `CCYYMMDDhhmmss` and `Z` or `+hh`/`-hh`), and
    /// optionally not in the future and at most `max_age_days` old (by the validator's clock).
    Date {
        /// The `DateTimeString` elements.
        fields: Vec<String>,
        /// The date may not be after today.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        not_future: bool,
        /// The date may be at most this many days before today.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_age_days: Option<u32>,
    },
    /// The scope element breaks the rule wherever the rule's `when` holds (with no `when`, it
    /// is not allowed at all): the rule is its condition.
    Reject {},
}

fn one() -> u32 {
    1
}

/// What a check needs at run time, prepared once when the pack is compiled.
#[derive(Debug)]
pub(crate) enum Prepared {
    None,
    /// The orderings an operator accepts.
    Op(&'static [Ordering]),
    /// An operator and a fixed-point limit.
    Limit(&'static [Ordering], i128),
    /// A compiled, anchored expression.
    Regex(regex::Regex),
    /// An identifier scheme.
    Scheme(crate::identifiers::Scheme),
    /// A built-in code list.
    List(&'static crate::codelists::CodeList),
    /// A rule's own list of values.
    Listed(crate::codes::Codes<()>),
    /// What a `reject` rule's condition finds, in words.
    Found(String),
}

/// The run-time context of a check: its prepared parameters and the validator's clock.
pub(crate) struct Ctx<'a> {
    pub prepared: &'a Prepared,
    pub today: date::Day,
}

/// The per-scope state of a check: a few numbers and at most a couple of strings (a set of
/// value hashes for `unique`).
#[derive(Debug, Default)]
pub(crate) struct State {
    pub count: [u32; 2],
    pub num: [Option<i128>; 2],
    pub sum: i128,
    pub text: Option<String>,
    /// The field `text` came from.
    pub from: u8,
    /// Which fields have been seen (bit per field).
    pub seen: u32,
    /// Hashes of the values seen (`unique`), made at the first value: its random key costs a
    /// thread-local read, which every scope element would pay otherwise.
    pub values: Option<std::collections::HashSet<u64>>,
}

impl Check {
    /// The fields the check reads, in the order `State` and `value` use.
    pub fn fields(&self) -> Vec<String> {
        match self {
            Check::CountEquals { value, count } => vec![value.clone(), count.clone()],
            Check::Sequence { field }
            | Check::Unique { field }
            | Check::ValueIn { field, .. }
            | Check::Contains { field, .. }
            | Check::Limit { field, .. }
            | Check::Presence { field, .. } => vec![field.clone()],
            Check::Compare { left, right, .. } | Check::Differ { left, right } => vec![left.clone(), right.clone()],
            Check::Sum { total, items, .. } => vec![total.clone(), items.clone()],
            Check::OneOf { fields, .. }
            | Check::SameValue { fields }
            | Check::Pattern { fields, .. }
            | Check::Identifier { fields, .. }
            | Check::CodeList { fields, .. } => fields.clone(),
            Check::Date { fields, .. } => fields.iter().flat_map(|f| [f.clone(), format!("{f}/@formatCode")]).collect(),
            Check::Reject {} => vec![],
        }
    }

    /// [`Check::prepare`] for a rule: a `reject` prepares what its violation says from the
    /// rule's scope and condition.
    pub(crate) fn prepare_for(&self, scope: &str, when: Option<&super::Condition>) -> Result<Prepared, String> {
        match self {
            Check::Reject {} => Ok(reject::prepare(scope, when)),
            check => check.prepare(),
        }
    }

    /// Check the parameters and prepare what the check needs at run time (when a pack is
    /// compiled).
    pub(crate) fn prepare(&self) -> Result<Prepared, String> {
        Ok(match self {
            Check::Compare { op, .. } | Check::Sum { op, .. } => Prepared::Op(compare::parse_op(op)?),
            Check::Limit { op, limit, .. } => limit::prepare(op, limit)?,
            Check::Presence { mode, .. } => {
                presence::validate(mode)?;
                Prepared::None
            }
            Check::OneOf { fields, min, max } => {
                one_of::validate(fields, *min, *max)?;
                Prepared::None
            }
            Check::SameValue { fields }
            | Check::Pattern { fields, .. }
            | Check::Date { fields, .. }
            | Check::Identifier { fields, .. }
            | Check::CodeList { fields, .. }
                if fields.is_empty() =>
            {
                return Err("needs at least one field".into());
            }
            Check::Pattern { regex, .. } => Prepared::Regex(pattern::compile(regex)?),
            Check::Identifier { scheme, .. } => identifier::prepare(scheme)?,
            Check::CodeList { list, .. } => code_list::prepare(list)?,
            Check::ValueIn { values, .. } | Check::Contains { values, .. } if values.is_empty() => {
                return Err("needs values".into());
            }
            Check::ValueIn { values, .. } | Check::Contains { values, .. } => value_in::prepare(values),
            _ => Prepared::None,
        })
    }

    /// A value of field `f` (an element's text, or an attribute) seen inside the scope.
    /// Checks of single values, and checks a value can break, answer at once.
    pub(crate) fn value(&self, cx: &Ctx<'_>, st: &mut State, f: u8, v: &str) -> Option<Violation> {
        let f = usize::from(f);
        st.count[f.min(1)] += 1;
        st.seen |= 1 << f.min(31);
        match (self, cx.prepared) {
            (Check::Sequence { .. }, _) => sequence::value(st, v),
            (Check::SameValue { .. }, _) => same_value::value(st, v),
            (Check::Unique { .. }, _) => unique::value(st, v),
            (Check::ValueIn { .. }, Prepared::Listed(list)) => value_in::check(list, v),
            (Check::Contains { .. }, Prepared::Listed(list)) => contains::value(st, list, v),
            (Check::Limit { .. }, Prepared::Limit(ok, limit)) => limit::check(ok, *limit, v),
            (Check::Pattern { expected, .. }, Prepared::Regex(re)) => pattern::check(re, expected, v),
            (Check::Identifier { .. }, Prepared::Scheme(s)) => identifier::check(*s, v),
            (Check::CodeList { .. }, Prepared::List(list)) => code_list::check(list, v),
            (Check::Date { not_future, max_age_days, .. }, _) => date::value(st, f, v, *not_future, *max_age_days, cx),
            (Check::Differ { .. }, _) => differ::value(st, f, v),
            (Check::Sum { .. }, _) if f == 1 => {
                st.sum += number(v).unwrap_or(0);
                None
            }
            // Counted above: that is all these read.
            (Check::Presence { .. } | Check::OneOf { .. } | Check::Reject {}, _) => None,
            _ => {
                if st.num[f.min(1)].is_none() {
                    st.num[f.min(1)] = number(v);
                }
                None
            }
        }
    }

    /// Whether value `v` breaks a check of single values ([`Check::immediate`]): what
    /// [`Check::value`] answers, without writing the violation's words (a value held while its
    /// rule's condition is unknown gets them only if the condition holds). `false` for any
    /// other check.
    pub(crate) fn breaks(&self, cx: &Ctx<'_>, v: &str) -> bool {
        match (self, cx.prepared) {
            (Check::ValueIn { .. }, Prepared::Listed(list)) => value_in::breaks(list, v),
            (Check::Limit { .. }, Prepared::Limit(ok, limit)) => limit::breaks(ok, *limit, v),
            (Check::Pattern { .. }, Prepared::Regex(re)) => pattern::breaks(re, v),
            (Check::Identifier { .. }, Prepared::Scheme(s)) => identifier::breaks(*s, v),
            (Check::CodeList { .. }, Prepared::List(list)) => code_list::breaks(list, v),
            _ => false,
        }
    }

    /// The verdict when the scope element ends.
    pub(crate) fn finish(&self, cx: &Ctx<'_>, st: &State) -> Option<Violation> {
        match (self, cx.prepared) {
            (Check::CountEquals { .. }, _) => count_equals::finish(st),
            (Check::Compare { op, .. }, Prepared::Op(ok)) => compare::finish(st, op, ok),
            (Check::Sum { op, .. }, Prepared::Op(ok)) => sum::finish(st, op, ok),
            (Check::Presence { mode, .. }, _) => presence::finish(st, mode),
            (Check::Contains { values, .. }, _) => contains::finish(st, values),
            (Check::OneOf { fields, min, max }, _) => one_of::finish(st, fields, *min, *max),
            (Check::Reject {}, p) => reject::finish(p),
            _ => None,
        }
    }

    /// The verdict of a `presence` check (or a `reject`) when the scope element ends, from
    /// whether the field is present (see `AtEnd`).
    pub(crate) fn finish_present(&self, prepared: &Prepared, present: bool) -> Option<Violation> {
        match self {
            Check::Presence { mode, .. } => presence::verdict(present, mode),
            Check::Reject {} => reject::finish(prepared),
            _ => None,
        }
    }

    /// Whether the check answers per value, with no state kept in its scope.
    pub(crate) fn immediate(&self) -> bool {
        matches!(
            self,
            Check::ValueIn { .. }
                | Check::Limit { .. }
                | Check::Pattern { .. }
                | Check::Identifier { .. }
                | Check::CodeList { .. }
        )
    }
}

/// Whether a presence check requires its field (`required`) rather than forbids it; `false`
/// for any other check.
pub(crate) fn presence_required(check: &Check) -> bool {
    matches!(check, Check::Presence { mode, .. } if presence::required(mode))
}

/// `s` without leading and trailing white space, as [`str::trim`] gives it, but at once when
/// both ends are visible ASCII characters (values usually are).
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A decimal as a fixed-point integer with 9 decimal places (exact for customs amounts and
/// masses: at most 16 digits, 6 decimals). None when not a number.
pub(crate) fn number(s: &str) -> Option<i128> {
    // The lexical form is xs:decimal's, read by the schema's parser.
    let d = crate::schema::datatype::Decimal::parse(trim(s))?;
    let (int, frac) = (d.int_digits(), d.frac_digits().as_bytes());
    if int.len() > 25 {
        return None;
    }
    // At most 25 integer digits and 9 decimals: below 10^34, far inside i128, so no overflow.
    // Decimals past the ninth are dropped.
    let mut v: i128 = 0;
    for b in int.bytes() {
        v = v * 10 + i128::from(b - b'0');
    }
    for i in 0..9 {
        v = v * 10 + i128::from(frac.get(i).map_or(0, |b| b - b'0'));
    }
    Some(if d.is_negative() { -v } else { v })
}

/// A fixed-point number back to text, trailing zeros dropped.
pub(crate) fn show(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    let (i, f) = (v / 1_000_000_000, v % 1_000_000_000);
    if f == 0 { format!("{sign}{i}") } else { format!("{sign}{i}.{}", format!("{f:09}").trim_end_matches('0')) }
}

/// Run a check over `(field, value)` pairs in one scope, as the pass does (for the kinds' tests).
#[cfg(test)]
pub(crate) fn run(check: &Check, values: &[(u8, &str)]) -> Vec<String> {
    run_on(check, values, date::Day::from_ymd(2026, 11, 28).unwrap())
}

/// [`run`] with a chosen clock.
#[cfg(test)]
pub(crate) fn run_on(check: &Check, values: &[(u8, &str)], today: date::Day) -> Vec<String> {
    let prepared = check.prepare().expect("valid test check");
    let cx = Ctx { prepared: &prepared, today };
    let mut st = State::default();
    let mut out: Vec<String> =
        values.iter().filter_map(|&(f, v)| check.value(&cx, &mut st, f, v)).map(|v| v.detail).collect();
    out.extend(check.finish(&cx, &st).map(|v| v.detail));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's parameters are checked when the pack is compiled, through `prepare`
    /// (cargo-mutants: the `presence` or `one-of` arm deleted, or the guards on empty `fields`
    /// and `values` made `false`, loaded a bad rule silently; the kinds' own tests call their
    /// `validate` directly).
    #[test]
    fn prepare_refuses_bad_parameters() {
        let check = |json: &str| serde_json::from_str::<Check>(json).unwrap().prepare().err();
        let said = |json: &str| check(json).unwrap_or_else(|| panic!("{json} was accepted"));
        assert_eq!(
            said(r#"{"kind":"presence","field":"A","mode":"maybe"}"#),
            "presence mode 'maybe' (required, forbidden)"
        );
        assert_eq!(said(r#"{"kind":"one-of","fields":["A"]}"#), "one-of takes 2 to 16 fields (1 given)");
        assert_eq!(
            said(r#"{"kind":"one-of","fields":["A","B"],"min":2,"max":1}"#),
            "one-of needs 0 <= min <= max, max >= 1 (min 2, max 1)"
        );
        for empty in [
            r#"{"kind":"same-value","fields":[]}"#,
            r#"{"kind":"pattern","fields":[],"regex":"[A-Z]+","expected":"letters","example":"AB"}"#,
            r#"{"kind":"identifier","fields":[],"scheme":"eori"}"#,
            r#"{"kind":"code-list","fields":[],"list":"country"}"#,
            r#"{"kind":"date","fields":[]}"#,
        ] {
            assert_eq!(said(empty), "needs at least one field", "{empty}");
        }
        for kind in ["value-in", "contains"] {
            assert_eq!(said(&format!(r#"{{"kind":"{kind}","field":"A","values":[]}}"#)), "needs values", "{kind}");
        }
        for good in [
            r#"{"kind":"presence","field":"A","mode":"required"}"#,
            r#"{"kind":"one-of","fields":["A","B"]}"#,
            r#"{"kind":"same-value","fields":["A"]}"#,
            r#"{"kind":"value-in","field":"A","values":["1"]}"#,
        ] {
            assert_eq!(check(good), None, "{good}");
        }
    }

    /// `breaks` answers as `value` does for every check of single values (a held value is
    /// written out later by `value`: the two must agree), and `false` for the others.
    #[test]
    fn breaks_is_what_value_answers() {
        let checks = [
            r#"{"kind":"value-in","field":"A","values":["9","13","1CS"]}"#,
            r#"{"kind":"limit","field":"A","op":">","limit":"0"}"#,
            r#"{"kind":"limit","field":"A","op":"<=","limit":"12.5"}"#,
            r#"{"kind":"pattern","fields":["A"],"regex":"[A-Z]{2}","expected":"two letters","example":"AB"}"#,
            r#"{"kind":"identifier","fields":["A"],"scheme":"eori"}"#,
            r#"{"kind":"code-list","fields":["A"],"list":"country"}"#,
            r#"{"kind":"sequence","field":"A"}"#,
        ];
        let values = [
            "9",
            " 13 ",
            "1CS",
            "1cs",
            "",
            " ",
            "0",
            "0.000",
            "12.5",
            "12.6",
            "-3",
            "n/a",
            "GB",
            "gb",
            "GB123456789000",
            "FR",
            "XX",
        ];
        for json in checks {
            let check: Check = serde_json::from_str(json).unwrap();
            let prepared = check.prepare().unwrap();
            let cx = Ctx { prepared: &prepared, today: date::Day::from_ymd(2026, 11, 28).unwrap() };
            let mut broken = 0;
            for v in values {
                let said = check.immediate() && check.value(&cx, &mut State::default(), 0, v).is_some();
                assert_eq!(check.breaks(&cx, v), said, "{json} on {v:?}");
                broken += usize::from(said);
            }
            assert_eq!(broken > 0, check.immediate(), "{json}: some value breaks it");
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for s in ["", " ", "a", " a", "a ", "\u{a0}a", "a\u{2003}", "\ta\n", "é", " é ", "GB", "1 2", "\u{85}x"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn numbers_are_exact() {
        assert_eq!(number("12.5"), Some(12_500_000_000));
        assert_eq!(number("-0.000001"), Some(-1_000));
        assert_eq!(number("abc"), None);
        assert_eq!(number("."), None);
        assert_eq!(show(number("1234567890123456.5").unwrap()), "1234567890123456.5");
        assert_eq!(number("0.1").unwrap() + number("0.2").unwrap(), number("0.3").unwrap());
        assert_eq!(number(" +7 "), Some(7_000_000_000));
        assert_eq!(number("-.5"), Some(-500_000_000));
        assert_eq!(number("3."), Some(3_000_000_000));
        assert_eq!(number("0.1234567891"), Some(123_456_789), "decimals past the ninth are dropped");
        assert_eq!(number(&"9".repeat(25)), Some(i128::from(10u8).pow(34) - 1_000_000_000));
        assert_eq!(number(&"9".repeat(26)), None);
        assert_eq!(number("1e3"), None);
        assert_eq!(number("1.2.3"), None);
        assert_eq!(number("--1"), None);
        assert_eq!(number(""), None);
    }
}
