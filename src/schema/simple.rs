//! Checking a value against a simple type: whitespace, lexical space, then facets.

use super::datatype::{Builtin, normalize};
use super::facets::Fault;
use super::{Schema, SimpleId, Variety};
use crate::report::Code;

/// Check a raw value (as it appeared in the message, entities resolved) against a simple type.
pub(crate) fn check(schema: &Schema, ty: SimpleId, raw: &str) -> Result<(), Fault> {
    let st = &schema.simple[ty as usize];
    let value = normalize(raw, st.whitespace);
    match &st.variety {
        Variety::Atomic(b) => {
            b.check(&value).map_err(|m| Fault::new(Code::InvalidValue, m.strip_prefix("expected ").unwrap_or(m)))?;
            if st.facets.is_empty() {
                return Ok(());
            }
            st.facets.check(*b, &value, None)
        }
        Variety::List(item) => {
            let mut n = 0;
            for part in value.split(' ').filter(|p| !p.is_empty()) {
                check(schema, *item, part)?;
                n += 1;
            }
            st.facets.check(Builtin::String, &value, Some(n))
        }
        Variety::Union(members) => {
            let mut first_fault = None;
            let mut matched = None;
            for m in members {
                match check(schema, *m, raw) {
                    Ok(()) => {
                        matched = Some(*m);
                        break;
                    }
                    Err(f) => {
                        first_fault.get_or_insert(f);
                    }
                }
            }
            let Some(m) = matched else {
                let names: Vec<String> = members
                    .iter()
                    .map(|m| schema.simple[*m as usize].name.as_deref().unwrap_or("(anonymous)").to_string())
                    .collect();
                return Err(Fault::new(
                    Code::InvalidValue,
                    format!("a value of one of the union's member types ({})", names.join(", ")),
                ));
            };
            let b = schema.simple[m as usize].builtin().unwrap_or(Builtin::String);
            st.facets.check(b, &value, None)
        }
    }
}
