//! `one-of`: between `min` and `max` of some alternatives are present in the scope (exactly
//! one by default: a consignee has a name or an identification number, not both).

use super::State;
use crate::rules::Violation;

pub(super) fn validate(fields: &[String], min: u32, max: u32) -> Result<(), String> {
    if fields.len() < 2 || fields.len() > 16 {
        return Err(format!("one-of takes 2 to 16 fields ({} given)", fields.len()));
    }
    if min > max || max == 0 {
        return Err(format!("one-of needs 0 <= min <= max, max >= 1 (min {min}, max {max})"));
    }
    Ok(())
}

/// Counts the fields seen from the state's bit set (at most 16 fields, one bit each); the names
/// of those present are gathered only for a violation.
pub(super) fn finish(st: &State, fields: &[String], min: u32, max: u32) -> Option<Violation> {
    let n = (st.seen & ((1 << fields.len()) - 1)).count_ones();
    if (min..=max).contains(&n) {
        return None;
    }
    let present: Vec<&str> =
        fields.iter().enumerate().filter(|(i, _)| st.seen & (1 << i) != 0).map(|(_, f)| f.as_str()).collect();
    let want = match (min, max) {
        (1, 1) => "exactly one".to_string(),
        (0, m) => format!("at most {m}"),
        (m, x) if x as usize >= fields.len() => format!("at least {m}"),
        (m, x) => format!("{m} to {x}"),
    };
    let found = if present.is_empty() { "none".to_string() } else { present.join(", ") };
    Some(Violation { detail: format!("{want} of {} expected, found {found}", fields.join(", ")) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let exactly = Check::OneOf { fields: vec!["Name".into(), "ID".into()], min: 1, max: 1 };
        assert!(run(&exactly, &[(0, "ACME")]).is_empty());
        assert!(run(&exactly, &[(1, "GB1")]).is_empty());
        assert_eq!(run(&exactly, &[(0, "ACME"), (1, "GB1")]), ["exactly one of Name, ID expected, found Name, ID"]);
        assert_eq!(run(&exactly, &[]), ["exactly one of Name, ID expected, found none"]);
        let at_least = Check::OneOf { fields: vec!["Name".into(), "ID".into()], min: 1, max: 2 };
        assert!(run(&at_least, &[(0, "ACME"), (1, "GB1")]).is_empty());
        assert_eq!(run(&at_least, &[]), ["at least 1 of Name, ID expected, found none"]);
        assert!(validate(&["A".into()], 1, 1).is_err());
        assert!(validate(&["A".into(), "B".into()], 2, 1).is_err());
    }

    /// 2 to 16 fields (one bit each in a 16-bit mask; cargo-mutants: `> 16` made `>=` refused
    /// 16, made `==` let 17 through; not caught).
    #[test]
    fn sixteen_fields_at_most() {
        let fields = |n: usize| (0..n).map(|i| format!("F{i}")).collect::<Vec<_>>();
        assert_eq!(validate(&fields(16), 1, 1), Ok(()));
        assert_eq!(validate(&fields(17), 1, 1), Err("one-of takes 2 to 16 fields (17 given)".into()));
        assert_eq!(validate(&fields(40), 1, 1), Err("one-of takes 2 to 16 fields (40 given)".into()));
        let c = Check::OneOf { fields: fields(16), min: 1, max: 1 };
        assert_eq!(run(&c, &[(15, "x")]), Vec::<String>::new(), "the 16th field counts");
        assert_eq!(run(&c, &[(0, "x"), (15, "y")]).len(), 1);
    }

    /// "at least m" only when every field may be there; below that, the range (cargo-mutants:
    /// the guard made `true` said "at least 1" for "1 to 2"; not caught).
    #[test]
    fn a_range_under_the_number_of_fields_is_named() {
        let c = Check::OneOf { fields: vec!["A".into(), "B".into(), "C".into()], min: 1, max: 2 };
        assert_eq!(run(&c, &[(0, "a"), (1, "b"), (2, "c")]), ["1 to 2 of A, B, C expected, found A, B, C"]);
        let c = Check::OneOf { fields: vec!["A".into(), "B".into(), "C".into()], min: 2, max: 3 };
        assert_eq!(run(&c, &[(1, "b")]), ["at least 2 of A, B, C expected, found B"]);
    }
}
