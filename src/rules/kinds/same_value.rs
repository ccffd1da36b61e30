//! `same-value`: every value of some fields in the scope is the same (one invoice currency for
//! all goods items, and the header's). The first different value is reported where it stands.

use super::State;
use crate::rules::Violation;

pub(super) fn value(st: &mut State, v: &str) -> Option<Violation> {
    let v = super::trim(v);
    match &st.text {
        None => {
            st.text = Some(v.to_string());
            None
        }
        Some(first) if first != v => {
            Some(Violation { detail: format!("'{v}' differs from the first value '{first}'") })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Check, run};

    #[test]
    fn pass_and_fail() {
        let c = Check::SameValue { fields: vec!["InvoiceAmount/@currencyID".into(), "Item/Amount/@currencyID".into()] };
        assert!(run(&c, &[(0, "GBP"), (1, "GBP"), (1, " GBP")]).is_empty());
        assert!(run(&c, &[]).is_empty());
        assert_eq!(
            run(&c, &[(0, "GBP"), (1, "EUR"), (1, "USD")]),
            ["'EUR' differs from the first value 'GBP'", "'USD' differs from the first value 'GBP'"]
        );
    }
}
