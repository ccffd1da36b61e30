//! Constraining facets of simple types, accumulated over every restriction step, and their check.
//!
//! Within one restriction step patterns are alternatives and enumerations a set; across steps
//! every step must hold, so each step's patterns and enumerations are kept as one layer.

use super::datatype::{Builtin, Decimal, parse_float};
use crate::report::Code;
use regex::Regex;
use std::cmp::Ordering;

/// The facets in force on a simple type.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facets {
    pub length: Option<usize>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// One entry per restriction step; a value must match some pattern of every step.
    pub patterns: Vec<PatternLayer>,
    /// One entry per restriction step; a value must equal some member of every step.
    pub enumerations: Vec<Vec<Box<str>>>,
    pub total_digits: Option<usize>,
    pub fraction_digits: Option<usize>,
    pub min_inclusive: Option<Box<str>>,
    pub max_inclusive: Option<Box<str>>,
    pub min_exclusive: Option<Box<str>>,
    pub max_exclusive: Option<Box<str>>,
}

/// The patterns of one restriction step, with their source text for messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatternLayer {
    pub source: Vec<Box<str>>,
    pub matchers: Vec<Pattern>,
}

/// A compiled pattern: the patterns customs schemas repeat on most values are checked directly,
/// any other through the regex crate. Each direct check is exactly the XSD pattern's meaning.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// `.*[^\s].*`: not blank, and on one line (XSD's `.` matches neither `\n` nor `\r`).
    NotBlank,
    /// `([0-9])*` or `[0-9]*`: ASCII digits only (possibly none).
    Digits,
    /// `([a-zA-Z])*` or `[a-zA-Z]*`: ASCII letters only (possibly none).
    Letters,
    Regex(Regex),
}

impl Pattern {
    /// Compile an XSD pattern.
    pub fn new(xsd: &str) -> Result<Pattern, super::pattern::PatternError> {
        Ok(match xsd {
            ".*[^\\s].*" => Pattern::NotBlank,
            "([0-9])*" | "[0-9]*" => Pattern::Digits,
            "([a-zA-Z])*" | "[a-zA-Z]*" => Pattern::Letters,
            _ => Pattern::Regex(super::pattern::compile(xsd)?),
        })
    }

    #[inline]
    fn is_match(&self, v: &str) -> bool {
        match self {
            Pattern::NotBlank => {
                !v.bytes().any(|b| b == b'\n' || b == b'\r') && v.bytes().any(|b| !matches!(b, b' ' | b'\t'))
            }
            Pattern::Digits => v.bytes().all(|b| b.is_ascii_digit()),
            Pattern::Letters => v.bytes().all(|b| b.is_ascii_alphabetic()),
            Pattern::Regex(r) => r.is_match(v),
        }
    }
}

/// A value that breaks a facet or its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub code: Code,
    /// What was expected, e.g. "at most 35 characters".
    pub expected: String,
}

impl Fault {
    pub fn new(code: Code, expected: impl Into<String>) -> Self {
        Fault { code, expected: expected.into() }
    }
}

