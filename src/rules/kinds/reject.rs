//! `reject`: the scope element breaks the rule wherever the rule's `when` holds (everywhere, with
//! no `when`: the element is not allowed at all). The whole rule is then its condition, as in
//! rule engines whose asserts are a test on the element (HMRC's ICS1 engine: `uk-ics1`, whose
//! converter writes each condition as what is wrong), so the violation says what the condition
//! found, in the message's element names.

use super::Prepared;
use crate::rules::{Condition, Violation};

/// What a violation says, fixed when the rule is compiled: the condition in words ("TRACONCE2
/// is absent and SPEMENMT2/AddInfCodMT23 is not 10600"), the scope element's own value (`.`)
/// named by its element; with no condition, that the element is not allowed.
pub(super) fn prepare(scope: &str, when: Option<&Condition>) -> Prepared {
    let here = scope.rsplit('/').next().unwrap_or(scope).replace('|', " or ");
    Prepared::Found(match when {
        Some(w) => format!("here {}", w.found(&here)),
        None => format!("{here} is not allowed here"),
    })
}

/// The scope element is rejected (its rule's condition, if any, is checked by the validator).
pub(super) fn finish(prepared: &Prepared) -> Option<Violation> {
    let detail = match prepared {
        Prepared::Found(said) => said.clone(),
        _ => "the element is not allowed here".into(),
    };
    Some(Violation { detail })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn rejects_every_scope_element() {
        let c: Check = serde_json::from_str(r#"{"kind": "reject"}"#).unwrap();
        assert!(c.fields().is_empty() && !c.immediate());
        assert_eq!(run(&c, &[]), ["the element is not allowed here"]);
        assert!(serde_json::from_str::<Check>(r#"{"kind": "reject", "field": "X"}"#).is_err(), "takes no parameters");
    }

    /// The detail is what the condition found, in the message's names (HMRC's ICS1 8623, as
    /// uk-ics1 writes it); a negated presence or count is said directly.
    #[test]
    fn says_what_the_condition_found() {
        let said = |scope: &str, when: Option<&str>| {
            let when: Option<Condition> = when.map(|w| serde_json::from_str(w).unwrap());
            match finish(&prepare(scope, when.as_ref())) {
                Some(Violation { detail }) => detail,
                None => String::new(),
            }
        };
        assert_eq!(
            said(
                "CC315A|CC313A/GOOITEGDS",
                Some(
                    r#"{"all": [{"field": "TRACONCE2", "absent": true}, {"field": "SPEMENMT2/AddInfCodMT23", "not_in": ["10600"]}, {"field": "../TRACONCE1", "absent": true}]}"#
                )
            ),
            "here TRACONCE2 is absent and SPEMENMT2/AddInfCodMT23 is not 10600 and ../TRACONCE1 is absent"
        );
        assert_eq!(
            said(
                "CC315A",
                Some(
                    r#"{"not": {"compare": {"left": [{"count": "GOOITEGDS"}], "op": "<=", "right": [{"number": "999"}]}}}"#
                )
            ),
            "here the number of GOOITEGDS > 999"
        );
        assert_eq!(
            said("CC315A/HEAHEA/RefNumHEA4", Some(r#"{"not": {"field": ".", "pattern": "[A-Z]+"}}"#)),
            "here RefNumHEA4 does not match [A-Z]+"
        );
        assert_eq!(said("CC315A|CC313A/HEAHEA", None), "HEAHEA is not allowed here");
    }
}
