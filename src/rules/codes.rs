//! Sorted lists of codes a rule or condition lists (`value-in`, `in`), each code with a
//! value: looked up by packed integer keys for short codes (procedure codes, document codes,
//! offices are a few bytes), as the built-in code lists are, so a look-up compares integers,
//! not strings.

use crate::codelists::key;

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
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, T)>) -> Self {
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
    pub fn get(&self, code: &str) -> Option<&T> {
        match key(code) {
            Some(k) => self.short.binary_search_by_key(&k, |e| e.0).ok().map(|i| &self.short[i].1),
            None => self.long.binary_search_by(|e| (*e.0).cmp(code)).ok().map(|i| &self.long[i].1),
        }
    }

    /// Whether no code is listed.
    pub fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Codes;

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
