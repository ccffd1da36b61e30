//! `sequence`: sequence numbers run 1, 2, 3, ... in document order (unique, no gaps). The
//! first value out of step is reported where it stands.

use super::State;
use crate::rules::Violation;

/// Each value must be the next number; after a break, the count goes on from the value found
/// (so one missing number is one violation, not one per following item).
pub(super) fn value(st: &mut State, v: &str) -> Option<Violation> {
    let expected = st.num[0].map_or(1, |n| n + 1);
    let found = super::trim(v).parse::<i128>().ok();
    st.num[0] = Some(found.unwrap_or(expected));
    (found != Some(expected))
        .then(|| Violation { detail: format!("value '{}' where {expected} was expected", super::trim(v)) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    fn check(values: &[&str]) -> Vec<String> {
        let c = Check::Sequence { field: "GovernmentAgencyGoodsItem/SequenceNumeric".into() };
        run(&c, &values.iter().map(|v| (0, *v)).collect::<Vec<_>>())
    }

    #[test]
    fn pass_and_fail() {
        assert!(check(&["1", "2", "3"]).is_empty());
        assert!(check(&[]).is_empty());
        assert_eq!(check(&["1", "3", "4"]), ["value '3' where 2 was expected"]);
        assert_eq!(check(&["1", "1", "2"]), ["value '1' where 2 was expected"]);
        assert_eq!(check(&["0"]), ["value '0' where 1 was expected"]);
        assert_eq!(check(&["x", "2"]), ["value 'x' where 1 was expected"]);
    }
}
