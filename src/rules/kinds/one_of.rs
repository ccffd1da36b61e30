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
}
