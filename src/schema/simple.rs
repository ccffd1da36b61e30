//! Checking a value against a simple type: whitespace, lexical space, then facets.

use super::datatype::{Builtin, normalize};
use super::facets::{Facets, Fault, Pattern};
use super::pattern::Class;
use super::{Schema, SimpleId, SimpleType, Variety};
use crate::report::Code;

/// Check a raw value (as it appeared in the message, entities resolved) against a simple type.
pub(crate) fn check(schema: &Schema, ty: SimpleId, raw: &str) -> Result<(), Fault> {
    let st = &schema.simple[ty as usize];
    if st.quick.as_ref().is_some_and(|q| q.accepts(raw)) {
        return Ok(());
    }
    check_fully(schema, st, raw)
}

/// [`check`] without the quick check: whitespace, lexical space, then every facet.
fn check_fully(schema: &Schema, st: &SimpleType, raw: &str) -> Result<(), Fault> {
    let value = normalize(raw, st.whitespace);
    match &st.variety {
        Variety::Atomic(b) => {
            b.check(&value).map_err(|m| Fault::new(Code::InvalidValue, m.strip_prefix("expected ").unwrap_or(m)))?;
            if st.facets.is_empty() {
                return Ok(());
            }
            st.facets.check(*b, &value, None)
        }
        Variety::List(item) => {
            let mut n = 0;
            for part in value.split(' ').filter(|p| !p.is_empty()) {
                check(schema, *item, part)?;
                n += 1;
            }
            st.facets.check(Builtin::String, &value, Some(n))
        }
        Variety::Union(members) => {
            let mut first_fault = None;
            let mut matched = None;
            for m in members {
                match check(schema, *m, raw) {
                    Ok(()) => {
                        matched = Some(*m);
                        break;
                    }
                    Err(f) => {
                        first_fault.get_or_insert(f);
                    }
                }
            }
            let Some(m) = matched else {
                let names: Vec<String> = members
                    .iter()
                    .map(|m| schema.simple[*m as usize].name.as_deref().unwrap_or("(anonymous)").to_string())
                    .collect();
                return Err(Fault::new(
                    Code::InvalidValue,
                    format!("a value of one of the union's member types ({})", names.join(", ")),
                ));
            };
            let b = schema.simple[m as usize].builtin().unwrap_or(Builtin::String);
            st.facets.check(b, &value, None)
        }
    }
}

/// A one-scan check that accepts the values most simple types of customs schemas meet, and
/// passes every other value to the full check ([`check`]), which also tells what is wrong.
///
/// It accepts a value with no white space at all (so every whiteSpace normalisation leaves it
/// unchanged) when its length in bytes alone decides the length facets and the patterns'
/// repeat counts (a character takes one to four bytes), and every byte is in the patterns'
/// classes:
/// - a string, normalizedString or token restricted by length facets and, in each restriction
///   step, one pattern that is [`Pattern::NotBlank`] or a [`Pattern::Repeat`] (such as
///   `an..35` or `[A-Z]{3}`);
/// - a decimal restricted by totalDigits and fractionDigits only (such as `n..16,3`), written
///   as plain digits with an optional `-` and `.`: digits counted as written are never fewer
///   than the value's (leading and trailing zeros do not count there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Quick {
    /// A string without white space.
    Text {
        /// The fewest characters, held against the byte count for an ASCII value.
        min: usize,
        /// The fewest bytes that make certain of `min` characters whatever the characters;
        /// below it, an ASCII value (a character a byte) still has enough.
        min_bytes: usize,
        /// The most characters, held against the byte count (never fewer than the characters).
        max: usize,
        /// The bytes allowed, as a 256-bit set: byte `b` is bit `b % 64` of word `b / 64`.
        bytes: [u64; 4],
    },
    /// `-?digits(.digits)?` with at most `total` digits in all and `fraction` after the point.
    Decimal { total: usize, fraction: usize },
}

