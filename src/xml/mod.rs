//! Reading XML safely: the limits on untrusted input, line numbers counted on demand, the
//! windows a streamed message is read in (and the end-tag check across them), namespace
//! scopes, and the checks quick-xml leaves to its users (encoding, DOCTYPE, entities).
//!
//! This module knows nothing about schemas; `validate` drives it.

mod lines;
mod names;
mod window;

pub(crate) use lines::{LineCount, Lines, line_ends};
pub(crate) use names::{Names, Scope};
pub(crate) use window::{EndNames, FIRST_WINDOW, WINDOW, cut, fill, stray_text_end, window_end};

/// Limits applied to every message. The defaults suit customs declarations (a declaration with
/// 999 goods items is a few MB and nests about 10 deep) with a wide margin; raise them for
/// unusual inputs. Every limit that is hit is reported as a diagnostic with its own code
/// (`limit-depth`, `limit-attributes`, `limit-name`, `limit-token`, `limit-size`) and stops
/// validation of that message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest element nesting allowed (default 256).
    pub max_depth: usize,
    /// Most attributes on one element, namespace declarations included (default 256).
    pub max_attributes: usize,
    /// Longest element or attribute name, in bytes (default 1,024).
    pub max_name_len: usize,
    /// Largest single token: one tag with its attributes, one run of text, one comment or
    /// CDATA section, in bytes (default 16 MiB). This bounds the reader's buffer.
    pub max_token_bytes: u64,
    /// Largest document, in bytes (default 4 GiB). Memory does not grow with it.
    pub max_document_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_attributes: 256,
            max_name_len: 1024,
            max_token_bytes: 16 << 20,
            max_document_bytes: 4 << 30,
        }
    }
}

impl Limits {
    /// The defaults, safe for untrusted input; change one with the builder methods below.
    pub fn new() -> Limits {
        Limits::default()
    }

    /// Deepest element nesting allowed.
    pub fn max_depth(mut self, n: usize) -> Limits {
        self.max_depth = n;
        self
    }

    /// Most attributes on one element.
    pub fn max_attributes(mut self, n: usize) -> Limits {
        self.max_attributes = n;
        self
    }

    /// Longest element or attribute name, in bytes.
    pub fn max_name_len(mut self, n: usize) -> Limits {
        self.max_name_len = n;
        self
    }

    /// Largest single token, in bytes.
    pub fn max_token_bytes(mut self, n: u64) -> Limits {
        self.max_token_bytes = n;
        self
    }

    /// Largest document, in bytes.
    pub fn max_document_bytes(mut self, n: u64) -> Limits {
        self.max_document_bytes = n;
        self
    }
}

/// Resolve a predefined entity name (`amp`, `lt`, ...). Anything else is undefined: wcodm never
/// reads a DTD, so no other entity can exist.
pub(crate) fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Whether an `encoding` declared in the XML declaration is one wcodm reads (UTF-8 or its
/// ASCII subset).
pub(crate) fn encoding_supported(label: &str) -> bool {
    let l = label.trim();
    ["utf-8", "utf8", "us-ascii", "ascii"].iter().any(|s| l.eq_ignore_ascii_case(s))
}

/// What is said of an input in a wide encoding (`enc`, from [`sniff_wide_encoding`]).
pub(crate) fn wide_encoding_message(enc: &str) -> String {
    format!("input is {enc}; wcodm reads UTF-8 only: convert the file to UTF-8")
}

/// Recognise UTF-16 and UTF-32 input from its first bytes (with or without a byte order mark).
pub(crate) fn sniff_wide_encoding(head: &[u8]) -> Option<&'static str> {
    match head {
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0x00, 0x00, ..] => Some("UTF-32"),
        [0x00, 0x00, 0x00, b'<', ..] | [b'<', 0x00, 0x00, 0x00, ..] => Some("UTF-32 (without byte order mark)"),
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] => Some("UTF-16"),
        [0x00, b'<', ..] | [b'<', 0x00, ..] => Some("UTF-16 (without byte order mark)"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert!(encoding_supported("UTF-8"));
        assert!(encoding_supported("us-ascii"));
        assert!(!encoding_supported("ISO-8859-1"));
        assert_eq!(sniff_wide_encoding(b"\xFF\xFE<\0"), Some("UTF-16"));
        assert_eq!(sniff_wide_encoding(b"<\0?\0"), Some("UTF-16 (without byte order mark)"));
        assert_eq!(sniff_wide_encoding(b"<?xml"), None);
        assert_eq!(predefined_entity("amp"), Some('&'));
        assert_eq!(predefined_entity("nbsp"), None);
    }
}
