//! `pattern`: a value matches a regular expression as a whole (anchored, linear time, as the
//! `pattern` check compiles it), after trimming white space, as `in` and `starts_with` read
//! codes: a schema that collapses white space (`xs:token`) accepts `<CurrentCode> 24G </CurrentCode>`
//! as `24G`, and a condition must decide on it as it does on `24G`.

pub(super) fn passes(re: &regex::Regex, v: &str) -> bool {
    re.is_match(crate::rules::kinds::trim(v))
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_value() {
        let re = crate::rules::kinds::compile_pattern("[0-9]{4}").unwrap();
        assert!(super::passes(&re, "4000"));
        assert!(!super::passes(&re, "40000"), "anchored at both ends");
        assert!(!super::passes(&re, "x4000"));
        assert!(super::passes(&re, " 4000\n\t"), "after trimming white space");
        assert!(!super::passes(&re, "40 00"), "white space inside stays");
    }
}
