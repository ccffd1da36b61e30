//! Constraining facets of simple types, accumulated over every restriction step, and their check.
//!
//! Within one restriction step patterns are alternatives and enumerations a set; across steps
//! every step must hold, so each step's patterns and enumerations are kept as one layer.

use super::datatype::{Builtin, Decimal, parse_float};
use super::pattern::{Matcher, Repeat};
use crate::report::Code;
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

/// A compiled pattern: the simple forms customs schemas use are checked directly, any other
/// pattern through the regex crate. Each direct check is exactly the XSD pattern's meaning (the
/// tests compare every one with the regex translation).
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// `.*[^\s].*`: not blank, and on one line (XSD's `.` matches neither `\n` nor `\r`).
    NotBlank,
    /// A pattern without metacharacters, such as `true`: the value equals the text.
    Literal(Box<str>),
    /// One character class repeated, such as `[A-Z]{3}`, `([0-9])*` or `.{1,3}`.
    Repeat(Repeat),
    /// Any other pattern: its regex translations.
    Regex(Matcher),
}

impl Pattern {
    /// Compile an XSD pattern: [`Pattern::NotBlank`], a literal or one repeated class when the
    /// text has exactly that form, the regex translation (see [`Matcher`])
    /// otherwise. Anything the direct forms do not recognise, including every ill-formed
    /// pattern, goes to the translation, which accepts or rejects it.
    pub fn new(xsd: &str) -> Result<Pattern, super::pattern::PatternError> {
        if xsd == ".*[^\\s].*" {
            return Ok(Pattern::NotBlank);
        }
        if super::pattern::is_literal(xsd) {
            return Ok(Pattern::Literal(xsd.into()));
        }
        if let Some(r) = Repeat::parse(xsd) {
            return Ok(Pattern::Repeat(r));
        }
        Ok(Pattern::Regex(Matcher::new(xsd)?))
    }

