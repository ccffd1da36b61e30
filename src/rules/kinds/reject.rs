//! `reject`: the scope element breaks the rule wherever the rule's `when` holds (everywhere, with
//! no `when`: the element is not allowed at all). The whole rule is then its condition, as in
//! rule engines whose asserts are a test on the element (HMRC's ICS1 engine: `uk-ics1`).

use crate::rules::Violation;

/// The scope element is rejected (its rule's condition, if any, is checked by the validator).
pub(super) fn finish() -> Option<Violation> {
    Some(Violation { detail: "the rule's condition holds here".into() })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    #[test]
    fn rejects_every_scope_element() {
        let c: Check = serde_json::from_str(r#"{"kind": "reject"}"#).unwrap();
        assert!(c.fields().is_empty() && !c.immediate());
        assert_eq!(run(&c, &[]), ["the rule's condition holds here"]);
        assert!(serde_json::from_str::<Check>(r#"{"kind": "reject", "field": "X"}"#).is_err(), "takes no parameters");
    }
}
