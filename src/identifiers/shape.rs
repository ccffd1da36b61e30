//! The fixed shapes identifiers have, written as data and matched left to right.
//!
//! A shape is a list of [`Part`]s, each a run of characters of one [`Class`]. Runs are matched
//! greedily without backtracking, which is exact for every shape in this module: a variable run
//! is either the last part or followed by a character its class does not accept. The error
//! names the first character that does not fit (1-based position, counted in characters, not
//! bytes) or the length that is wrong, in words a declarant understands.
//!
//! A value is first matched byte by byte, which allocates nothing; only a value that does not
//! fit is matched again character by character to say why. Every class accepts ASCII
//! characters only and no blank, so the two matches agree: a byte of a multi-byte character
//! never fits, and a value that fits has no blank at either end.

use std::fmt;

/// The characters one position of an identifier accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// `0-9`.
    Digit,
    /// `A-Z` (capital letters only).
    Letter,
    /// `A-Z0-9`.
    LetterOrDigit,
    /// Any printable ASCII character except space (`\x21-\x7E`).
    Printable,
    /// `A-Z2-9`: a UN/LOCODE location code character.
    LetterOrDigit2To9,
    /// `A-Z0-9` and `-`, `/`, `(`, `)`: a UCR reference character.
    UcrCharacter,
    /// One of the given characters.
    OneOf(&'static str),
}

impl Class {
    fn accepts(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::Letter => c.is_ascii_uppercase(),
            Class::LetterOrDigit => c.is_ascii_uppercase() || c.is_ascii_digit(),
            Class::Printable => c.is_ascii_graphic(),
            Class::LetterOrDigit2To9 => c.is_ascii_uppercase() || ('2'..='9').contains(&c),
            Class::UcrCharacter => c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '/' | '(' | ')'),
            Class::OneOf(set) => set.contains(c),
        }
    }

    /// Which ASCII characters the class accepts (entry `b` for byte `b`). Sets given with
    /// [`Class::OneOf`] must be ASCII and hold no blank, which the shapes' constants check when
    /// they are built.
    const fn ascii(self) -> [bool; 128] {
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            let (digit, upper) = (c.is_ascii_digit(), c.is_ascii_uppercase());
            table[b] = match self {
                Class::Digit => digit,
                Class::Letter => upper,
                Class::LetterOrDigit => upper || digit,
                Class::Printable => c.is_ascii_graphic(),
                Class::LetterOrDigit2To9 => upper || (digit && c >= b'2'),
                Class::UcrCharacter => upper || digit || matches!(c, b'-' | b'/' | b'(' | b')'),
                Class::OneOf(_) => false,
            };
            b += 1;
        }
        if let Class::OneOf(set) = self {
            let (set, mut i) = (set.as_bytes(), 0);
            while i < set.len() {
                assert!(set[i].is_ascii_graphic(), "a class accepts ASCII characters other than blanks only");
                table[set[i] as usize] = true;
                i += 1;
            }
        }
        table
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Class::Digit => f.write_str("a digit"),
            Class::Letter => f.write_str("a capital letter"),
            Class::LetterOrDigit => f.write_str("a capital letter or digit"),
            Class::Printable => f.write_str("a printable ASCII character other than space"),
            Class::LetterOrDigit2To9 => f.write_str("a capital letter or a digit 2-9"),
            Class::UcrCharacter => f.write_str("a capital letter, digit, '-', '/', '(' or ')'"),
            Class::OneOf(set) if set.chars().count() == 1 => write!(f, "'{set}'"),
            Class::OneOf(set) => {
                f.write_str("one of ")?;
                for (i, c) in set.chars().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "'{c}'")?;
                }
                Ok(())
            }
        }
    }
}

/// A run of `min..=max` characters of one class.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    class: Class,
    /// `class.ascii()`, for matching bytes.
    ascii: [bool; 128],
    min: usize,
    max: usize,
}

impl Part {
    /// Exactly `n` characters of `class`.
    pub(super) const fn exactly(class: Class, n: usize) -> Part {
        Part::between(class, n, n)
    }

