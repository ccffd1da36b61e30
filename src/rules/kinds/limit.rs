//! `limit`: a number compared with a fixed limit (a mass above zero, a percentage below 100).

use super::{Prepared, number, show};
use crate::rules::Violation;
use std::cmp::Ordering;

pub(super) fn prepare(op: &str, limit: &str) -> Result<Prepared, String> {
    let ok = super::compare::parse_op(op)?;
    let n = number(limit).ok_or_else(|| format!("limit '{limit}' is not a decimal number"))?;
    Ok(Prepared::Limit(ok, n))
}

/// Whether `v` breaks the check (what [`check`] answers, without its words). A value that is
/// not a number is the structure layer's business (its XSD type).
pub(super) fn breaks(ok: &[Ordering], limit: i128, v: &str) -> bool {
    number(v).is_some_and(|n| !ok.contains(&n.cmp(&limit)))
}

pub(super) fn check(ok: &[Ordering], limit: i128, v: &str) -> Option<Violation> {
    if !breaks(ok, limit, v) {
        return None;
    }
    let n = number(v)?;
    let op = match ok {
        [Ordering::Less] => "<",
        [Ordering::Less, Ordering::Equal] => "<=",
        [Ordering::Equal] => "=",
        [Ordering::Greater, Ordering::Equal] => ">=",
        _ => ">",
    };
    Some(Violation { detail: format!("{} {op} {} does not hold", show(n), show(limit)) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    #[test]
    fn pass_and_fail() {
        let c = Check::Limit { field: "GrossMassMeasure".into(), op: ">".into(), limit: "0".into() };
        assert!(run(&c, &[(0, "0.001"), (0, "12")]).is_empty());
        assert_eq!(run(&c, &[(0, "0.000")]), ["0 > 0 does not hold"]);
        assert!(run(&c, &[(0, "n/a")]).is_empty());
        assert!(prepare(">", "zero").is_err());
        assert!(prepare("!", "0").is_err());
    }

    /// A violation names the rule's own operator (cargo-mutants: any arm of the operator's
    /// name deleted, so that `<` was said as `>`, was not caught).
    #[test]
    fn each_operator_is_named() {
        for (op, value, said) in [
            ("<", "5", "5 < 5 does not hold"),
            ("<=", "6", "6 <= 5 does not hold"),
            ("=", "4.5", "4.5 = 5 does not hold"),
            (">=", "4", "4 >= 5 does not hold"),
            (">", "5", "5 > 5 does not hold"),
        ] {
            let c = Check::Limit { field: "Percentage".into(), op: op.into(), limit: "5".into() };
            assert_eq!(run(&c, &[(0, value)]), [said], "{op}");
            assert!(run(&c, &[(0, if op.contains('<') { "1" } else { "9" })]).is_empty() || op == "=", "{op}");
        }
    }
}
