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
    use super::super::Check;
    use super::*;

    fn run(declared: &str, items: u32) -> Option<Violation> {
        let c = Check::CountEquals {
            value: "GoodsItemQuantity".into(),
            count: "GoodsShipment/GovernmentAgencyGoodsItem".into(),
        };
        let mut st = State::default();
        c.value(&mut st, 0, declared);
        for _ in 0..items {
            c.value(&mut st, 1, "");
        }
        c.finish(&st)
    }

    #[test]
    fn pass_and_fail() {
        assert_eq!(run("3", 3), None);
        assert_eq!(run("3.0", 3), None);
        assert_eq!(run("2", 3).unwrap().detail, "declared 2, counted 3");
        assert_eq!(run("1", 0).unwrap().detail, "declared 1, counted 0");
    }
}
