//! `in` / `not_in`: a value is one of a list written in the condition (after trimming white
//! space, as codes are read). Lists may be long (a profile's list of codes): they are sorted
//! when the condition compiles and searched by halves.

/// The list as [`passes`] reads it: sorted, without repeats.
pub(super) fn prepare(values: &[String]) -> Vec<String> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

/// Whether `v` is in `sorted` (as [`prepare`] made it).
pub(super) fn passes(sorted: &[String], v: &str) -> bool {
    let v = crate::rules::kinds::trim(v);
    sorted.binary_search_by(|x| x.as_str().cmp(v)).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn listed_values_after_trimming() {
        let list = super::prepare(&["IM".to_string(), "CO".to_string(), "IM".to_string()]);
        assert_eq!(list, ["CO", "IM"]);
        assert!(super::passes(&list, "IM"));
        assert!(super::passes(&list, " CO\n"));
        assert!(!super::passes(&list, "EX"));
        assert!(!super::passes(&list, "im"), "codes are compared as written");
    }
}
