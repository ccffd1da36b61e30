//! `compare`: two sums of measures over fields compared, `left OP right`, decided when the
//! fields' anchor element ends. A measure is how many values a field has (`count`, or how
//! many of them are listed in `in`), the sum of its numbers (`sum`), its first value as a
//! number (`value`), how many different values it has (`distinct`, after trimming), or a
//! constant (`number`). The total number of packages is the sum of the packages, the pieces
//! and one per bulk item; at most 999 goods items; the declared item count is the number of
//! items.
//!
//! A `value` that is absent or not a number makes the comparison false (a declared total that
//! is missing does not equal anything).

use crate::rules::kinds::{number, parse_op, trim};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashSet;

/// A comparison as written in a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// The measures added up on the left.
    pub left: Vec<Term>,
    /// `<`, `<=`, `=`, `>=`, `>`.
    pub op: String,
    /// The measures added up on the right.
    pub right: Vec<Term>,
}

/// One measure: exactly one of `count`, `sum`, `value`, `distinct` (a field) or `number`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// How many values the field has (with `in`: how many of them are listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    /// Count only the values listed here (after trimming).
    #[serde(default, rename = "in", skip_serializing_if = "Vec::is_empty")]
    pub is_in: Vec<String>,
    /// The sum of the field's numbers (values that are not numbers add nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<String>,
    /// The field's first value, a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// How many different values (after trimming) the field has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<String>,
    /// With `distinct`: values compared as written, white space included.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub as_written: bool,
    /// A constant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

/// What a term measures, compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Values counted (only those listed, when the list is not empty).
    Count(Vec<String>),
    Sum,
    Value,
    /// Different values counted (`true`: as written, else trimmed).
    Distinct(bool),
    Constant(i128),
}

/// A comparison compiled: each side's measures, with the field each reads (by position among
/// the comparison's fields; `None` for a constant).
#[derive(Debug)]
pub(crate) struct Prepared {
    pub ok: &'static [Ordering],
    pub left: Vec<(Measure, Option<usize>)>,
    pub right: Vec<(Measure, Option<usize>)>,
}

impl Term {
    /// The field the term reads, if any.
    pub fn field(&self) -> Option<&str> {
        self.count.as_deref().or(self.sum.as_deref()).or(self.value.as_deref()).or(self.distinct.as_deref())
    }

    fn prepare(&self) -> Result<Measure, String> {
        let given = [self.count.is_some(), self.sum.is_some(), self.value.is_some(), self.distinct.is_some()];
        let n = given.iter().filter(|g| **g).count() + usize::from(self.number.is_some());
        if n != 1 {
            return Err("a compare term is one of count, sum, value, distinct or number".into());
        }
        if !self.is_in.is_empty() && self.count.is_none() {
            return Err("`in` goes with `count` only".into());
        }
        if self.as_written && self.distinct.is_none() {
            return Err("`as_written` goes with `distinct` only".into());
        }
        Ok(if let Some(c) = &self.number {
            Measure::Constant(number(c).ok_or_else(|| format!("compare: '{c}' is not a number"))?)
        } else if self.count.is_some() {
            Measure::Count(self.is_in.clone())
        } else if self.sum.is_some() {
            Measure::Sum
        } else if self.value.is_some() {
            Measure::Value
        } else {
            Measure::Distinct(self.as_written)
        })
    }

    fn words(&self) -> String {
        let f = self.field().unwrap_or("");
        if let Some(c) = &self.number {
            c.clone()
        } else if self.count.is_some() && !self.is_in.is_empty() {
            format!("the number of {f} that are {}", self.is_in.join(" or "))
        } else if self.count.is_some() {
            format!("the number of {f}")
        } else if self.sum.is_some() {
            format!("the sum of {f}")
        } else if self.distinct.is_some() {
            format!("the number of different {f}")
        } else {
            f.to_string()
        }
    }
}

impl Compare {
    /// The fields read, left then right (the order the compiled comparison numbers them).
    pub fn fields(&self) -> Vec<String> {
        self.left.iter().chain(&self.right).filter_map(|t| t.field().map(str::to_string)).collect()
    }

