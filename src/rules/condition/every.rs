//! `every`: each element at the field's path has a value of an inner field passing the inner
//! leaf's test (`{"field": "../GOOITEGDS", "every": {"field": "SPEMENMT2/AddInfCodMT23", "in":
//! ["10600"]}}`: every goods item carries the additional information code 10600). True when
//! there is no such element at all.
//!
//! Streaming: the inner field's values come inside each element, before it ends; the atom
//! remembers whether the element it is in has shown a passing value, and at the element's end
//! whether the element failed. False as soon as one fails; true when the anchor ends without
//! one. Constant memory.

/// The state of an `every` atom: (`pass`, whether the element being read has shown a passing
/// value; `failed`, whether an earlier one ended without).
///
/// An inner value: `passes` is the inner test's verdict on it.
pub(super) fn value(pass: &mut bool, passes: bool) {
    *pass |= passes;
}

/// An element at the field's path ends: it failed unless it showed a passing value (`negated`,
/// an inner `absent` / `not_in`: unless it showed none). The next element starts afresh.
pub(super) fn element_ends(pass: &mut bool, failed: &mut bool, negated: bool) {
    *failed |= *pass == negated;
    *pass = false;
}

/// The inner leaf's field read inside each element at `outer` (`.`: the element's own value).
pub(crate) fn inner_path(outer: &str, inner: &str) -> String {
    match inner {
        "." | "" => outer.to_string(),
        _ => format!("{}/{inner}", outer.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_element_must_pass() {
        let (mut pass, mut failed) = (false, false);
        value(&mut pass, false);
        value(&mut pass, true);
        element_ends(&mut pass, &mut failed, false);
        assert!(!failed, "the first element showed a passing value among others");
        element_ends(&mut pass, &mut failed, false);
        assert!(failed, "the second showed none");
        let (mut pass, mut failed) = (false, false);
        element_ends(&mut pass, &mut failed, true);
        assert!(!failed, "negated: an element without a listed value passes");
        value(&mut pass, true);
        element_ends(&mut pass, &mut failed, true);
        assert!(failed, "negated: one with a listed value fails");
    }

    #[test]
    fn inner_paths() {
        assert_eq!(inner_path("../GOOITEGDS", "SPEMENMT2/AddInfCodMT23"), "../GOOITEGDS/SPEMENMT2/AddInfCodMT23");
        assert_eq!(inner_path("../GOOITEGDS", "."), "../GOOITEGDS");
        assert_eq!(inner_path("X", "@a"), "X/@a");
    }
}
