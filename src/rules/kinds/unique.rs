//! `unique`: no value of a field repeats within the scope (seal identifiers of one piece of
//! transport equipment). The set of values seen is the only state that grows with the input:
//! one string per value of this field in one scope element.

use super::State;
use crate::rules::Violation;

pub(super) fn value(st: &mut State, v: &str) -> Option<Violation> {
    let v = v.trim();
    (!st.values.insert(v.into())).then(|| Violation { detail: format!("'{v}' is given more than once") })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    #[test]
    fn pass_and_fail() {
        let c = Check::Unique { field: "Seal/ID".into() };
        assert!(run(&c, &[(0, "A1"), (0, "A2")]).is_empty());
        assert_eq!(run(&c, &[(0, "A1"), (0, "A2"), (0, "A1 ")]), ["'A1' is given more than once"]);
    }
}