    /// Between `min` and `max` characters of `class`.
    pub(super) const fn between(class: Class, min: usize, max: usize) -> Part {
        Part { class, ascii: class.ascii(), min, max }
    }

    /// The literal text `s`, one character.
    pub(super) const fn literal(s: &'static str) -> Part {
        Part::exactly(Class::OneOf(s), 1)
    }

    /// Whether byte `b` of a value fits: never a byte of a multi-byte character.
    fn accepts_byte(&self, b: u8) -> bool {
        self.ascii.get(usize::from(b)).copied().unwrap_or(false)
    }
}

/// Refuse an empty value and one with blanks around it: identifiers are never trimmed, a space
/// there is a mistake the declarant should see.
pub(super) fn not_blank(value: &str) -> Result<(), String> {
    match (value.chars().next(), value.chars().next_back()) {
        (None, _) | (_, None) => Err("is empty".to_owned()),
        (Some(c), _) if c.is_whitespace() => Err(format!("has a leading {}", blank(c))),
        (_, Some(c)) if c.is_whitespace() => Err(format!("has a trailing {}", blank(c))),
        _ => Ok(()),
    }
}

fn blank(c: char) -> String {
    if c == ' ' { "space".to_owned() } else { format!("blank character {c:?}") }
}

/// Match `value` against `parts`, whole.
pub(super) fn matches(value: &str, parts: &[Part]) -> Result<(), String> {
    if fits(value.as_bytes(), parts) { Ok(()) } else { explain(value, parts) }
}

/// Whether `value` matches `parts` whole, by the same greedy runs as [`explain`], without
/// allocating. An empty value never fits (no shape accepts one).
pub(super) fn fits(value: &[u8], parts: &[Part]) -> bool {
    let mut rest = value;
    for part in parts {
        let n = rest.iter().take(part.max).take_while(|&&b| part.accepts_byte(b)).count();
        if n < part.min {
            return false;
        }
        rest = &rest[n..];
    }
    rest.is_empty() && !value.is_empty()
}

/// Why `value` does not match `parts`: the first wrong character or the wrong length (`Ok` when
/// it does match after all, which [`matches`] never asks).
fn explain(value: &str, parts: &[Part]) -> Result<(), String> {
    not_blank(value)?;
    let min_len: usize = parts.iter().map(|p| p.min).sum();
    let max_len: usize = parts.iter().map(|p| p.max).sum();
    let len = value.chars().count();
    let mut chars = value.chars().peekable();
    let mut position = 0;
    // The class of the last part when it could have taken one more character.
    let mut open = None;
    for part in parts {
        let mut n = 0;
        while n < part.max && chars.peek().is_some_and(|&c| part.class.accepts(c)) {
            chars.next();
            n += 1;
            position += 1;
        }
        if n < part.min {
            return Err(match chars.peek() {
                None => too_short(len, min_len, max_len),
                Some(&c) => format!("character {} is {c:?}, expected {}", position + 1, part.class),
            });
        }
        open = if n < part.max { Some(part.class) } else { None };
    }
    match (chars.next(), open) {
        (None, _) => Ok(()),
        (Some(c), Some(class)) => Err(format!("character {} is {c:?}, expected {class}", position + 1)),
        (Some(_), None) if len > max_len => Err(too_long(len, min_len, max_len)),
        (Some(c), None) => Err(format!("character {} is {c:?}, expected the end", position + 1)),
    }
}

fn too_short(len: usize, min: usize, max: usize) -> String {
    let len = characters(len);
    if min == max { format!("has {len}, expected {min}") } else { format!("has {len}, expected at least {min}") }
}

fn too_long(len: usize, min: usize, max: usize) -> String {
    let len = characters(len);
    if min == max { format!("has {len}, expected {max}") } else { format!("has {len}, expected at most {max}") }
}

