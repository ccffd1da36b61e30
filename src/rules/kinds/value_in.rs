//! `value-in`: a value comes from a code list (checked value by value, at once).

use crate::rules::Violation;

pub(super) fn check(values: &[String], v: &str) -> Option<Violation> {
    let v = v.trim();
    (!values.iter().any(|x| x == v)).then(|| Violation { detail: format!("'{v}' is not in the list") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_and_fail() {
        let list = vec!["1".to_string(), "2".to_string()];
        assert_eq!(check(&list, " 1 "), None);
        assert_eq!(check(&list, "9").unwrap().detail, "'9' is not in the list");
    }
}
