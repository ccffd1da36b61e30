//! `in` / `not_in`: a value is one of a short list written in the condition (after trimming
//! white space, as codes are read).

pub(super) fn passes(values: &[String], v: &str) -> bool {
    let v = crate::rules::kinds::trim(v);
    values.iter().any(|x| x == v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn listed_values_after_trimming() {
        let list = ["IM".to_string(), "CO".to_string()];
        assert!(super::passes(&list, "IM"));
        assert!(super::passes(&list, " CO\n"));
        assert!(!super::passes(&list, "EX"));
        assert!(!super::passes(&list, "im"), "codes are compared as written");
    }
}
