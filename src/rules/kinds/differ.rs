//! `differ`: two fields of one scope, when both are given, hold different values (the importer
//! is not the exporter). Reported at the second of the two.

use super::State;
use crate::rules::Violation;

/// The first value seen is kept with its field; a value of the other field equal to it is a
/// violation (in whichever order the two come).
pub(super) fn value(st: &mut State, f: usize, v: &str) -> Option<Violation> {
    let v = super::trim(v);
    match &st.text {
        None => {
            st.text = Some(v.to_string());
            st.from = f as u8;
            None
        }
        Some(first) if usize::from(st.from) != f && first == v => Some(Violation { detail: format!("both are '{v}'") }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    #[test]
    fn pass_and_fail() {
        let c = Check::Differ { left: "Exporter/ID".into(), right: "GoodsShipment/Importer/ID".into() };
        assert!(run(&c, &[(0, "GB1"), (1, "GB2")]).is_empty());
        assert!(run(&c, &[(0, "GB1")]).is_empty());
        assert_eq!(run(&c, &[(0, "GB1"), (1, " GB1")]), ["both are 'GB1'"]);
        assert_eq!(run(&c, &[(1, "GB1"), (0, "GB1")]), ["both are 'GB1'"]);
    }
}
