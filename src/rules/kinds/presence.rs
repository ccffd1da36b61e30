//! `presence`: an element is required (or forbidden) in its scope, always or when a condition
//! element has one of some values (required-if / forbidden-if).

use super::State;
use crate::rules::Violation;

pub(super) fn validate(mode: &str, when: Option<&str>, values: &[String]) -> Result<(), String> {
    if mode != "required" && mode != "forbidden" {
        return Err(format!("presence mode '{mode}' (required, forbidden)"));
    }
    if when.is_none() && !values.is_empty() {
        return Err("presence: `values` without `when`".into());
    }
    Ok(())
}

/// The condition element's value: remember whether it matched (any value when no values are
/// listed: the condition is then that the element is present).
pub(super) fn condition(st: &mut State, values: &[String], v: &str) {
    if values.is_empty() || values.iter().any(|x| x == v.trim()) {
        st.text = Some(v.trim().to_string());
    }
}

pub(super) fn finish(st: &State, mode: &str, conditional: bool) -> Option<Violation> {
    if conditional && st.text.is_none() {
        return None;
    }
    let present = st.count[0] > 0;
    let because = st.text.as_ref().map(|v| format!(" (condition value '{v}')")).unwrap_or_default();
    match (mode, present) {
        ("required", false) => Some(Violation { detail: format!("missing{because}") }),
        ("forbidden", true) => Some(Violation { detail: format!("present{because}") }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Check;
    use super::*;

    fn run(mode: &str, when: Option<&str>, present: bool) -> Option<String> {
        let c = Check::Presence {
            field: "Importer/ID".into(),
            mode: mode.into(),
            when: Some("TypeCode".into()),
            values: vec!["IM".into()],
        };
        let mut st = State::default();
        if let Some(w) = when {
            c.value(&mut st, 1, w);
        }
        if present {
            c.value(&mut st, 0, "GB123");
        }
        c.finish(&st).map(|v| v.detail)
    }

    #[test]
    fn pass_and_fail() {
        assert_eq!(run("required", Some("IM"), true), None);
        assert_eq!(run("required", Some("EX"), false), None);
        assert_eq!(run("required", Some("IM"), false).unwrap(), "missing (condition value 'IM')");
        assert_eq!(run("forbidden", Some("IM"), true).unwrap(), "present (condition value 'IM')");
        assert!(validate("maybe", None, &[]).is_err());
        assert!(validate("required", None, &["X".into()]).is_err());
        assert!(validate("required", Some("X"), &[]).is_ok());
    }
}
