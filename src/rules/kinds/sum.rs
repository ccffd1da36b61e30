//! `sum`: a header total against the sum over items (total gross mass at least the sum of the
//! items' gross masses).

use super::{State, show};
use crate::rules::Violation;
use std::cmp::Ordering;

/// The total (first value of field 0) compared with the sum of field 1's values.
pub(super) fn finish(st: &State, op: &str, ok: &[Ordering]) -> Option<Violation> {
    let total = st.num[0]?;
    if st.count[1] == 0 {
        return None;
    }
    (!ok.contains(&total.cmp(&st.sum))).then(|| Violation {
        detail: format!("total {} {op} sum {} of {} items does not hold", show(total), show(st.sum), st.count[1]),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    fn check(total: &str, items: &[&str]) -> Vec<String> {
        let c = Check::Sum { total: "TotalGrossMassMeasure".into(), op: ">=".into(), items: "Item/Gross".into() };
        let mut values = vec![(0, total)];
        values.extend(items.iter().map(|v| (1, *v)));
        run(&c, &values)
    }

    #[test]
    fn pass_and_fail() {
        assert!(check("10", &["4", "6"]).is_empty());
        assert!(check("10.5", &["4.25", "6.25"]).is_empty());
        assert!(check("10", &[]).is_empty());
        assert_eq!(check("9.99", &["4", "6"]), ["total 9.99 >= sum 10 of 2 items does not hold"]);
    }
}
