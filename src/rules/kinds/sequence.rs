//! `sequence`: sequence numbers run 1, 2, 3, ... in document order (unique, no gaps).

use super::State;

/// Each value must be the next number; the first break is remembered.
pub(super) fn value(st: &mut State, v: &str) {
    let n = st.count[0];
    if st.bad.is_none() && v.trim().parse::<u32>().ok() != Some(n) {
        st.bad = Some(format!("value '{}' where {n} was expected", v.trim()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::Check;
    use super::*;

    fn run(values: &[&str]) -> Option<String> {
        let c = Check::Sequence { field: "GovernmentAgencyGoodsItem/SequenceNumeric".into() };
        let mut st = State::default();
        for v in values {
            c.value(&mut st, 0, v);
        }
        c.finish(&st).map(|v| v.detail)
    }

    #[test]
    fn pass_and_fail() {
        assert_eq!(run(&["1", "2", "3"]), None);
        assert_eq!(run(&[]), None);
        assert_eq!(run(&["1", "3"]).unwrap(), "value '3' where 2 was expected");
        assert_eq!(run(&["1", "1"]).unwrap(), "value '1' where 2 was expected");
        assert_eq!(run(&["0"]).unwrap(), "value '0' where 1 was expected");
    }
}
