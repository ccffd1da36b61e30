//! WCO UCR (Unique Consignment Reference), data element 2/4 (`UCR/TraderAssignedReferenceID`).
//!
//! The WCO recommendation (June 2004) builds a UCR from the last digit of a year, the ISO country
//! code of the issuer and a reference unique to it; it has no check digit. The checkable form is
//! HMRC's inventory-linking UCR pattern `[0-9][A-Z][A-Z][0-9A-Z()\-/]{6,32}`, at most 35
//! characters (hmrc/wco-dec `inventoryLinkingCommonTypes.xsd`). Sources: survey A and B, section
//! (b) Identifier formats.

use super::shape::{Class, Part, matches};

pub(super) const DESCRIPTION: &str = "WCO UCR: year digit, 2-letter country, 6-32 capital letters, digits or - / ( ) \
     (HMRC inventory linking, an..35)";
pub(super) const EXAMPLE: &str = "1GB553202734852-20210607";

const SHAPE: &[Part] =
    &[Part::exactly(Class::Digit, 1), Part::exactly(Class::Letter, 2), Part::between(Class::UcrCharacter, 6, 32)];

pub(super) fn check(value: &str) -> Result<(), String> {
    matches(value, SHAPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ucrs() {
        for ok in [
            "1GB553202734852-20210607",
            "9GB123456",
            "0GB553202734852-BS12345",
            "5DE(A)/B-C",
            "9GB12345678901234567890123456789012",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_ucrs() {
        let cases = [
            ("", "is empty"),
            ("9GB12345", "has 8 characters, expected at least 9"),
            ("DUCRGB553202734852-12345", "character 1 is 'D', expected a digit"),
            ("9gb123456", "character 2 is 'g', expected a capital letter"),
            ("9GB123456.7", "character 10 is '.', expected a capital letter, digit, '-', '/', '(' or ')'"),
            ("9GB123456789012345678901234567890123", "has 36 characters, expected at most 35"),
        ];
        for (value, reason) in cases {
            assert_eq!(check(value).unwrap_err(), reason, "{value:?}");
        }
    }
}
