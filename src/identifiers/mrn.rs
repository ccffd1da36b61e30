//! MRN (Movement Reference Number), the reference customs give an accepted declaration.
//!
//! 18 characters: 2 digits (year), a 2-letter country code, 13 capital letters or digits and a
//! check digit, `\d{2}[A-Z]{2}[A-Z0-9]{13}\d` (HMRC transit `MovementReferenceNumber.scala`).
//! The check digit is the ISO 6346 one over the first 17 characters (NCTS Phase 5 rule R0028;
//! error 93 "The 'Check digit' is not valid"). Sources: survey A and B, section (b) Identifier
//! formats; both verified the algorithm on real CDS MRNs.

use super::check_character::check_digit;
use super::shape::{Class, Part, matches};

pub(super) const DESCRIPTION: &str = "MRN: 2 digits (year), 2-letter country, 13 capital letters or digits, \
     ISO 6346 check digit (NCTS R0028)";
pub(super) const EXAMPLE: &str = "18GBJCUDH7A1RGWD50";

const SHAPE: &[Part] = &[
    Part::exactly(Class::Digit, 2),
    Part::exactly(Class::Letter, 2),
    Part::exactly(Class::LetterOrDigit, 13),
    Part::exactly(Class::Digit, 1),
];

pub(super) fn check(value: &str) -> Result<(), String> {
    matches(value, SHAPE)?;
    let (body, given) = value.split_at(17);
    let expected = check_digit(body.as_bytes());
    if given.starts_with(expected) { Ok(()) } else { Err(format!("check character is {given}, expected {expected}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_mrns_the_surveys_verified() {
        for ok in [
            "21DE27364916384836",
            "22ITZXBZYUTJFLJXK6",
            "18GBJCUDI9ADRHWD54",
            "18GBJCUDH7A1RGWD50",
            "18GBJCUGF1ABRNE430",
            "25GB34F7Y1O2CX8PT4",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn reports_the_expected_check_character() {
        // HMRC cds-reimbursement's test MRN: regex-valid, but its check digit is wrong.
        assert_eq!(check("19GB03I52858027001").unwrap_err(), "check character is 1, expected 6");
        assert_eq!(check("21DE27364916384835").unwrap_err(), "check character is 5, expected 6");
    }

    #[test]
    fn refuses_malformed_mrns() {
        let cases = [
            ("", "is empty"),
            ("21DE2736491638483", "has 17 characters, expected 18"),
            ("21DE273649163848361", "has 19 characters, expected 18"),
            ("21de27364916384836", "character 3 is 'd', expected a capital letter"),
            ("2XDE27364916384836", "character 2 is 'X', expected a digit"),
            ("21DE2736491638483X", "character 18 is 'X', expected a digit"),
            ("21DE27364-16384836", "character 10 is '-', expected a capital letter or digit"),
            ("21DE2736491638483€", "character 18 is '€', expected a digit"),
            ("21DE27364916384836 ", "has a trailing space"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
