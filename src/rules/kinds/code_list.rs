//! `code-list`: each value is a code of a built-in list under `schemas/codelists/` (ISO 3166
//! countries with the customs additions, ISO 4217 currencies, UN/ECE Rec 19/20/21, Incoterms,
//! ...; `wcodm codelists` shows them). Short lists written in a rule use `value-in`.

use super::Prepared;
use crate::codelists::{self, CodeList};
use crate::rules::Violation;

pub(super) fn prepare(list: &str) -> Result<Prepared, String> {
    codelists::get(list).map(Prepared::List).ok_or_else(|| {
        let known: Vec<&str> = codelists::all().iter().map(|l| l.name()).collect();
        format!("unknown code list '{list}' (known: {})", known.join(", "))
    })
}

/// Whether `v` breaks the check (what [`check`] answers, without its words).
pub(super) fn breaks(list: &CodeList, v: &str) -> bool {
    !list.contains(super::trim(v))
}

pub(super) fn check(list: &CodeList, v: &str) -> Option<Violation> {
    breaks(list, v).then(|| {
        let v = super::trim(v);
        Violation { detail: format!("'{v}' is not in the {} list ({})", list.name(), list.title()) }
    })
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
}