/// "1 character", "2 characters".
pub(super) fn characters(n: usize) -> String {
    if n == 1 { "1 character".to_owned() } else { format!("{n} characters") }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &[Part] = &[Part::exactly(Class::Letter, 2), Part::literal("-"), Part::between(Class::Digit, 1, 3)];

    #[test]
    fn accepts_the_shape() {
        assert_eq!(matches("AB-1", CODE), Ok(()));
        assert_eq!(matches("AB-123", CODE), Ok(()));
    }

    #[test]
    fn names_the_first_wrong_character() {
        assert_eq!(matches("Ab-1", CODE).unwrap_err(), "character 2 is 'b', expected a capital letter");
        assert_eq!(matches("AB+1", CODE).unwrap_err(), "character 3 is '+', expected '-'");
        assert_eq!(matches("AB-1X", CODE).unwrap_err(), "character 5 is 'X', expected a digit");
        let dash_last = &[Part::between(Class::Digit, 1, 3), Part::literal("-")];
        assert_eq!(matches("1-x", dash_last).unwrap_err(), "character 3 is 'x', expected the end");
        // As long as the longest value the shape takes, but with characters left after its
        // last part: the first of them is wrong, not the length.
        assert_eq!(matches("1-xy", dash_last).unwrap_err(), "character 3 is 'x', expected the end");
        assert_eq!(matches("ÅB-1", CODE).unwrap_err(), "character 1 is 'Å', expected a capital letter");
    }

    #[test]
    fn names_a_wrong_length() {
        assert_eq!(matches("AB-", CODE).unwrap_err(), "has 3 characters, expected at least 4");
        assert_eq!(matches("AB-1234", CODE).unwrap_err(), "has 7 characters, expected at most 6");
        let fixed = &[Part::exactly(Class::Digit, 2)];
        assert_eq!(matches("1", fixed).unwrap_err(), "has 1 character, expected 2");
        assert_eq!(matches("123", fixed).unwrap_err(), "has 3 characters, expected 2");
    }

    #[test]
    fn refuses_blank_values() {
        assert_eq!(matches("", CODE).unwrap_err(), "is empty");
        assert_eq!(matches(" AB-1", CODE).unwrap_err(), "has a leading space");
        assert_eq!(matches("AB-1\n", CODE).unwrap_err(), "has a trailing blank character '\\n'");
    }

    #[test]
    fn the_byte_match_agrees_with_the_explained_one() {
        let shapes: &[&[Part]] = &[
            CODE,
            &[Part::between(Class::Digit, 1, 3), Part::literal("-")],
            &[Part::exactly(Class::Letter, 2), Part::between(Class::Printable, 1, 15)],
            &[Part::exactly(Class::Letter, 2), Part::exactly(Class::LetterOrDigit2To9, 3)],
            &[Part::exactly(Class::Digit, 1), Part::between(Class::UcrCharacter, 0, 4)],
            &[Part::exactly(Class::OneOf("UJZ"), 1)],
        ];
        let values = [
            "",
            " ",
            "AB-1",
            "AB-123",
            "AB-1234",
            "Ab-1",
            "AB-",
            "1-",
            "1-x",
            "12-",
            "1234-",
            "ÅB-1",
            "AB-1 ",
            " AB-1",
            "GB553202734852",
            "GB 5532",
            "GB€",
            "GBFXT",
            "GBFX1",
            "1",
            "1(A)/",
            "1(A)/-",
            "U",
            "J",
            "Z",
            "UJ",
            "u",
            "\u{0}",
            "AB-1\n",
        ];
        for parts in shapes {
            for v in values {
                assert_eq!(fits(v.as_bytes(), parts), explain(v, parts).is_ok(), "{v:?} {parts:?}");
            }
        }
    }

    #[test]
    fn byte_masks_agree_with_the_classes() {
        let classes = [
            Class::Digit,
            Class::Letter,
            Class::LetterOrDigit,
            Class::Printable,
            Class::LetterOrDigit2To9,
            Class::UcrCharacter,
            Class::OneOf("UJZ"),
            Class::OneOf("-"),
        ];
        for class in classes {
            let part = Part::exactly(class, 1);
            for b in 0..=255u8 {
                assert_eq!(part.accepts_byte(b), b.is_ascii() && class.accepts(char::from(b)), "{class:?} {b}");
            }
        }
    }

    #[test]
    fn describes_classes() {
        assert_eq!(Class::OneOf("UJZ").to_string(), "one of 'U', 'J', 'Z'");
        assert_eq!(Class::OneOf("-").to_string(), "'-'");
    }
}
