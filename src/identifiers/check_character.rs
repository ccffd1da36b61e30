//! The ISO 6346 check character, shared by container numbers and MRNs.
//!
//! Each character has a value: a digit its own value, a letter a value from [`LETTER_VALUES`]
//! (A = 10, then counting up but skipping the multiples of 11). The sum of value × 2^i over the
//! characters (i = 0 from the left) modulo 11, then modulo 10, is the check digit. ISO 6346
//! defines it for container numbers; NCTS rule R0028 applies it to MRNs (survey A and B, section
//! (b) Identifier formats; HMRC transit frontends' `MovementReferenceNumber.scala`).

/// Values of `A..=Z` in the check-character sum: 10 upwards, skipping 11, 22 and 33.
const LETTER_VALUES: [u32; 26] =
    [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38];

fn value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'A'..=b'Z' => LETTER_VALUES[usize::from(b - b'A')],
        // The shapes admit only digits and capital letters before the check character.
        _ => 0,
    }
}

/// The check digit (`'0'..='9'`) of `body`: at most 17 digits and capital letters (an MRN
/// without its last character, or the first 10 characters of a container number).
pub(super) fn check_digit(body: &[u8]) -> char {
    debug_assert!(body.len() <= 17, "2^i overflows past 25 characters; identifiers stop at 17");
    let sum: u32 = body.iter().enumerate().map(|(i, &b)| value(b) << i).sum();
    char::from(b'0' + (sum % 11 % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_values_skip_multiples_of_eleven() {
        let table: Vec<(char, u32)> = ('A'..='Z').map(|c| (c, value(c as u8))).collect();
        assert_eq!(table[0], ('A', 10));
        assert_eq!(table[1], ('B', 12));
        assert_eq!(table[10], ('K', 21));
        assert_eq!(table[11], ('L', 23));
        assert_eq!(table[20], ('U', 32));
        assert_eq!(table[21], ('V', 34));
        assert_eq!(table[25], ('Z', 38));
        assert!(LETTER_VALUES.iter().all(|v| v % 11 != 0));
        assert!(LETTER_VALUES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn check_digits_of_known_values() {
        // ISO 6346's own example, and an MRN from an HMRC sample notification.
        assert_eq!(check_digit(b"CSQU305438"), '3');
        assert_eq!(check_digit(b"18GBJCUDH7A1RGWD5"), '0');
    }
}
