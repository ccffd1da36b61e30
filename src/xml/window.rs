//! What reading a message in windows needs beside quick-xml: the windows' sizes, where a
//! window ends, whether a token was cut by it, filling it from the input, and the check that
//! end tags match their start tags across windows.
//!
//! The streamed path (`Validator::validate_reader`) reads the input into one buffer and reads
//! events from it borrowed, as from a message in memory, with a new quick-xml reader for each
//! window. A window ends before its last `<`, so the tokens in it are whole but for one that
//! holds a `<` of its own (a comment, a CDATA section): the reader stops at the window's end,
//! and that token is read again, from its start, with more of the input. The end-name check
//! that quick-xml makes for one reader is made here, over the whole message.

use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use std::io::{self, Read};

/// The first window: an error near the start of a message is found without reading far into
/// it.
pub(crate) const FIRST_WINDOW: usize = 32 << 10;

/// The largest window but for a token that does not fit (that one grows the window up to the
/// token limit).
pub(crate) const WINDOW: usize = 1 << 20;

/// Where a window of the input ends, so that the tokens before it are whole: before the last
/// `<`, or, when that is the window's first byte, after the first `>` (a start tag before a
/// long text). A token cut anyway (a `<` or `>` in a comment, a CDATA section or an attribute
/// value) makes the reader stop at the window's end ([`cut`]), and it is read again with the
/// next window. Never where the next window could start with a byte order mark's bytes (a text
/// that starts with U+FEFF): a new reader would skip them.
pub(crate) fn window_end(text: &[u8]) -> usize {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let end = match memchr::memrchr(b'<', text) {
        Some(0) => memchr::memchr(b'>', text).map_or(0, |i| i + 1),
        Some(i) => i,
        None => 0,
    };
    let next = &text[end..text.len().min(end + BOM.len())];
    if BOM.starts_with(next) { 0 } else { end }
}

/// Where a window that starts with text outside the root element can end so that the text's
/// first character that is not blank is in it: that character is an error wherever the text
/// ends, so it is judged at once instead of after reading on to the text's end (an endless
/// stream of NULs or of words has none). `None` when the window starts with markup, holds only
/// blanks, or ends inside that character; `None` too for a reference (`&...;`), which the
/// reader reads as a token of its own.
pub(crate) fn stray_text_end(text: &[u8]) -> Option<usize> {
    let i = text.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))?;
    let end = match text[i] {
        b'<' | b'&' => return None,
        0xF0.. => i + 4,
        0xE0.. => i + 3,
        0xC0.. => i + 2,
        _ => i + 1,
    };
    (end <= text.len()).then_some(end)
}

/// Whether a reader stopped on error `e` at the window's end (`end`, the token starting at
/// `start`), so that more input may complete the token: quick-xml's syntax errors are all
/// inputs that end too soon, but `<!` followed by a byte that starts no comment, CDATA section
/// or DOCTYPE is refused at once.
pub(crate) fn cut(e: &Error, start: u64, end: usize) -> bool {
    match e {
        Error::Syntax(SyntaxError::InvalidBangMarkup) => (end as u64).saturating_sub(start) < 4,
        Error::Syntax(_) => true,
        _ => false,
    }
}

/// Read from `input` until `buf` holds `want` bytes; `Ok(false)` when the input ended first.
pub(crate) fn fill<R: Read>(input: &mut R, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let missing = want.saturating_sub(buf.len());
    input.by_ref().take(missing as u64).read_to_end(buf)?;
    Ok(buf.len() >= want)
}

/// The names of the open elements, to match each end tag with its start tag (quick-xml's
/// check, kept across readers; same errors).
#[derive(Debug, Default)]
pub(crate) struct EndNames {
    /// The names, one after the other.
    names: String,
    /// Where each name starts in `names`, innermost last.
    starts: Vec<usize>,
}

impl EndNames {
    /// A start tag (not an empty-element tag) opened `name`.
    pub fn open(&mut self, name: &str) {
        self.starts.push(self.names.len());
        self.names.push_str(name);
    }

    /// An end tag closes `name`: the error quick-xml gives when it is not the innermost open
    /// element's name, or when no element is open.
    pub fn close(&mut self, name: &str) -> Result<(), Error> {
        let Some(start) = self.starts.pop() else {
            return Err(Error::IllFormed(IllFormedError::UnmatchedEndTag(name.into())));
        };
        let expected = &self.names[start..];
        let result = if expected == name {
            Ok(())
        } else {
            Err(Error::IllFormed(IllFormedError::MismatchedEndTag { expected: expected.into(), found: name.into() }))
        };
        self.names.truncate(start);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_names_match_as_quick_xml_matches_them() {
        let mut n = EndNames::default();
        n.open("a");
        n.open("p:b");
        assert!(n.close("p:b").is_ok());
        let e = n.close("c").unwrap_err().to_string();
        assert!(e.contains("`</a>`") && e.contains("`</c>`"), "{e}");
        let e = n.close("a").unwrap_err().to_string();
        assert!(e.contains("</a>"), "{e}");
    }

    #[test]
    fn stray_text_ends_after_its_first_character_that_is_not_blank() {
        assert_eq!(stray_text_end(b"\0\0\0"), Some(1));
        assert_eq!(stray_text_end(b" \r\n\tyes"), Some(5));
        assert_eq!(stray_text_end("\u{e9}t\u{e9}".as_bytes()), Some(2));
        assert_eq!(stray_text_end(b"\xE2\x82"), None);
        assert_eq!(stray_text_end(b" &amp;"), None);
        assert_eq!(stray_text_end(b"  <r>"), None);
        assert_eq!(stray_text_end(b" \n "), None);
    }

    #[test]
    fn fill_reads_what_is_wanted_or_to_the_end() {
        let mut buf = b"ab".to_vec();
        let mut input = &b"cdefg"[..];
        assert!(fill(&mut input, &mut buf, 4).unwrap());
        assert_eq!(buf, b"abcd");
        assert!(!fill(&mut input, &mut buf, 10).unwrap());
        assert_eq!(buf, b"abcdefg");
    }
}