impl Facets {
    /// Check a whitespace-normalised value of the given primitive type against every facet.
    pub fn check(&self, builtin: Builtin, value: &str, item_count: Option<usize>) -> Result<(), Fault> {
        if self.length.is_some() || self.min_length.is_some() || self.max_length.is_some() {
            let len = item_count.unwrap_or_else(|| builtin.length_of(value));
            let unit = if item_count.is_some() {
                "items"
            } else if matches!(builtin, Builtin::HexBinary | Builtin::Base64Binary) {
                "octets"
            } else {
                "characters"
            };
            if let Some(n) = self.length.filter(|&n| len != n) {
                return Err(Fault::new(Code::Length, format!("exactly {n} {unit} (found {len})")));
            }
            if let Some(n) = self.min_length.filter(|&n| len < n) {
                return Err(Fault::new(Code::Length, format!("at least {n} {unit} (found {len})")));
            }
            if let Some(n) = self.max_length.filter(|&n| len > n) {
                return Err(Fault::new(Code::Length, format!("at most {n} {unit} (found {len})")));
            }
        }
        for layer in &self.patterns {
            if !layer.matchers.iter().any(|r| r.is_match(value)) {
                let alts: Vec<&str> = layer.source.iter().map(|s| &**s).collect();
                return Err(Fault::new(
                    Code::Pattern,
                    format!("a value matching the pattern '{}'", alts.join("' or '")),
                ));
            }
        }
        for layer in &self.enumerations {
            if !layer.iter().any(|e| values_equal(builtin, e, value)) {
                let shown: Vec<&str> = layer.iter().take(12).map(|s| &**s).collect();
                let more = if layer.len() > 12 { ", ..." } else { "" };
                return Err(Fault::new(Code::Enumeration, format!("one of ({}{more})", shown.join(", "))));
            }
        }
        if (self.total_digits.is_some() || self.fraction_digits.is_some())
            && let Some(d) = Decimal::parse(value)
        {
            if let Some(n) = self.total_digits.filter(|&n| d.total_digits() > n) {
                return Err(Fault::new(
                    Code::TotalDigits,
                    format!("at most {n} digits in total (found {})", d.total_digits()),
                ));
            }
            if let Some(n) = self.fraction_digits.filter(|&n| d.fraction_digits() > n) {
                return Err(Fault::new(
                    Code::FractionDigits,
                    format!("at most {n} decimal places (found {})", d.fraction_digits()),
                ));
            }
        }
        // Most facet sets have no bounds: test that before building the table of them.
        if self.min_inclusive.is_none()
            && self.max_inclusive.is_none()
            && self.min_exclusive.is_none()
            && self.max_exclusive.is_none()
        {
            return Ok(());
        }
        let bounds = [
            (&self.min_inclusive, [Ordering::Greater, Ordering::Equal], "at least"),
            (&self.max_inclusive, [Ordering::Less, Ordering::Equal], "at most"),
            (&self.min_exclusive, [Ordering::Greater, Ordering::Greater], "more than"),
            (&self.max_exclusive, [Ordering::Less, Ordering::Less], "less than"),
        ];
        for (bound, ok, words) in bounds {
            if let Some(b) = bound {
                match compare(builtin, value, b) {
                    Some(o) if ok.contains(&o) => {}
                    _ => return Err(Fault::new(Code::Bounds, format!("{words} {b}"))),
                }
            }
        }
        Ok(())
    }

    /// Whether any facet is set (lets the validator skip the call).
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.patterns.is_empty()
            && self.enumerations.is_empty()
            && self.total_digits.is_none()
            && self.fraction_digits.is_none()
            && self.min_inclusive.is_none()
            && self.max_inclusive.is_none()
            && self.min_exclusive.is_none()
            && self.max_exclusive.is_none()
    }
}

/// Equality in the value space where it differs from the text (numbers); text otherwise.
pub(crate) fn values_equal(builtin: Builtin, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if builtin.is_decimal_kind() {
        return matches!((Decimal::parse(a), Decimal::parse(b)), (Some(x), Some(y)) if x.cmp(&y) == Ordering::Equal);
    }
    if matches!(builtin, Builtin::Float | Builtin::Double) {
        return matches!((parse_float(a), parse_float(b)), (Some(x), Some(y)) if x == y);
    }
    false
}

/// Order two values of an ordered type; None when they are not comparable.
fn compare(builtin: Builtin, value: &str, bound: &str) -> Option<Ordering> {
    if builtin.is_decimal_kind() {
        return Some(Decimal::parse(value)?.cmp(&Decimal::parse(bound)?));
    }
    if matches!(builtin, Builtin::Float | Builtin::Double) {
        return parse_float(value)?.partial_cmp(&parse_float(bound)?);
    }
    None
}

/// Whether bounds facets can be honoured on a type (checked when the schema is compiled, so an
/// unsupported bound is a compile error, never a silent pass).
pub(crate) fn bounds_supported(builtin: Builtin) -> bool {
    builtin.is_decimal_kind() || matches!(builtin, Builtin::Float | Builtin::Double)
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    /// The direct checks agree with the regex translation of the same pattern.
    #[test]
    fn direct_patterns_match_their_regex() {
        let values = ["", " ", "a", " a ", "\t", "a\nb", "\r", "12", "1a", "abc", "ABC", "é", "٣", "a b", "\n", "x\r"];
        for src in [".*[^\\s].*", "([0-9])*", "[0-9]*", "([a-zA-Z])*", "[a-zA-Z]*"] {
            let fast = Pattern::new(src).unwrap();
            assert!(!matches!(fast, Pattern::Regex(_)), "{src} has a direct check");
            let re = Pattern::Regex(crate::schema::pattern::compile(src).unwrap());
            for v in values {
                assert_eq!(fast.is_match(v), re.is_match(v), "pattern {src} on {v:?}");
            }
        }
    }
}