    pub(crate) fn prepare(&self) -> Result<Prepared, String> {
        if self.left.is_empty() || self.right.is_empty() {
            return Err("compare needs terms on both sides".into());
        }
        let ok = parse_op(&self.op).map_err(|e| format!("compare: {e}"))?;
        let mut k = 0;
        let mut side = |terms: &[Term]| -> Result<Vec<(Measure, Option<usize>)>, String> {
            terms
                .iter()
                .map(|t| {
                    let m = t.prepare()?;
                    let f = t.field().map(|_| {
                        k += 1;
                        k - 1
                    });
                    Ok((m, f))
                })
                .collect()
        };
        let left = side(&self.left)?;
        let right = side(&self.right)?;
        Ok(Prepared { ok, left, right })
    }

    /// The comparison in words.
    pub fn words(&self) -> String {
        self.words_with(&self.op)
    }

    /// Its negation in words, with the opposite operator ("the number of X > 999" for `not`
    /// "<= 999"): only where every term always has a measure (counts, sums, distinct values,
    /// constants). A `value` may be absent, which makes both the comparison and the opposite
    /// one false, so its negation is not the opposite comparison: `None`.
    pub(crate) fn negated_words(&self) -> Option<String> {
        if self.left.iter().chain(&self.right).any(|t| t.value.is_some()) {
            return None;
        }
        let op = match self.op.as_str() {
            "<" => ">=",
            "<=" => ">",
            "=" => "is not",
            ">=" => "<",
            ">" => "<=",
            _ => return None,
        };
        Some(self.words_with(op))
    }

    fn words_with(&self, op: &str) -> String {
        let side = |t: &[Term]| t.iter().map(Term::words).collect::<Vec<_>>().join(" + ");
        format!("{} {op} {}", side(&self.left), side(&self.right))
    }
}

/// What one field of a comparison has shown in the anchor element so far.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    count: u32,
    listed: u32,
    sum: i128,
    /// The first value, as a number (`Some(None)`: not a number).
    first: Option<Option<i128>>,
    distinct: Option<HashSet<Box<str>>>,
}

impl Tally {
    /// A value of the field, for `measure`.
    pub(crate) fn add(&mut self, measure: &Measure, v: &str) {
        self.count += 1;
        match measure {
            Measure::Count(list) => self.listed += u32::from(list.iter().any(|x| x == trim(v))),
            Measure::Sum => self.sum += number(v).unwrap_or(0),
            Measure::Value => {
                if self.first.is_none() {
                    self.first = Some(number(v));
                }
            }
            Measure::Distinct(as_written) => {
                self.distinct.get_or_insert_with(HashSet::new).insert(if *as_written { v } else { trim(v) }.into());
            }
            Measure::Constant(_) => {}
        }
    }

    fn measure(&self, m: &Measure) -> Option<i128> {
        const ONE: i128 = 1_000_000_000; // numbers are fixed-point with 9 decimals
        Some(match m {
            Measure::Count(list) if list.is_empty() => i128::from(self.count) * ONE,
            Measure::Count(_) => i128::from(self.listed) * ONE,
            Measure::Sum => self.sum,
            Measure::Value => return self.first.flatten(),
            Measure::Distinct(_) => self.distinct.as_ref().map_or(0, |d| d.len() as i128) * ONE,
            Measure::Constant(c) => *c,
        })
    }
}

