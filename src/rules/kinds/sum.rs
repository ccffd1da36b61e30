//! `sum`: a header total against the sum over items (total gross mass at least the sum of the
//! items' gross masses).

use super::{State, show};
use crate::rules::Violation;

/// The total (first value of field 0) compared with the sum of field 1's values.
pub(super) fn finish(st: &State, op: &str) -> Option<Violation> {
    let total = st.num[0]?;
    if st.count[1] == 0 {
        return None;
    }
    let ok = super::compare::parse_op(op).ok()?.contains(&total.cmp(&st.sum));
    (!ok).then(|| Violation {
        detail: format!("total {} {op} sum {} of {} items does not hold", show(total), show(st.sum), st.count[1]),
    })
}

#[cfg(test)]
mod tests {
    use super::super::Check;
    use super::*;

    fn run(total: &str, items: &[&str]) -> Option<String> {
        let c =
            Check::Sum { total: "TotalGrossMassMeasure".into(), op: ">=".into(), items: "X/GrossMassMeasure".into() };
        let mut st = State::default();
        c.value(&mut st, 0, total);
        for i in items {
            c.value(&mut st, 1, i);
        }
        c.finish(&st).map(|v| v.detail)
    }

    #[test]
    fn pass_and_fail() {
        assert_eq!(run("30", &["10", "20"]), None);
        assert_eq!(run("0.3", &["0.1", "0.2"]), None);
        assert_eq!(run("29.9", &["10", "20"]).unwrap(), "total 29.9 >= sum 30 of 2 items does not hold");
        assert_eq!(run("1", &[]), None);
    }
}