impl Quick {
    /// The quick check of a type, `None` where it has a facet or pattern this check does not
    /// decide (enumerations, bounds, literal or regex patterns, lists, unions...).
    pub(crate) fn of(variety: &Variety, f: &Facets) -> Option<Quick> {
        let Variety::Atomic(b) = variety else { return None };
        if !f.enumerations.is_empty()
            || f.min_inclusive.is_some()
            || f.max_inclusive.is_some()
            || f.min_exclusive.is_some()
            || f.max_exclusive.is_some()
        {
            return None;
        }
        match b {
            Builtin::Decimal => {
                let no_length = f.length.is_none() && f.min_length.is_none() && f.max_length.is_none();
                let total = f.total_digits.unwrap_or(usize::MAX);
                let fraction = f.fraction_digits.unwrap_or(usize::MAX);
                (no_length && f.patterns.is_empty()).then_some(Quick::Decimal { total, fraction })
            }
            Builtin::String | Builtin::NormalizedString | Builtin::Token => {
                if f.total_digits.is_some() || f.fraction_digits.is_some() {
                    return None;
                }
                // Every byte above the space, in characters counted from min to max.
                let mut bytes = [u64::MAX << 33, u64::MAX, u64::MAX, u64::MAX];
                let (mut min, mut max) = (0, usize::MAX);
                if let Some(n) = f.length {
                    (min, max) = (n, n);
                }
                min = min.max(f.min_length.unwrap_or(0));
                max = max.min(f.max_length.unwrap_or(usize::MAX));
                for layer in &f.patterns {
                    match layer.matchers.as_slice() {
                        [Pattern::NotBlank] => min = min.max(1),
                        [Pattern::Repeat(r)] => {
                            if let Class::Ascii(set) = r.class {
                                bytes[0] &= set[0];
                                bytes[1] &= set[1];
                                bytes[2] = 0;
                                bytes[3] = 0;
                            }
                            min = min.max(r.min);
                            max = max.min(r.max);
                        }
                        _ => return None,
                    }
                }
                // ASCII only: a byte is a character. Else n characters may take 4n bytes.
                let ascii = bytes[2] == 0 && bytes[3] == 0;
                let min_bytes = if ascii || min == 0 { min } else { min.saturating_mul(4) - 3 };
                Some(Quick::Text { min, min_bytes, max, bytes })
            }
            _ => None,
        }
    }

