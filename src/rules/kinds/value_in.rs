//! `value-in`: a value comes from a list written in the rule (checked value by value, at
//! once). The list is sorted when the rule compiles and searched by halves: a profile's lists
//! of offices or procedure codes run to hundreds. Long standard lists live in
//! `schemas/codelists` and use `code-list`.

use super::Prepared;
use crate::rules::Violation;

/// The values sorted, without repeats, for [`check`] (and `contains`).
pub(super) fn prepare(values: &[String]) -> Prepared {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    Prepared::Listed(sorted)
}

/// Whether `v` (trimmed) is in `sorted`.
pub(super) fn listed(sorted: &[String], v: &str) -> bool {
    sorted.binary_search_by(|x| x.as_str().cmp(v)).is_ok()
}

pub(super) fn check(sorted: &[String], v: &str) -> Option<Violation> {
    let v = super::trim(v);
    (!listed(sorted, v)).then(|| Violation { detail: format!("'{v}' is not in the list") })
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
