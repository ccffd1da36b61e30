//! `value-in`: a value comes from a list written in the rule (checked value by value, at
//! once). The list is kept for look-ups by packed keys when the rule compiles: a profile's
//! lists of offices or procedure codes run to hundreds. Long standard lists live in
//! `schemas/codelists` and use `code-list`.

use super::Prepared;
use crate::codes::Codes;
use crate::rules::Violation;

/// The values, for [`check`] (and `contains`).
pub(super) fn prepare(values: &[String]) -> Prepared {
    Prepared::Listed(Codes::new(values.iter().map(|v| (v.as_str(), ()))))
}

/// Whether `v` (trimmed) is in `list`.
pub(super) fn listed(list: &Codes<()>, v: &str) -> bool {
    list.get(v).is_some()
}

/// Whether `v` breaks the check (what [`check`] answers, without its words).
pub(super) fn breaks(list: &Codes<()>, v: &str) -> bool {
    !listed(list, super::trim(v))
}

pub(super) fn check(list: &Codes<()>, v: &str) -> Option<Violation> {
    breaks(list, v).then(|| {
        let v = super::trim(v);
        Violation { detail: format!("'{v}' is not in the list") }
    })
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
