//! `code-list`: each value is a code of a built-in list under `schemas/codelists/` (ISO 3166
//! countries with the customs additions, ISO 4217 currencies, UN/ECE Rec 19/20/21, Incoterms,
//! ...; `wcodm codelists` shows them). Short lists written in a rule use `value-in`.

use super::Prepared;
use crate::codelists::{self, CodeList};
use crate::rules::Violation;

pub(super) fn prepare(list: &str) -> Result<Prepared, String> {
    codelists::get(list).map(|list| Prepared::List(Codes::new(list))).ok_or_else(|| {
        let known: Vec<&str> = codelists::all().iter().map(|l| l.name()).collect();
        format!("unknown code list '{list}' (known: {})", known.join(", "))
    })
}

/// A built-in list made ready for membership tests: its codes of at most [`SHORT`] bytes (all
/// codes of the built-in lists) packed into sorted 64-bit keys, so a look-up is a binary search
/// over integers with no string comparison. Longer values fall back to the list's own search.
#[derive(Debug)]
pub(crate) struct Codes {
    list: &'static CodeList,
    short: Vec<u64>,
}

/// The longest code packed into a key: 7 bytes and a length byte.
const SHORT: usize = 7;

/// `code` as a key: its bytes from the top, its length in the low byte (so `A` and `A\0`
/// differ). `None` when longer than [`SHORT`].
fn key(code: &str) -> Option<u64> {
    let b = code.as_bytes();
    (b.len() <= SHORT).then(|| {
        let mut k = [0u8; 8];
        k[..b.len()].copy_from_slice(b);
        k[7] = b.len() as u8;
        u64::from_be_bytes(k)
    })
}

impl Codes {
    fn new(list: &'static CodeList) -> Codes {
        let mut short: Vec<u64> = list.codes().filter_map(|(code, _)| key(code)).collect();
        short.sort_unstable();
        Codes { list, short }
    }

    /// Whether `code` is in the list, exactly as [`CodeList::contains`] answers.
    fn contains(&self, code: &str) -> bool {
        match key(code) {
            Some(k) => self.short.binary_search(&k).is_ok(),
            None => self.list.contains(code),
        }
    }
}

pub(super) fn check(codes: &Codes, v: &str) -> Option<Violation> {
    let v = super::trim(v);
    let list = codes.list;
    (!codes.contains(v))
        .then(|| Violation { detail: format!("'{v}' is not in the {} list ({})", list.name(), list.title()) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let c = Check::CodeList { list: "country".into(), fields: vec!["Address/CountryCode".into()] };
        assert!(run(&c, &[(0, "GB"), (0, "XI"), (0, "EU")]).is_empty());
        let bad = run(&c, &[(0, "UK"), (0, "gb")]);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].starts_with("'UK' is not in the country list"), "{bad:?}");
        assert!(prepare("planets").unwrap_err().contains("currency"));
    }

    #[test]
    fn packed_keys_answer_as_the_list_does() {
        for list in codelists::all() {
            let codes = Codes::new(list);
            for (code, _) in list.codes() {
                assert!(codes.contains(code), "{}: {code}", list.name());
                for other in [format!("{code}\0"), format!("{code} "), code.to_lowercase(), code[1..].to_owned()] {
                    assert_eq!(codes.contains(&other), list.contains(&other), "{}: {other:?}", list.name());
                }
            }
            for other in ["", "\0", "A", "ZZZZZZZ", "ZZZZZZZZ", "GBGBGBGBGB", "é", "€€€"] {
                assert_eq!(codes.contains(other), list.contains(other), "{}: {other:?}", list.name());
            }
        }
    }
}
