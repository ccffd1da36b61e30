//! `starts_with`: a value begins with one of a few prefixes (a declaration type `IM*`, a
//! procedure code `40*`), after leading white space.

pub(super) fn passes(prefixes: &[String], v: &str) -> bool {
    let v = crate::rules::kinds::trim(v);
    prefixes.iter().any(|p| v.starts_with(p.as_str()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefixes() {
        let p = ["40".to_string(), "IM".to_string()];
        assert!(super::passes(&p, "4000"));
        assert!(super::passes(&p, "  IMA"));
        assert!(!super::passes(&p, "0740"));
        assert!(!super::passes(&p, "4"));
    }
}
