//! DUCR (Declaration Unique Consignment Reference), a UK UCR for one declaration
//! (`PreviousDocument` with `TypeCode` `DCR`).
//!
//! The last digit of the year, the declarant's `GB` or `XI` EORI (country code and 12 digits), a
//! `-` and the trader's own reference of up to 19 characters:
//! `[0-9][A-Z]{2}[0-9]{12}-[-/()A-Z0-9]{1,19}` (HMRC customs-declare-exports-frontend
//! `FieldValidator.ducrPattern`), e.g. `9GB123456789000-1234`. Sources: survey A and B, section
//! (b) Identifier formats.

use super::shape::{Class, Part, matches};

pub(super) const DESCRIPTION: &str = "DUCR: year digit, 2-letter country, 12 digits, '-', 1-19 capital letters, \
     digits or - / ( ) (HMRC)";
pub(super) const EXAMPLE: &str = "9GB123456789000-1234";

const SHAPE: &[Part] = &[
    Part::exactly(Class::Digit, 1),
    Part::exactly(Class::Letter, 2),
    Part::exactly(Class::Digit, 12),
    Part::literal("-"),
    Part::between(Class::UcrCharacter, 1, 19),
];

pub(super) fn check(value: &str) -> Result<(), String> {
    matches(value, SHAPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ducrs() {
        for ok in ["9GB123456789000-1234", "4GB896458895015-2810-02", "4XI553202734852-A172G8", "1GB123456789012-(A)/1"]
        {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        assert_eq!(check("9GB123456789000-1234567890123456789"), Ok(()));
    }

    #[test]
    fn refuses_malformed_ducrs() {
        let cases = [
            ("", "is empty"),
            ("9GB123456789000", "has 15 characters, expected at least 17"),
            ("9GB123456789000-", "has 16 characters, expected at least 17"),
            ("21GB553202734852-12345", "character 2 is '1', expected a capital letter"),
            ("DUCRGB553202734852-1111111", "character 1 is 'D', expected a digit"),
            ("4GBXI553202734852-20240501", "character 4 is 'X', expected a digit"),
            ("9GB12345678900-1234", "character 15 is '-', expected a digit"),
            ("9GB123456789000-12345678901234567890", "has 36 characters, expected at most 35"),
            ("9GB123456789000-abc", "character 17 is 'a', expected a capital letter, digit, '-', '/', '(' or ')'"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
