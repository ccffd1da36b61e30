//! `sequence`: the field's values are 1, 2, 3, ... in document order, each once with no gap
//! (goods item numbers). False as soon as a value is out of step; true when the anchor ends
//! without one (also with no value at all).

/// Whether the `n`th value (from 1) of the field is in step.
pub(super) fn in_step(n: u32, v: &str) -> bool {
    crate::rules::kinds::trim(v).parse::<u32>().ok() == Some(n)
}

#[cfg(test)]
mod tests {
    use super::in_step;

    #[test]
    fn numbers_in_step() {
        assert!(in_step(1, "1") && in_step(2, " 2 "));
        assert!(in_step(1, "01"), "compared as numbers (leading zeros are another rule's)");
        assert!(!in_step(2, "3") && !in_step(1, "one") && !in_step(1, ""));
    }
}
