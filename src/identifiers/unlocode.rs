//! UN/LOCODE (United Nations code for trade and transport locations), e.g.
//! `TradeTerms/LocationID`, `LoadingLocation/ID`.
//!
//! 5 characters: a 2-letter country code and a 3-character location code of capital letters and
//! the digits 2-9, `[A-Z]{2}[A-Z2-9]{3}` (UNECE Recommendation 16; 55,381 of 55,382 entries in
//! the EU reference data COL-Generic-20241105 match, the exception being `ESCCu`). Sources:
//! survey A and B, section (b) Identifier formats.

use super::shape::{Class, Part, matches};

pub(super) const DESCRIPTION: &str =
    "UN/LOCODE: 2-letter country then 3 capital letters or digits 2-9 (UNECE Rec. 16, EU reference data)";
pub(super) const EXAMPLE: &str = "GBFXT";

const SHAPE: &[Part] = &[Part::exactly(Class::Letter, 2), Part::exactly(Class::LetterOrDigit2To9, 3)];

pub(super) fn check(value: &str) -> Result<(), String> {
    matches(value, SHAPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_locodes() {
        for ok in ["GBFXT", "GBLHR", "IMDGS", "USNYC", "DEA2B", "FR999"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_locodes() {
        let cases = [
            ("", "is empty"),
            ("DTM", "has 3 characters, expected 5"),
            ("GBBWPT", "has 6 characters, expected 5"),
            ("ESCCu", "character 5 is 'u', expected a capital letter or a digit 2-9"),
            ("GBA1B", "character 4 is '1', expected a capital letter or a digit 2-9"),
            ("GB0XT", "character 3 is '0', expected a capital letter or a digit 2-9"),
            ("GB FXT", "character 3 is ' ', expected a capital letter or a digit 2-9"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
