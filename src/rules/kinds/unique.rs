//! `unique`: no value of a field repeats within the scope (seal identifiers of one consignment).
//! The one check whose state grows with the input: it remembers a 64-bit keyed hash of each
//! value (SipHash with a random key, so no one can craft collisions), at most
//! [`MAX_REMEMBERED`] per scope element, which bounds it at a few megabytes whatever the message.

use super::State;
use crate::rules::Violation;
use std::hash::BuildHasher;

/// Values remembered per scope element; past this, further values are not compared.
pub(crate) const MAX_REMEMBERED: usize = 1 << 18;

pub(super) fn value(st: &mut State, v: &str) -> Option<Violation> {
    let v = super::trim(v);
    let values = st.values.get_or_insert_default();
    let h = values.hasher().hash_one(v);
    if values.contains(&h) {
        return Some(Violation { detail: format!("'{v}' is given more than once") });
    }
    if values.len() < MAX_REMEMBERED {
        values.insert(h);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let c = Check::Unique { field: "Seal/ID".into() };
        assert!(run(&c, &[(0, "A1"), (0, "A2")]).is_empty());
        assert_eq!(run(&c, &[(0, "A1"), (0, "A2"), (0, "A1 ")]), ["'A1' is given more than once"]);
    }

    #[test]
    fn memory_is_bounded() {
        let mut st = State::default();
        for i in 0..MAX_REMEMBERED + 1000 {
            assert!(value(&mut st, &i.to_string()).is_none());
        }
        assert_eq!(st.values.as_ref().map(|v| v.len()), Some(MAX_REMEMBERED));
        assert!(value(&mut st, "7").is_some(), "remembered values are still compared");
    }
}
