//! `pattern`: a value matches a regular expression as a whole (anchored, linear time, as the
//! `pattern` check compiles it).

pub(super) fn passes(re: &regex::Regex, v: &str) -> bool {
    re.is_match(v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_value() {
        let re = crate::rules::kinds::compile_pattern("[0-9]{4}").unwrap();
        assert!(super::passes(&re, "4000"));
        assert!(!super::passes(&re, "40000"), "anchored at both ends");
        assert!(!super::passes(&re, "x4000"));
    }
}
