//! `compare`: `left OP right` for two numbers of one scope (net mass at most gross mass).

use super::{State, show};
use crate::rules::Violation;
use std::cmp::Ordering;

/// The accepted orderings for an operator.
pub(crate) fn parse_op(op: &str) -> Result<&'static [Ordering], String> {
    Ok(match op {
        "<" => &[Ordering::Less],
        "<=" => &[Ordering::Less, Ordering::Equal],
        "=" => &[Ordering::Equal],
        ">=" => &[Ordering::Greater, Ordering::Equal],
        ">" => &[Ordering::Greater],
        _ => return Err(format!("unknown operator '{op}' (<, <=, =, >=, >)")),
    })
}

/// Both values present and in the wrong order: a violation.
pub(super) fn finish(st: &State, op: &str, ok: &[Ordering]) -> Option<Violation> {
    let (l, r) = (st.num[0]?, st.num[1]?);
    (!ok.contains(&l.cmp(&r))).then(|| Violation { detail: format!("{} {op} {} does not hold", show(l), show(r)) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};
    use super::*;

    fn check(net: &str, gross: &str) -> Vec<String> {
        let c =
            Check::Compare { left: "NetNetWeightMeasure".into(), op: "<=".into(), right: "GrossMassMeasure".into() };
        run(&c, &[(0, net), (1, gross)])
    }

    #[test]
    fn pass_and_fail() {
        assert!(check("10", "12.5").is_empty());
        assert!(check("12.5", "12.500").is_empty());
        assert_eq!(check("13", "12.5"), ["13 <= 12.5 does not hold"]);
        assert!(check("13", "").is_empty(), "a missing value is the structure layer's business");
        assert!(parse_op("=<").is_err());
    }
}
