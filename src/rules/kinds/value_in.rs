//! `value-in`: a value comes from a short list written in the rule (checked value by value,
//! at once). Long lists live in `schemas/codelists` and use `code-list`.

use crate::rules::Violation;

pub(super) fn check(values: &[String], v: &str) -> Option<Violation> {
    let v = super::trim(v);
    (!values.iter().any(|x| x == v)).then(|| Violation { detail: format!("'{v}' is not in the list") })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    #[test]
    fn pass_and_fail() {
        let c = Check::ValueIn { field: "FunctionCode".into(), values: vec!["9".into(), "13".into()] };
        assert!(run(&c, &[(0, " 9 "), (0, "13")]).is_empty());
        assert_eq!(run(&c, &[(0, "1")]), ["'1' is not in the list"]);
    }
}
