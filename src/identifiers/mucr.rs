//! MUCR (Master Unique Consignment Reference), a UK UCR for a consolidation
//! (`PreviousDocument` with `TypeCode` `MCR`).
//!
//! At most 35 characters, in one of four forms (HMRC customs-declare-exports-frontend
//! `FieldValidator.validMucr`):
//! `GB/[0-9A-Z]{3,4}-[0-9A-Z]{5,28}`, `GB/[0-9A-Z]{9,12}-[0-9A-Z]{1,23}`,
//! `A:[0-9A-Z]{3}[0-9]{8}` and `C:[A-Z]{3}[0-9A-Z]{3,30}`.
//! The frontend upper-cases what a user types; a declaration carries the value as sent, so lower
//! case is refused here. Sources: survey A and B, section (b) Identifier formats.

use super::shape::{Class, Part, characters, matches, not_blank};

pub(super) const DESCRIPTION: &str = "MUCR: GB/ then 3-4 letters or digits, '-', 5-28 more; GB/ then 9-12, '-', 1-23 more; \
     A: then 3 letters or digits and 8 digits; or C: then 3 letters and 3-30 letters or digits; at most 35 (HMRC)";
pub(super) const EXAMPLE: &str = "GB/PL38-PWE6JBRK0U2GO0SOQYJ6XHCAL";

const MAX_LEN: usize = 35;
const GB_SHORT: &[Part] = &[
    Part::literal("G"),
    Part::literal("B"),
    Part::literal("/"),
    Part::between(Class::LetterOrDigit, 3, 4),
    Part::literal("-"),
    Part::between(Class::LetterOrDigit, 5, 28),
];
const GB_LONG: &[Part] = &[
    Part::literal("G"),
    Part::literal("B"),
    Part::literal("/"),
    Part::between(Class::LetterOrDigit, 9, 12),
    Part::literal("-"),
    Part::between(Class::LetterOrDigit, 1, 23),
];
const A: &[Part] =
    &[Part::literal("A"), Part::literal(":"), Part::exactly(Class::LetterOrDigit, 3), Part::exactly(Class::Digit, 8)];
const C: &[Part] = &[
    Part::literal("C"),
    Part::literal(":"),
    Part::exactly(Class::Letter, 3),
    Part::between(Class::LetterOrDigit, 3, 30),
];

pub(super) fn check(value: &str) -> Result<(), String> {
    not_blank(value)?;
    let len = value.chars().count();
    if len > MAX_LEN {
        return Err(format!("has {}, expected at most {MAX_LEN}", characters(len)));
    }
    if let Some(rest) = value.strip_prefix("GB/") {
        // The two GB forms differ by the length of the part before the first '-'.
        let head = rest.chars().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit()).count();
        match head {
            3 | 4 => matches(value, GB_SHORT),
            9..=12 => matches(value, GB_LONG),
            n => Err(format!("has {} between GB/ and '-', expected 3-4 or 9-12 letters or digits", characters(n))),
        }
    } else if value.starts_with("A:") {
        matches(value, A)
    } else if value.starts_with("C:") {
        matches(value, C)
    } else {
        Err("expected GB/, A: or C: at the start".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_each_form() {
        for ok in [
            "GB/PL38-PWE6JBRK0U2GO0SOQYJ6XHCAL",
            "GB/4I3P-DSL3CDGQWQKGG8",
            "GB/ABC-12345",
            "GB/123456789-1",
            "GB/123456789012-1234567890123456789",
            "A:14082031051",
            "A:ABC12345678",
            "C:ABC123",
            "C:ABC123456789012345678901234567890",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_mucrs() {
        let cases = [
            ("", "is empty"),
            ("CSPUCN123", "expected GB/, A: or C: at the start"),
            ("2GB553202734852-20220215", "expected GB/, A: or C: at the start"),
            ("gb/ABC-12345", "expected GB/, A: or C: at the start"),
            ("GB/1234-:3333HB", "character 9 is ':', expected a capital letter or digit"),
            ("GB/12345-ABCDEF", "has 5 characters between GB/ and '-', expected 3-4 or 9-12 letters or digits"),
            ("GB/ABC-1234", "has 11 characters, expected at least 12"),
            ("GB/ABC", "has 6 characters, expected at least 12"),
            ("A:1408203105", "has 12 characters, expected 13"),
            ("A:ABC1234567X", "character 13 is 'X', expected a digit"),
            ("C:AB1234", "character 5 is '1', expected a capital letter"),
            ("C:ABC12", "has 7 characters, expected at least 8"),
            ("GB/1234-1234567890123456789012345678", "has 36 characters, expected at most 35"),
            ("GB/ABC-12345 ", "has a trailing space"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