/// Whether the comparison holds, given each field's tally (by position).
pub(crate) fn holds(p: &Prepared, tallies: &[Tally]) -> bool {
    let empty = Tally::default();
    let side = |terms: &[(Measure, Option<usize>)]| -> Option<i128> {
        terms.iter().map(|(m, f)| f.map_or(&empty, |f| tallies.get(f).unwrap_or(&empty)).measure(m)).sum()
    };
    match (side(&p.left), side(&p.right)) {
        (Some(l), Some(r)) => p.ok.contains(&l.cmp(&r)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str, values: &[(usize, &str)]) -> bool {
        let c: Compare = serde_json::from_str(json).unwrap();
        let p = c.prepare().unwrap();
        let measures: Vec<&Measure> =
            p.left.iter().chain(&p.right).filter(|(_, f)| f.is_some()).map(|(m, _)| m).collect();
        let mut tallies: Vec<Tally> = (0..measures.len()).map(|_| Tally::default()).collect();
        for &(f, v) in values {
            tallies[f].add(measures[f], v);
        }
        holds(&p, &tallies)
    }

    #[test]
    fn total_packages() {
        let c = r#"{"left": [{"value": "Tot"}], "op": "=",
                    "right": [{"sum": "Pac"}, {"sum": "Pie"}, {"count": "Kin", "in": ["VQ", "VR"]}]}"#;
        assert!(run(c, &[(0, "7"), (1, "3"), (2, "2"), (3, "VR"), (3, "CT"), (3, " VQ ")]));
        assert!(!run(c, &[(0, "6"), (1, "3"), (2, "2"), (3, "VR"), (3, "CT"), (3, "VQ")]));
        assert!(!run(c, &[(1, "3")]), "an absent total equals nothing");
        assert!(!run(c, &[(0, "x")]), "nor does one that is not a number");
    }

    #[test]
    fn counts_and_distinct_values() {
        let at_most = r#"{"left": [{"count": "G"}], "op": "<=", "right": [{"number": "2"}]}"#;
        assert!(run(at_most, &[(0, "a"), (0, "b")]));
        assert!(!run(at_most, &[(0, "a"), (0, "b"), (0, "")]));
        assert!(run(at_most, &[]));
        let differ = r#"{"left": [{"distinct": "N"}], "op": ">", "right": [{"number": "1"}]}"#;
        assert!(!run(differ, &[(0, "A"), (0, " A ")]), "compared after trimming");
        let written = r#"{"left": [{"distinct": "N", "as_written": true}], "op": ">", "right": [{"number": "1"}]}"#;
        assert!(run(written, &[(0, "A"), (0, "A ")]), "or as written");
        assert!(run(differ, &[(0, "A"), (0, "B")]));
        let tolerance = r#"{"left": [{"value": "T"}, {"number": "0.0001"}], "op": ">=", "right": [{"sum": "G"}]}"#;
        assert!(run(tolerance, &[(0, "1.5"), (1, "0.75"), (1, "0.75")]));
        assert!(!run(tolerance, &[(0, "1.5"), (1, "0.75"), (1, "0.751")]));
    }

    #[test]
    fn malformed_comparisons_are_refused() {
        for bad in [
            r#"{"left": [], "op": "=", "right": [{"number": "1"}]}"#,
            r#"{"left": [{"count": "A", "sum": "A"}], "op": "=", "right": [{"number": "1"}]}"#,
            r#"{"left": [{"sum": "A", "in": ["X"]}], "op": "=", "right": [{"number": "1"}]}"#,
            r#"{"left": [{"sum": "A", "as_written": true}], "op": "=", "right": [{"number": "1"}]}"#,
            r#"{"left": [{"count": "A"}], "op": "~", "right": [{"number": "1"}]}"#,
            r#"{"left": [{"count": "A"}], "op": "=", "right": [{"number": "one"}]}"#,
        ] {
            let c: Compare = serde_json::from_str(bad).unwrap();
            assert!(c.prepare().is_err(), "{bad}");
        }
        let c: Compare =
            serde_json::from_str(r#"{"left": [{"count": "A"}], "op": "<=", "right": [{"number": "9"}]}"#).unwrap();
        assert_eq!(c.words(), "the number of A <= 9");
    }

    /// Each kind of term in words, and the negation of each operator: the opposite operator,
    /// none where a `value` may be absent (cargo-mutants: the arms of `negated_words` and the
    /// terms' words were checked for one operator and a count only).
    #[test]
    fn comparisons_and_their_negations_in_words() {
        let compare = |op: &str| -> Compare {
            serde_json::from_str(&format!(
                r#"{{"left": [{{"count": "A", "in": ["X", "Y"]}}, {{"sum": "B"}}], "op": "{op}",
                    "right": [{{"distinct": "C"}}, {{"count": "D"}}, {{"number": "2"}}]}}"#
            ))
            .unwrap()
        };
        let sides = |op: &str| {
            format!(
                "the number of A that are X or Y + the sum of B {op} the number of different C + the number of D + 2"
            )
        };
        for (op, opposite) in [("<", ">="), ("<=", ">"), ("=", "is not"), (">=", "<"), (">", "<=")] {
            assert_eq!(compare(op).words(), sides(op));
            assert_eq!(compare(op).negated_words(), Some(sides(opposite)), "{op}");
        }
        let value: Compare =
            serde_json::from_str(r#"{"left": [{"value": "T"}], "op": "=", "right": [{"sum": "G"}]}"#).unwrap();
        assert_eq!(value.words(), "T = the sum of G");
        assert_eq!(value.negated_words(), None, "an absent T makes both T = G and T is not G false");
    }
}
