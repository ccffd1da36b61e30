//! `count-equals`: a declared count equals the number of elements it counts
//! (GoodsItemQuantity = number of GovernmentAgencyGoodsItem).

use super::{State, show};
use crate::rules::Violation;

/// Field 0 is the declared count (its first value), field 1 the counted element.
pub(super) fn finish(st: &State) -> Option<Violation> {
    let declared = st.num[0]?;
    let counted = i128::from(st.count[1]) * 1_000_000_000;
    (declared != counted).then(|| Violation { detail: format!("declared {}, counted {}", show(declared), st.count[1]) })
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    fn check(declared: &str, items: usize) -> Vec<String> {
        let c = Check::CountEquals {
            value: "GoodsItemQuantity".into(),
            count: "GoodsShipment/GovernmentAgencyGoodsItem".into(),
        };
        let mut values = vec![(0, declared)];
        values.extend(std::iter::repeat_n((1, ""), items));
        run(&c, &values)
    }

    #[test]
    fn pass_and_fail() {
        assert!(check("3", 3).is_empty());
        assert!(check("3.0", 3).is_empty());
        assert_eq!(check("2", 3), ["declared 2, counted 3"]);
        assert_eq!(check("1", 0), ["declared 1, counted 0"]);
        // No declared count: nothing to compare (the structure layer reports a missing field).
        let c = Check::CountEquals { value: "Q".into(), count: "I".into() };
        assert!(run(&c, &[(1, "")]).is_empty());
    }
}
