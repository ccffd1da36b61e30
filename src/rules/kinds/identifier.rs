//! `identifier`: each value is a well-formed identifier of a scheme (EORI, MRN with its check
//! character, ISO 6346 container number, DUCR, MUCR, customs office, UN/LOCODE); the checks
//! themselves live in [`crate::identifiers`].

use super::Prepared;
use crate::identifiers::Scheme;
use crate::rules::Violation;

pub(super) fn prepare(scheme: &str) -> Result<Prepared, String> {
    Scheme::from_name(scheme).map(Prepared::Scheme).ok_or_else(|| {
        let known: Vec<&str> = Scheme::all().iter().map(|s| s.name()).collect();
        format!("unknown identifier scheme '{scheme}' (known: {})", known.join(", "))
    })
}

/// Whether `v` breaks the check (what [`check`] answers, without its words).
pub(super) fn breaks(scheme: Scheme, v: &str) -> bool {
    scheme.check(v).is_err()
}

/// Values are checked as written: surrounding spaces are part of the identifier. A valid value
/// costs no allocation; the detail of an invalid one is `'VALUE' REASON`.
pub(super) fn check(scheme: Scheme, v: &str) -> Option<Violation> {
    let why = scheme.check(v).err()?;
    let mut detail = String::with_capacity(v.len() + why.len() + 3);
    for part in ["'", v, "' ", &why] {
        detail.push_str(part);
    }
    Some(Violation { detail })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let c = Check::Identifier { scheme: "mrn".into(), fields: vec!["ID".into()] };
        assert!(run(&c, &[(0, "18GBJCUDH7A1RGWD50")]).is_empty());
        let bad = run(&c, &[(0, "18GBJCUDH7A1RGWD51")]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad, ["'18GBJCUDH7A1RGWD51' check character is 1, expected 0"]);
        let c = Check::Identifier { scheme: "eori".into(), fields: vec!["ID".into()] };
        assert!(run(&c, &[(0, "GB553202734852")]).is_empty());
        assert_eq!(run(&c, &[(0, "GB5532")]).len(), 1);
        assert!(prepare("vat").unwrap_err().contains("eori"));
    }
}