    #[inline]
    fn is_match(&self, v: &str) -> bool {
        match self {
            Pattern::NotBlank => {
                !v.bytes().any(|b| b == b'\n' || b == b'\r') && v.bytes().any(|b| !matches!(b, b' ' | b'\t'))
            }
            Pattern::Literal(s) => v == &**s,
            Pattern::Repeat(r) => r.is_match(v),
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
            // A string's length in characters lies between a quarter of its length in bytes and
            // that length: most values are decided by their byte length, without counting.
            let bytes = value.len();
            let decided = item_count.is_none()
                && builtin.length_in_characters()
                && self.length.is_none()
                && self.max_length.is_none_or(|n| bytes <= n)
                && self.min_length.is_none_or(|n| bytes.div_ceil(4) >= n);
            let len = if decided { bytes } else { item_count.unwrap_or_else(|| builtin.length_of(value)) };
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
    use crate::schema::pattern::{self, Class, Matcher, Repeat};

    /// Patterns with a direct check.
    const DIRECT: &[&str] = &[
        ".*[^\\s].*",
        "([0-9])*",
        "[0-9]*",
        "([a-zA-Z])*",
        "[a-zA-Z]*",
        "[a-zA-Z]+",
        "[0-9]+",
        "[A-Z]{3}",
        ".{1,3}",
        "true",
        "false",
        "INV",
        "13",
        "",
        "a b",
        "é😀",
        "#a&&b~~c",
        "([0-9]*)",
        "([A-Z]{2,})",
        "(.)",
        "([0-9])",
        "(.)+",
        "(.?)",
        ".",
        ".*",
        ".+",
        ".?",
        ".{0}",
        ".{2}",
        ".{2,}",
        ".{0,2}",
        ".{1000}",
        ".{0,1000}",
        ".{1000,}",
        "[a-zA-Z]{1000}",
        "[A-Za-z0-9 ]{0,5}",
        "[0-9A-Z]{1,15}",
        "[a]",
        "[aa]?",
        "[ -~]+",
        "[!-/]*",
        "[\\-.]+",
        "[a\\-z]?",
        "[\\n\\r\\t]*",
        "[\\\\\\|\\.\\^\\?\\*\\+\\{\\}\\(\\)\\[\\]]+",
        "[a-a]{1}",
        "[z]{01,002}",
    ];

    /// Patterns left to the regex crate (unusual, Unicode-dependent or beyond one repeated class).
    const REGEX: &[&str] = &[
        "[^a]+",
        "[a-z]+|x",
        "true|false",
        "\\p{L}+",
        "[a-z-[aeiou]]+",
        "\\d+",
        "\\d{3}",
        "[\\d]",
        "[0-9\\s]",
        "(20\\d{6})(\\d{6}(Z|[-+]\\d\\d))?",
        "[-a]",
        "[a-]",
        "[a^]",
        "[\\--/]",
        "[!-\\-]",
        "[é]",
        "[\t]",
        "([0-9]{2})*",
        "(([0-9]))",
        "[0-9]{1001}",
        "[0-9]{0,1001}",
        "a*",
        "a{2}",
        "a^b$",
        "x-y",
        "[a-z]+[0-9]",
        "()",
        "(.)(.)",
    ];

    /// Values every direct check is compared with the regex on: lengths around the bounds used
    /// above, whitespace, line ends, non-ASCII letters, Unicode digits and multibyte characters.
    const VALUES: &[&str] = &[
        "",
        " ",
        "  ",
        "a",
        " a ",
        "\t",
        "a\nb",
        "\n",
        "\r",
        "x\r",
        "\r\n",
        "a\tb",
        "12",
        "1a",
        "a1",
        "abc",
        "ABC",
        "abcd",
        "ABCD",
        "AB",
        "EUR",
        "eur",
        "EU",
        "EURO",
        "USD1",
        "é",
        "éé",
        "ééé",
        "éééé",
        "a€",
        "€€€",
        "€€€€",
        "😀",
        "😀😀😀",
        "😀😀😀😀",
        "٣",
        "١٢٣",
        "٣٣٣٣",
        "０",
        "true",
        "True",
        "true ",
        "false",
        "INV",
        "13",
        "013",
        "a b",
        "é😀",
        "#a&&b~~c",
        "#a&&b~~c}",
        "-",
        "-.-",
        "a-z",
        "\\",
        "|.^?*+{}()[]",
        "0123456789",
        "DE1",
        "GB123456789ABCDEF",
        "GB123456789ABCDEFG",
        "~",
        "\u{7f}",
        "\u{0}",
        "\u{a0}",
        "\u{2028}",
        "ǅ",
        "İ",
        "K",
    ];

    /// Every string of up to three characters over a small alphabet.
    fn short_strings() -> Vec<String> {
        let alphabet = ['a', 'z', 'Z', '0', '9', ' ', '\t', '\n', '\r', '-', '.', 'é', '٣', '😀', '~', '\u{7f}'];
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..3 {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{c}"))).collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    fn agree(src: &str, values: impl IntoIterator<Item = impl AsRef<str>>) {
        let fast = Pattern::new(src).unwrap();
        let re = Pattern::Regex(Matcher::new(src).unwrap());
        for v in values {
            let v = v.as_ref();
            assert_eq!(fast.is_match(v), re.is_match(v), "pattern {src:?} on {v:?} ({fast:?})");
        }
    }

    /// The direct checks agree with the regex translation of the same pattern.
    #[test]
    fn direct_patterns_match_their_regex() {
        let short = short_strings();
        for &src in DIRECT {
            assert!(!matches!(Pattern::new(src).unwrap(), Pattern::Regex(_)), "{src:?} has a direct check");
            agree(src, VALUES);
            agree(src, &short);
            // Runs of one character around the quantifier bounds.
            for c in ["a", "A", "0", " ", "é", "😀", "\n", "-", "~"] {
                agree(src, (0..=6).chain(999..=1001).map(|n| c.repeat(n)));
            }
        }
    }

    /// The same agreement on the whole table of the translator's tests.
    #[test]
    fn direct_patterns_agree_on_the_translation_table() {
        for &(src, accepted, rejected) in pattern::tests::CASES {
            let p = Pattern::new(src).unwrap();
            for v in accepted.iter().chain(rejected.iter()) {
                assert_eq!(p.is_match(v), accepted.contains(v), "pattern {src:?} on {v:?} ({p:?})");
            }
        }
        for &src in pattern::tests::ERRORS {
            assert!(Pattern::new(src).is_err(), "{src:?} is not a valid XSD pattern");
        }
    }

    #[test]
    fn unusual_patterns_go_to_the_regex() {
        for &src in REGEX {
            assert!(matches!(Pattern::new(src).unwrap(), Pattern::Regex(_)), "{src:?} is left to the regex crate");
        }
    }

    #[test]
    fn recognised_forms() {
        let rep = |src| match Pattern::new(src).unwrap() {
            Pattern::Repeat(r) => r,
            other => panic!("{src:?} -> {other:?}"),
        };
        let digits = [0x03ff << b'0', 0];
        assert_eq!(rep("([0-9])*"), Repeat { class: Class::Ascii(digits), min: 0, max: usize::MAX });
        assert_eq!(rep("[0-9]+"), Repeat { class: Class::Ascii(digits), min: 1, max: usize::MAX });
        assert_eq!(rep(".{1,3}"), Repeat { class: Class::Wildcard, min: 1, max: 3 });
        assert_eq!(rep("[A-Z]{3}"), Repeat { class: Class::Ascii([0, 0x03ff_ffff << (b'A' - 64)]), min: 3, max: 3 });
        assert!(matches!(Pattern::new("true").unwrap(), Pattern::Literal(s) if &*s == "true"));
        assert!(matches!(Pattern::new(".*[^\\s].*").unwrap(), Pattern::NotBlank));
    }
}
