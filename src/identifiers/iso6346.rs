//! Container number (ISO 6346).
//!
//! 11 characters: a 3-letter owner code, a category letter (`U` freight container, `J`
//! detachable equipment, `Z` trailer or chassis), a 6-digit serial number and a check digit,
//! `[A-Z]{3}[UJZ][0-9]{6}[0-9]`. The check digit is the sum of value × 2^i over the first 10
//! characters, modulo 11, modulo 10 (the letter values skip multiples of 11). Sources: survey A
//! and B, section (b) Identifier formats (verified on CSQU3054383, ZEPU0037255, TEXU3070079).
//! CDS and NCTS do not check it themselves: DE 7/10 is `an..17`.

use super::check_character::check_digit;
use super::shape::{Class, Part, matches};

pub(super) const DESCRIPTION: &str = "container number (ISO 6346): 3-letter owner code, category U, J or Z, \
     6-digit serial number, check digit";
pub(super) const EXAMPLE: &str = "CSQU3054383";

const SHAPE: &[Part] = &[
    Part::exactly(Class::Letter, 3),
    Part::exactly(Class::OneOf("UJZ"), 1),
    Part::exactly(Class::Digit, 6),
    Part::exactly(Class::Digit, 1),
];

pub(super) fn check(value: &str) -> Result<(), String> {
    matches(value, SHAPE)?;
    let (body, given) = value.split_at(10);
    let expected = check_digit(body.as_bytes());
    if given.starts_with(expected) { Ok(()) } else { Err(format!("check digit is {given}, expected {expected}")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_containers_the_surveys_verified() {
        for ok in ["CSQU3054383", "ZEPU0037255", "TEXU3070079", "ABCJ0000004", "ABCZ0000005"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn reports_the_expected_check_digit() {
        assert_eq!(check("TEXU3070070").unwrap_err(), "check digit is 0, expected 9");
        assert_eq!(check("CSQU3054384").unwrap_err(), "check digit is 4, expected 3");
    }

    #[test]
    fn refuses_malformed_containers() {
        let cases = [
            ("", "is empty"),
            ("CSQU305438", "has 10 characters, expected 11"),
            ("CSQX3054383", "character 4 is 'X', expected one of 'U', 'J', 'Z'"),
            ("csqu3054383", "character 1 is 'c', expected a capital letter"),
            ("CSQU30543A3", "character 10 is 'A', expected a digit"),
            ("AD12345", "character 3 is '1', expected a capital letter"),
            ("CSQU 3054383", "character 5 is ' ', expected a digit"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
