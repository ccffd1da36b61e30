//! Sorted lists of codes, each with a value: the built-in code lists and the lists a rule or
//! condition writes (`value-in`, `in`). Short codes (countries, procedure codes, document
//! codes, offices are a few bytes) are looked up by packed integer keys, so a look-up compares
//! integers, not strings.

/// The longest code packed into a key: 7 bytes and a length byte.
const SHORT: usize = 7;

/// `code` as a key: its bytes from the top, its length in the low byte (so `A` and `A\0`
/// differ). `None` when longer than [`SHORT`].
pub(crate) fn key(code: &str) -> Option<u64> {
    let b = code.as_bytes();
    let n = b.len();
    if n > SHORT {
        return None;
    }
    // Whole-word loads, never a copy of a variable length into a buffer read back as a word: that
    // read stalls until the copy's narrower stores land.
    let head = match n {
        // Two 4-byte loads, the second ending at the last byte; where they overlap they agree.
        4.. => {
            let last = u32::from_be_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
            u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])) << 32 | u64::from(last) << (64 - 8 * n)
        }
        1..=3 => {
            u64::from(b[0]) << 56 | u64::from(b[n / 2]) << (56 - 8 * (n / 2)) | u64::from(b[n - 1]) << (64 - 8 * n)
        }
        0 => 0,
    };
    Some(head | n as u64)
}

/// Codes, each with a value (`()` for a plain list), sorted for searching by halves.
#[derive(Debug, Default)]
pub(crate) struct Codes<T> {
    /// Codes short enough to pack ([`key`]), by key.
    short: Vec<(u64, T)>,
    /// The longer ones, by code.
    long: Vec<(Box<str>, T)>,
}

impl<T> Codes<T> {
    /// The codes of `pairs` (a code given twice keeps its last value).
    pub(crate) fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut c = Codes { short: Vec::new(), long: Vec::new() };
        for (code, value) in pairs {
            match key(code) {
                Some(k) => c.short.push((k, value)),
                None => c.long.push((code.into(), value)),
            }
        }
        // A stable sort keeps a repeated code's values in order; dedup keeps the first of
        // each run, so the runs are reversed first to keep the last.
        c.short.reverse();
        c.short.sort_by_key(|e| e.0);
        c.short.dedup_by_key(|e| e.0);
        c.long.reverse();
        c.long.sort_by(|a, b| a.0.cmp(&b.0));
        c.long.dedup_by(|a, b| a.0 == b.0);
        c
    }

    /// The value of `code` (as written: trimming is the caller's), if listed.
    pub(crate) fn get(&self, code: &str) -> Option<&T> {
        match key(code) {
            Some(k) => self.short.binary_search_by_key(&k, |e| e.0).ok().map(|i| &self.short[i].1),
            None => self.long.binary_search_by(|e| (*e.0).cmp(code)).ok().map(|i| &self.long[i].1),
        }
    }

    /// Whether no code is listed.
    pub(crate) fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::{Codes, SHORT, key};

    #[test]
    fn packed_keys_hold_the_first_seven_bytes_and_the_length() {
        let text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(11);
        for n in 0..text.len() {
            let s = &text[..n];
            let mut k = [0u8; 8];
            let head = n.min(7);
            k[..head].copy_from_slice(&s.as_bytes()[..head]);
            k[7] = n.min(255) as u8;
            let expected = (n <= SHORT).then(|| u64::from_be_bytes(k));
            assert_eq!(key(s), expected, "{n} bytes");
        }
    }

    #[test]
    fn short_and_long_codes() {
        let c = Codes::new([("1040", 1), ("GBLHR001", 2), ("A", 3), ("", 4), ("1040", 5)]);
        assert_eq!(c.get("1040"), Some(&5), "the last value of a repeated code");
        assert_eq!(c.get("GBLHR001"), Some(&2));
        assert_eq!(c.get("A"), Some(&3));
        assert_eq!(c.get(""), Some(&4));
        assert_eq!(c.get("A\0"), None);
        assert_eq!(c.get("104"), None);
        assert_eq!(c.get("GBLHR002"), None);
        assert_eq!(c.get("a"), None, "codes are compared as written");
        assert!(Codes::<()>::new([]).is_empty());
    }
}
