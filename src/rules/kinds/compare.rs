//! `compare`: `left OP right` for two numbers of one scope (net mass at most gross mass).

use super::{State, show};
use crate::rules::Violation;
use std::cmp::Ordering;

/// The accepted orderings for an operator.
pub(super) fn parse_op(op: &str) -> Result<&'static [Ordering], String> {
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
pub(super) fn finish(st: &State, op: &str) -> Option<Violation> {
    let (l, r) = (st.num[0]?, st.num[1]?);
    let ok = parse_op(op).ok()?.contains(&l.cmp(&r));
    (!ok).then(|| Violation { detail: format!("{} {op} {} does not hold", show(l), show(r)) })
}

#[cfg(test)]
mod tests {
    use super::super::Check;
    use super::*;

    fn run(net: &str, gross: &str) -> Option<String> {
        let c =
            Check::Compare { left: "NetNetWeightMeasure".into(), op: "<=".into(), right: "GrossMassMeasure".into() };
        let mut st = State::default();
        c.value(&mut st, 0, net);
        c.value(&mut st, 1, gross);
        c.finish(&st).map(|v| v.detail)
    }

    #[test]
    fn pass_and_fail() {
        assert_eq!(run("10", "12.5"), None);
        assert_eq!(run("12.5", "12.500"), None);
        assert_eq!(run("13", "12.5").unwrap(), "13 <= 12.5 does not hold");
        assert!(parse_op("=<").is_err());
    }
}
