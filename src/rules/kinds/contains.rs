//! `contains`: some value of a field in the scope is one of a few codes (an export declaration
//! holds a previous document of type `DCR`, its DUCR).

use super::State;
use crate::rules::Violation;

/// A value seen: remember whether it is one of `list` (the values as `value_in::prepare`
/// keeps them).
pub(super) fn value(st: &mut State, list: &crate::codes::Codes<()>, v: &str) -> Option<Violation> {
    if super::value_in::listed(list, super::trim(v)) {
        st.num[1] = Some(1);
    }
    None
}

pub(super) fn finish(st: &State, values: &[String]) -> Option<Violation> {
    st.num[1].is_none().then(|| Violation { detail: format!("no {}", values.join(" or ")) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    #[test]
    fn pass_and_fail() {
        let c = Check::Contains { field: "PreviousDocument/TypeCode".into(), values: vec!["DCR".into()] };
        assert!(run(&c, &[(0, "MCR"), (0, " DCR")]).is_empty());
        assert_eq!(run(&c, &[(0, "MCR")]), ["no DCR"]);
        assert_eq!(run(&c, &[]), ["no DCR"]);
    }
}
