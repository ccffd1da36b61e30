//! `pattern`: a value matches a regular expression as a whole (a national format such as the
//! UK's declaration type `IM`/`EX`/`CO` + one letter). Expressions come from rule packs, which
//! may be untrusted: the `regex` crate runs in linear time and the compiled size is capped.

use crate::rules::Violation;

pub(crate) fn compile(re: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(&format!("^(?:{re})$"))
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("pattern '{re}': {e}"))
}

/// Whether `v` breaks the check (what [`check`] answers, without its words).
pub(super) fn breaks(re: &regex::Regex, v: &str) -> bool {
    !re.is_match(v)
}

pub(super) fn check(re: &regex::Regex, expected: &str, v: &str) -> Option<Violation> {
    breaks(re, v).then(|| Violation { detail: format!("'{v}' is not {expected}") })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let c = Check::Pattern {
            fields: vec!["TypeCode".into()],
            regex: "(IM|EX|CO)[A-Z]".into(),
            expected: "IM, EX or CO and a letter".into(),
            example: "IMZ".into(),
        };
        assert!(run(&c, &[(0, "IMZ")]).is_empty());
        assert_eq!(run(&c, &[(0, "IMZA")]), ["'IMZA' is not IM, EX or CO and a letter"]);
        assert!(compile("(").is_err());
        assert!(compile("a{1000}{1000}").is_err(), "oversized expressions are refused");
    }
}
