//! `among`: a value of the scope is among the values of other elements, of those elements for
//! which a filter holds: a join. `{"field": "MarNumOfPacGSL21", "among": {"each":
//! "../../GOOITEGDS/PACGS2", "value": "MarNumOfPacGSL21", "where": {"field": "NumOfPacGS24",
//! "number": "> 0"}}}`: this package's marks are the marks of some package of the message that
//! has packages (HMRC's 8153, TR0022).
//!
//! The field's first value (the probe, trimmed) is read in the field's own element; the values
//! it is looked for among are gathered in the element `each` is read in (its anchor): at the
//! end of each element at `each`, its first `value` (trimmed) is kept if `where` held in it
//! (or there is no `where`). The predicate is true as soon as the probe is among the values kept,
//! false when the probe is absent or the anchor ends without it. A verdict waiting for it keeps
//! its probe, so the one set serves every scope element.
//!
//! Memory: one entry per distinct value kept, as for `distinct` counts; the other content of the
//! message costs nothing.

use super::Condition;
use super::every::inner_path;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Where a probe is looked for, as written in a pack: `{"each": "../../GOOITEGDS/PACGS2",
/// "value": "MarNumOfPacGSL21", "where": {"field": "NumOfPacGS24", "number": "> 0"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Among {
    /// The elements whose values the probe is looked for among (relative to the scope, as a
    /// condition's field is: `../../GOOITEGDS/PACGS2`, or absolute).
    pub each: String,
    /// The value of each (relative to it: `MarNumOfPacGSL21`, `@a`, `.` for its own value).
    pub value: String,
    /// Only elements for which this leaf holds count: one field (relative to each) and a test
    /// of its values (`present`, `absent`, `in`, `not_in`, `starts_with`, `pattern`,
    /// `code_list`, `number`).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Box<Condition>>,
}

impl Among {
    /// The fields the atom reads, in the order its state numbers them: the value, the filter's
    /// field, each element (whose end is fed after the values inside it).
    pub fn fields(&self) -> Vec<String> {
        let mut out = vec![inner_path(&self.each, &self.value)];
        out.extend(self.filter.iter().map(|w| inner_path(&self.each, &w.field)));
        out.push(self.each.clone());
        out
    }

    /// The predicate in words, for the field `f` it is asked of.
    pub(super) fn words(&self, f: &str) -> String {
        let filter = self.filter.as_ref().map(|w| format!(" where {}", w.words())).unwrap_or_default();
        format!("{f} is the {} of some {}{filter}", self.value, self.each)
    }
}

/// The values an `among` atom has gathered in one anchor element.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    /// The values kept, trimmed, by their [`key`]s (eight bytes whatever a value's length).
    kept: HashSet<u64>,
    /// The first `value` of the element at `each` being read, trimmed.
    value: Option<Box<str>>,
    /// `where` held in it.
    passes: bool,
}

impl Gathered {
    /// A value of the `value` field of the element being read.
    pub(super) fn value(&mut self, v: &str) {
        if self.value.is_none() {
            self.value = Some(crate::rules::kinds::trim(v).into());
        }
    }

    /// A value of the `where` field: `passes` is the filter's verdict on it.
    pub(super) fn filter(&mut self, passes: bool) {
        self.passes |= passes;
    }

    /// The element at `each` ends: its value is kept if the filter held (`negated`, a filter
    /// `absent` / `not_in`: if it did not). The next element starts afresh.
    pub(super) fn element_ends(&mut self, filtered: bool, negated: bool) {
        let keep = !filtered || self.passes != negated;
        if let Some(v) = self.value.take().filter(|_| keep) {
            self.kept.insert(key(&v));
        }
        self.passes = false;
    }

    /// Whether the probe with this [`key`] is among the values kept.
    pub(crate) fn has(&self, probe: u64) -> bool {
        self.kept.contains(&probe)
    }
}

/// A value's key (of the value trimmed already): SipHash with fixed keys, the same in every
/// run; two different values share one with a chance of about 2^-64.
pub(crate) fn key(trimmed: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    trimmed.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_filtered_elements_are_kept() {
        let mut g = Gathered::default();
        // An element with packages and marks, one without packages, one with packages but no marks.
        g.value(" M1 ");
        g.value("M-second");
        g.filter(true);
        g.element_ends(true, false);
        g.value("M2");
        g.filter(false);
        g.element_ends(true, false);
        g.filter(true);
        g.element_ends(true, false);
        let has = |g: &Gathered, v: &str| g.has(key(v));
        assert!(has(&g, "M1"), "first value, trimmed");
        assert!(!has(&g, "M-second") && !has(&g, "M2"), "only first values of elements the filter passes");
        // Without a filter every element's value is kept; a negated filter keeps where it fails.
        g.value("M3");
        g.element_ends(false, false);
        g.value("M4");
        g.filter(true);
        g.element_ends(true, true);
        g.value("M5");
        g.element_ends(true, true);
        assert!(has(&g, "M3") && !has(&g, "M4") && has(&g, "M5"));
    }
}
