//! `code_list`: a value is a code of a built-in list (`wcodm codelists`).

use crate::codelists::{self, CodeList};

pub(super) fn prepare(name: &str) -> Result<&'static CodeList, String> {
    codelists::get(name).ok_or_else(|| {
        let known: Vec<&str> = codelists::all().iter().map(|l| l.name()).collect();
        format!("unknown code list '{name}' (known: {})", known.join(", "))
    })
}

pub(super) fn passes(list: &CodeList, v: &str) -> bool {
    list.contains(crate::rules::kinds::trim(v))
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_of_a_list() {
        let country = super::prepare("country").unwrap();
        assert!(super::passes(country, "GB"));
        assert!(super::passes(country, " FR "));
        assert!(!super::passes(country, "XX"));
        assert!(super::prepare("planets").unwrap_err().contains("known: "));
    }
}
