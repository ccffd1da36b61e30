//! The kinds of check a rule can make, one file each, dispatched here.

mod compare;
mod count_equals;
mod presence;
mod same_value;
mod sequence;
mod sum;
mod value_in;

use super::Violation;
use serde::{Deserialize, Serialize};

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
    /// `field` is required (or forbidden) in the scope, always, or when `when` is present (with
    /// one of `values`, if given).
    Presence {
        /// The element (or `X/@attr`) that must be there, or must not.
        field: String,
        /// `required` or `forbidden`.
        mode: String,
        /// A condition element, when the rule is conditional.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<String>,
        /// The condition's values.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        values: Vec<String>,
    },
    /// Every value of `field` in the scope is the same (one invoice currency).
    SameValue {
        /// The element or attribute compared.
        field: String,
    },
    /// Each value of `field` is one of `values` (a code list).
    ValueIn {
        /// The element or attribute checked.
        field: String,
        /// The allowed values.
        values: Vec<String>,
    },
}

/// The per-scope state of a check: a few numbers and at most a couple of strings.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub count: [u32; 2],
    pub num: [Option<i128>; 2],
    pub sum: i128,
    pub text: Option<String>,
    pub bad: Option<String>,
}

impl Check {
    /// The fields the check reads, in the order `State` and `value` use.
    pub fn fields(&self) -> Vec<String> {
        match self {
            Check::CountEquals { value, count } => vec![value.clone(), count.clone()],
            Check::Sequence { field } | Check::SameValue { field } | Check::ValueIn { field, .. } => {
                vec![field.clone()]
            }
            Check::Compare { left, right, .. } => vec![left.clone(), right.clone()],
            Check::Sum { total, items, .. } => vec![total.clone(), items.clone()],
            Check::Presence { field, when, .. } => std::iter::once(field.clone()).chain(when.clone()).collect(),
        }
    }

    /// Parameters that make sense (checked when a pack is compiled).
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Check::Compare { op, .. } | Check::Sum { op, .. } => compare::parse_op(op).map(|_| ()),
            Check::Presence { mode, when, values, .. } => presence::validate(mode, when.as_deref(), values),
            Check::ValueIn { values, .. } if values.is_empty() => Err("value-in needs values".into()),
            _ => Ok(()),
        }
    }

    /// A value of field `f` (an element's text, or an attribute) seen inside the scope.
    /// Checks of single values answer at once.
    pub(crate) fn value(&self, st: &mut State, f: u8, v: &str) -> Option<Violation> {
        let f = usize::from(f);
        st.count[f.min(1)] += 1;
        match self {
            Check::Sequence { .. } => sequence::value(st, v),
            Check::SameValue { .. } => same_value::value(st, v),
            Check::ValueIn { values, .. } => return value_in::check(values, v),
            Check::Presence { values, .. } if f == 1 => presence::condition(st, values, v),
            Check::Sum { .. } if f == 1 => st.sum += number(v).unwrap_or(0),
            _ => {
                if st.num[f.min(1)].is_none() {
                    st.num[f.min(1)] = number(v);
                }
            }
        }
        None
    }

    /// The verdict when the scope element ends.
    pub(crate) fn finish(&self, st: &State) -> Option<Violation> {
        match self {
            Check::CountEquals { .. } => count_equals::finish(st),
            Check::Sequence { .. } | Check::SameValue { .. } => st.bad.clone().map(|detail| Violation { detail }),
            Check::Compare { op, .. } => compare::finish(st, op),
            Check::Sum { op, .. } => sum::finish(st, op),
            Check::Presence { mode, when, .. } => presence::finish(st, mode, when.is_some()),
            Check::ValueIn { .. } => None,
        }
    }

    /// Whether the check answers per value (no scope state needed).
    pub(crate) fn immediate(&self) -> bool {
        matches!(self, Check::ValueIn { .. })
    }
}

/// A decimal as a fixed-point integer with 9 decimal places (exact for customs amounts and
/// masses: at most 16 digits, 6 decimals). None when not a number.
pub(crate) fn number(s: &str) -> Option<i128> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if (int.is_empty() && frac.is_empty())
        || int.len() > 25
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut v: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    for i in 0..9 {
        v = v.checked_mul(10)? + i128::from(frac.as_bytes().get(i).map_or(0, |b| b - b'0'));
    }
    Some(if neg { -v } else { v })
}

/// A fixed-point number back to text, trailing zeros dropped.
pub(crate) fn show(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    let (i, f) = (v / 1_000_000_000, v % 1_000_000_000);
    if f == 0 { format!("{sign}{i}") } else { format!("{sign}{i}.{}", format!("{f:09}").trim_end_matches('0')) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact() {
        assert_eq!(number("12.5"), Some(12_500_000_000));
        assert_eq!(number("-0.000001"), Some(-1_000));
        assert_eq!(number("abc"), None);
        assert_eq!(number("."), None);
        assert_eq!(show(number("1234567890123456.5").unwrap()), "1234567890123456.5");
        assert_eq!(number("0.1").unwrap() + number("0.2").unwrap(), number("0.3").unwrap());
    }
}
