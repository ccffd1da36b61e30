//! EORI number (Economic Operators Registration and Identification).
//!
//! Generic EU/WCO form `[A-Z]{2}[\x21-\x7E]{1,15}`: a 2-letter country code and up to 15
//! printable characters (NCTS Phase 5 rule R0850, quoting the XSD pattern). EORIs issued by the
//! UK (prefix `GB`, or `XI` for Northern Ireland) are stricter: `(GB|XI)` then 12 or 15 digits
//! (HMRC ukim-auth-checker-frontend `EoriForm.scala`, `^(GB|XI)[0-9]{12}([0-9]{3})?$`). Sources:
//! survey A and B, section (b) Identifier formats.

use super::shape::{Class, Part, fits, matches};

pub(super) const DESCRIPTION: &str = "EORI: 2 capital letters then 1-15 printable characters (NCTS R0850); \
     GB and XI EORIs: GB or XI then 12 or 15 digits (HMRC)";
pub(super) const EXAMPLE: &str = "GB553202734852";

const GENERIC: &[Part] = &[Part::exactly(Class::Letter, 2), Part::between(Class::Printable, 1, 15)];
const UK: &[Part] = &[Part::exactly(Class::Letter, 2), Part::between(Class::Digit, 12, 15)];

pub(super) fn check(value: &str) -> Result<(), String> {
    // The common case in one pass: a well-formed GB or XI EORI also has the generic form.
    let b = value.as_bytes();
    if (b.starts_with(b"GB") || b.starts_with(b"XI")) && matches!(b.len(), 14 | 17) && fits(b, UK) {
        return Ok(());
    }
    matches(value, GENERIC)?;
    if !(value.starts_with("GB") || value.starts_with("XI")) {
        return Ok(());
    }
    let uk = |reason: String| format!("{reason} (GB and XI EORIs are GB or XI then 12 or 15 digits)");
    matches(value, UK).map_err(uk)?;
    match value.len() - 2 {
        12 | 15 => Ok(()),
        n => Err(uk(format!("has {n} digits after {}", &value[..2]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uk_and_eu_eoris() {
        for ok in ["GB553202734852", "XI553202734852", "GB717572504502802", "DE021111236000000", "FR1", "IE9Z-A/b"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_eoris() {
        let cases = [
            ("", "is empty"),
            ("GB", "has 2 characters, expected at least 3"),
            ("gb553202734852", "character 1 is 'g', expected a capital letter"),
            ("G1553202734852", "character 2 is '1', expected a capital letter"),
            ("DE1234567890123456", "has 18 characters, expected at most 17"),
            ("DE 123", "character 3 is ' ', expected a printable ASCII character other than space"),
            ("DE12é", "character 5 is 'é', expected a printable ASCII character other than space"),
            (" GB553202734852", "has a leading space"),
            ("GB553202734852 ", "has a trailing space"),
            (
                "GB553202734",
                "has 11 characters, expected at least 14 (GB and XI EORIs are GB or XI then 12 or 15 digits)",
            ),
            ("GB5532027348521", "has 13 digits after GB (GB and XI EORIs are GB or XI then 12 or 15 digits)"),
            (
                "XI55320273485A",
                "character 14 is 'A', expected a digit (GB and XI EORIs are GB or XI then 12 or 15 digits)",
            ),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
