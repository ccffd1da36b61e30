//! `presence`: an element is required (or forbidden) in its scope. With a rule-level `when`
//! this is required-if / forbidden-if.

use super::State;
use crate::rules::Violation;

pub(super) fn validate(mode: &str) -> Result<(), String> {
    match mode {
        "required" | "forbidden" => Ok(()),
        _ => Err(format!("presence mode '{mode}' (required, forbidden)")),
    }
}

pub(super) fn finish(st: &State, mode: &str) -> Option<Violation> {
    verdict(st.count[0] > 0, mode)
}

/// Whether `mode` requires the field (else it forbids it).
pub(super) fn required(mode: &str) -> bool {
    mode == "required"
}

/// The verdict when the field is (or is not) `present`.
pub(super) fn verdict(present: bool, mode: &str) -> Option<Violation> {
    match (mode, present) {
        ("required", false) => Some(Violation { detail: "missing".into() }),
        ("forbidden", true) => Some(Violation { detail: "present".into() }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let required = Check::Presence { field: "Importer/ID".into(), mode: "required".into() };
        let forbidden = Check::Presence { field: "Importer/ID".into(), mode: "forbidden".into() };
        assert!(run(&required, &[(0, "GB123")]).is_empty());
        assert_eq!(run(&required, &[]), ["missing"]);
        assert!(run(&forbidden, &[]).is_empty());
        assert_eq!(run(&forbidden, &[(0, "GB123")]), ["present"]);
        assert!(validate("maybe").is_err());
    }
}
