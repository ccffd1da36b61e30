//! `number`: a value is a number in a relation to a limit, written `"OP NUMBER"` (`"> 1000"`,
//! `"<= 0.5"`, `"= 0"`); a value that is not a number never passes.

use crate::rules::kinds::{number, parse_op};
use std::cmp::Ordering;

pub(super) fn prepare(text: &str) -> Result<(&'static [Ordering], i128), String> {
    let t = text.trim();
    let split = t.find(|c: char| !matches!(c, '<' | '>' | '=')).unwrap_or(t.len());
    let (op, limit) = t.split_at(split);
    let ok = parse_op(op).map_err(|e| format!("number '{text}': {e}"))?;
    let limit = number(limit).ok_or_else(|| format!("number '{text}': '{}' is not a number", limit.trim()))?;
    Ok((ok, limit))
}

pub(super) fn passes(ok: &[Ordering], limit: i128, v: &str) -> bool {
    number(v).is_some_and(|n| ok.contains(&n.cmp(&limit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons() {
        let (ok, limit) = prepare("> 1000").unwrap();
        assert!(passes(ok, limit, "1000.01"));
        assert!(!passes(ok, limit, "1000"));
        assert!(!passes(ok, limit, "lots"));
        let (ok, limit) = prepare("<=0.5").unwrap();
        assert!(passes(ok, limit, " 0.50 "));
        assert!(passes(ok, limit, "-3"));
        assert!(prepare("about 5").is_err());
        assert!(prepare("> five").is_err());
        assert!(prepare("5").is_err(), "an operator is needed");
    }
}
