//! Customs office reference number (e.g. `SupervisingOffice/ID`, `ExitOffice/ID`,
//! `DeclarationOfficeID`).
//!
//! 8 characters: a 2-letter country code and 6 capital letters or digits, `[A-Z]{2}[A-Z0-9]{6}`
//! (NCTS code list CL141; all 4,136 offices in the EU reference data COL-Generic-20241105
//! match). Sources: survey A and B, section (b) Identifier formats.

use super::shape::{Class, Part, matches};

pub(super) const DESCRIPTION: &str =
    "customs office: 2-letter country then 6 capital letters or digits (EU reference data CL141)";
pub(super) const EXAMPLE: &str = "GB000040";

const SHAPE: &[Part] = &[Part::exactly(Class::Letter, 2), Part::exactly(Class::LetterOrDigit, 6)];

pub(super) fn check(value: &str) -> Result<(), String> {
    matches(value, SHAPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_offices() {
        for ok in ["GB000040", "GBLBA001", "IEDUB100", "GBABD001"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_offices() {
        let cases = [
            ("", "is empty"),
            ("GB00004", "has 7 characters, expected 8"),
            ("GB0000400", "has 9 characters, expected 8"),
            ("gbLBA001", "character 1 is 'g', expected a capital letter"),
            ("GBlba001", "character 3 is 'l', expected a capital letter or digit"),
            ("G1000040", "character 2 is '1', expected a capital letter"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
