//! `same-value`: every value of a field in the scope is the same (one invoice currency for
//! all goods items).

use super::State;

pub(super) fn value(st: &mut State, v: &str) {
    let v = v.trim();
    match &st.text {
        None => st.text = Some(v.to_string()),
        Some(first) if first != v && st.bad.is_none() => {
            st.bad = Some(format!("'{v}' differs from the first value '{first}'"))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::Check;
    use super::*;

    fn run(values: &[&str]) -> Option<String> {
        let c = Check::SameValue { field: "X/@currencyID".into() };
        let mut st = State::default();
        for v in values {
            c.value(&mut st, 0, v);
        }
        c.finish(&st).map(|v| v.detail)
    }

    #[test]
    fn pass_and_fail() {
        assert_eq!(run(&["GBP", "GBP"]), None);
        assert_eq!(run(&[]), None);
        assert_eq!(run(&["GBP", "EUR", "USD"]).unwrap(), "'EUR' differs from the first value 'GBP'");
    }
}