    /// Whether the value is certainly valid (`false`: the full check decides).
    #[inline]
    pub(crate) fn accepts(&self, raw: &str) -> bool {
        let v = raw.as_bytes();
        match *self {
            Quick::Text { min, min_bytes, max, bytes } => {
                (min..=max).contains(&v.len())
                    && v.iter().all(|&b| bytes[usize::from(b >> 6)] >> (b & 63) & 1 != 0)
                    && (v.len() >= min_bytes || v.is_ascii())
            }
            Quick::Decimal { total, fraction } => {
                let digits = v.strip_prefix(b"-").unwrap_or(v);
                let (int, frac) = match digits.iter().position(|&b| b == b'.') {
                    Some(i) => (&digits[..i], &digits[i + 1..]),
                    None => (digits, &digits[..0]),
                };
                (!int.is_empty() || !frac.is_empty())
                    && int.len() + frac.len() <= total
                    && frac.len() <= fraction
                    && int.iter().chain(frac).all(u8::is_ascii_digit)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Quick, check_fully};
    use crate::schema::Schema;

    /// Simple types like those of customs schemas, and some the quick check must leave alone.
    const TYPES: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="an35"><xs:restriction base="xs:token"><xs:maxLength value="35"/><xs:pattern value=".*[^\s].*"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="an3"><xs:restriction base="xs:string"><xs:minLength value="3"/><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="len2"><xs:restriction base="xs:normalizedString"><xs:length value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="a3"><xs:restriction base="xs:token"><xs:length value="3"/><xs:pattern value="[a-zA-Z]+"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="cur"><xs:restriction base="xs:token"><xs:pattern value="[A-Z]{3}"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="dots"><xs:restriction base="xs:string"><xs:pattern value=".{2,4}"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="steps"><xs:restriction base="cur"><xs:pattern value="[A-Y]*"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="min2"><xs:restriction base="xs:string"><xs:minLength value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="spaced"><xs:restriction base="xs:token"><xs:pattern value="[A-Z ]{1,5}"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="n16_3"><xs:restriction base="xs:decimal"><xs:totalDigits value="16"/><xs:fractionDigits value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="n3_1"><xs:restriction base="xs:decimal"><xs:totalDigits value="3"/><xs:fractionDigits value="1"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="dec"><xs:restriction base="xs:decimal"/></xs:simpleType>
  <xs:simpleType name="enum"><xs:restriction base="xs:token"><xs:enumeration value="A"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="regex"><xs:restriction base="xs:token"><xs:pattern value="[A-Z]{2}\d"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="bound"><xs:restriction base="xs:decimal"><xs:maxInclusive value="10"/></xs:restriction></xs:simpleType>
</xs:schema>"#;

    /// Values around every edge the quick check decides by: white space, lengths in bytes and
    /// characters, classes, signs, points and digit counts.
    const VALUES: &[&str] = &[
        "",
        " ",
        "A",
        "AB",
        "ABC",
        "ABCD",
        "ABCDE",
        "abc",
        "Ab1",
        "A B",
        " AB",
        "AB ",
        "A\tB",
        "A\nB",
        "A\rB",
        "A  B",
        "Z",
        "ZZZ",
        "YYY",
        "é",
        "éé",
        "ééé",
        "😀",
        "😀😀",
        "😀😀😀😀😀",
        "a😀",
        "#&<",
        "0",
        "1",
        "-1",
        "+1",
        "1.",
        ".5",
        "-.5",
        ".",
        "-",
        "--1",
        "1.2.3",
        "12.5",
        "12.55",
        "123",
        "1234",
        "99.9",
        "999.9",
        "0.50",
        "000.5",
        "1e3",
        "10",
        "11",
        "123456789012345678901234567890",
        "１２",
        "35 characters and more, more and more",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHI",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ",
    ];

    fn schema() -> Schema {
        crate::schema::xsd::compile("t.xsd", crate::schema::xsd::Files::Memory([("t.xsd".into(), TYPES.into())].into()))
            .expect("the test types compile")
    }

    #[test]
    fn a_quickly_accepted_value_passes_the_full_check() {
        let schema = schema();
        // The edge values, and every string of up to four of these characters.
        let chars = ["A", "z", "1", "0", " ", "\t", "é", "😀", "-", ".", "+"];
        let mut values: Vec<String> = VALUES.iter().map(|v| v.to_string()).collect();
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last.iter().flat_map(|v| chars.iter().map(move |c| format!("{v}{c}"))).collect();
            values.extend(last.iter().cloned());
        }
        let mut accepted = 0;
        for st in schema.simple.iter().filter(|st| st.name.is_some()) {
            for raw in &values {
                if st.quick.as_ref().is_some_and(|q| q.accepts(raw)) {
                    accepted += 1;
                    assert_eq!(check_fully(&schema, st, raw), Ok(()), "{:?} {raw:?}", st.name);
                }
            }
        }
        assert!(accepted > 1000, "the quick check accepted only {accepted} values");
    }

    #[test]
    fn the_quick_check_applies_where_it_decides_and_accepts_the_common_values() {
        let schema = schema();
        let quick = |name: &str| {
            let st = schema.simple.iter().find(|st| st.name.as_deref() == Some(name)).expect("declared");
            st.quick.clone()
        };
        for name in ["enum", "regex", "bound"] {
            assert_eq!(quick(name), None, "{name}");
        }
        let accepts = |name: &str, v: &str| quick(name).is_some_and(|q| q.accepts(v));
        assert!(accepts("an35", "GB123456789000") && !accepts("an35", "") && !accepts("an35", "A B"));
        assert!(accepts("an35", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHI") && !accepts("an35", &"A".repeat(36)));
        assert!(accepts("a3", "EUR") && !accepts("a3", "EU") && !accepts("a3", "EU1"));
        assert!(accepts("steps", "EUR") && !accepts("steps", "EUZ"));
        // Two bytes may be one character: the full check counts them.
        assert!(accepts("an3", "ABC") && !accepts("an3", "éA") && !accepts("an3", "AB"));
        assert!(accepts("n16_3", "1234.567") && accepts("n16_3", "-0.5") && !accepts("n16_3", "1.2345"));
        assert!(!accepts("n16_3", "+1") && !accepts("n16_3", " 1") && !accepts("n16_3", "."));
        assert!(matches!(quick("dec"), Some(Quick::Decimal { .. })));
    }
}
