//! National names of the schema's elements, from a profile's data element table: how a
//! `missing-element` message names a missing element in the national system's terms
//! (`FunctionalReferenceID (LRN, DE 2/5; WCO D026)`). Looked up only when such a message is made.

use crate::profile::DataElement;
use crate::rules::paths;
use crate::schema::{ElemId, Schema};
use std::collections::BTreeMap;

/// Each declaration's national label (`LRN, DE 2/5`), sorted by declaration.
#[derive(Debug)]
pub(crate) struct National(Vec<(ElemId, Box<str>)>);

impl National {
    /// The labels of `elements`' declarations in `schema`; a declaration two data elements
    /// claim (one declaration reached by two paths, as through a shared named type) gets none.
    /// `None` when no data element names a declaration.
    pub(crate) fn new(schema: &Schema, elements: &[DataElement]) -> Option<National> {
        let mut by: BTreeMap<ElemId, Option<String>> = BTreeMap::new();
        for e in elements {
            let label = format!("{}, DE {}", e.name, e.number);
            for d in e.paths.iter().flat_map(|p| paths::declarations(schema, p)) {
                let slot = by.entry(d).or_insert_with(|| Some(label.clone()));
                if slot.as_deref() != Some(label.as_str()) {
                    *slot = None;
                }
            }
        }
        let labels: Vec<(ElemId, Box<str>)> = by.into_iter().filter_map(|(d, l)| Some((d, l?.into()))).collect();
        (!labels.is_empty()).then_some(National(labels))
    }

    /// The label of declaration `d`, if a data element names it alone.
    pub(crate) fn get(&self, d: ElemId) -> Option<&str> {
        self.0.binary_search_by_key(&d, |(e, _)| *e).ok().map(|i| &*self.0[i].1)
    }
}
