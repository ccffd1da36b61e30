//! A rule's condition (`when`): predicates on fields anywhere in the message, combined with
//! `all`, `any` and `not`.
//!
//! A field is named relative to the rule's scope (`FunctionCode`, `Importer/ID/@schemeID`),
//! with parent steps (`../../TypeCode`), or absolute from the root of the message
//! (`/Declaration/TypeCode`). A predicate is about the values the field has inside the
//! element it is anchored at: the scope element itself, the ancestor its `../` steps reach, or
//! the root. Most predicates hold when *some* value of the field passes (`in`, `starts_with`,
//! `pattern`, `code_list`, `number`); `not_in` holds when *no* value is listed (also when the
//! field is absent); `same_as` / `differs_from` compare the first values of two fields.
//!
//! While the message streams by, a predicate is true as soon as a passing value is seen, and
//! false once its anchor element ends without one; a rule's verdict on a scope element waits
//! (its violations held) until its condition is known, which for an anchor above the scope may
//! be after the scope element has ended.

pub(crate) mod among;
mod code_list;
pub(crate) mod compare;
mod every;
mod listed;
mod number;
mod pattern;
mod same;
mod sequence;
mod starts_with;

pub use among::Among;
pub use compare::{Compare, Term};
use serde::{Deserialize, Serialize};

/// A rule's condition, as written in a pack. A leaf names a `field` and at most one predicate
/// (none: the field is present); a combinator has exactly one of `all`, `any`, `not` and no
/// field. The original form `{"field", "in"}` / `{"field", "not_in"}` / `{"field"}` is a leaf.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The element or attribute: relative to the scope (`X/Y`, `X/@a`, `@a`, `.` for the scope element itself), with parent steps
    /// (`../X`), or absolute from the message's root (`/Declaration/TypeCode`). Empty in a
    /// combinator.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// Holds when some value of `field` is one of these.
    #[serde(default, rename = "in", skip_serializing_if = "Vec::is_empty")]
    pub is_in: Vec<String>,
    /// Holds unless some value of `field` is one of these (so also when the field is absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_in: Vec<String>,
    /// `true`: holds when the field is present (the default predicate); `false`: when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// `true`: holds when the field is absent (the same as `"present": false`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,
    /// Holds when some value starts with one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<String>,
    /// Holds when some value matches this expression as a whole (Rust `regex` syntax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Holds when some value is a code of this built-in list (`wcodm codelists`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_list: Option<String>,
    /// Holds when some value is a number for which this comparison holds: an operator and a
    /// number, `"> 1000"`, `"<= 0.5"`, `"= 0"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Holds when the first values of `field` and of this other field are equal (after
    /// trimming white space); false when either is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// Holds when the first values of `field` and of this other field differ (after trimming
    /// white space); false when either is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differs_from: Option<String>,
    /// `true`: holds when the field's values are 1, 2, 3, ... in document order (or it has none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sequence: bool,
    /// Holds when a comparison of counts, sums and values holds (a leaf with no `field`: the
    /// terms name theirs, all read in one anchor element).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<Compare>,
    /// Holds when every element at `field` has a value of this leaf's field (read inside that
    /// element) passing this leaf's test; also when there is no element at `field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Box<Condition>>,
    /// Holds when the first value of `field` (trimmed) is the `value` of some element at
    /// `each` for which `where` holds: a join (see [`Among`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub among: Option<Among>,
    /// Holds when every one of these holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<Condition>,
    /// Holds when at least one of these holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<Condition>,
    /// Holds when this does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
    /// Only the values inside the first element at this path count (absolute, or relative as
    /// `field` is; the field's own element or one of its ancestors): the predicate is decided
    /// when that element ends. `"/Declaration/TypeCode"` for a field that occurs once;
    /// `"/Declaration/GoodsShipment/GovernmentAgencyGoodsItem"` for the first goods item's
    /// procedure code. A verdict then need not wait for the end of the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_first: Option<String>,
    /// Holds when the declaration category the packs' categories derive is one of these (a
    /// leaf of its own, without `field`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<String>,
}

/// What a leaf of a condition asks, before its fields are wired.
#[derive(Debug)]
pub(crate) enum Leaf {
    /// The derived declaration category is one of these (never an atom).
    Category(Vec<String>),
    /// Some value of the field passes the test (negated: none does).
    Exists { test: Test, negated: bool },
    /// The first values of the field and of `other` are equal (`differ`: are not).
    Same { other: String, differ: bool },
    /// The field's values run 1, 2, 3, ...
    Sequence,
    /// Counts, sums and values of the comparison's fields compared, once their anchor ends.
    Compare(compare::Prepared),
    /// Every element at the field's path shows a value passing `test` (`negated`: none does).
    /// Its fields: the inner field, then the element itself (whose end is fed after the
    /// values inside it).
    Every { test: Test, negated: bool },
    /// The probe (the first value of atom `probe`'s field) is among the values of the elements
    /// at `each` that pass the filter. Its fields: `value`, the filter's field if any, `each`.
    Among { probe: u32, filter: Option<(Test, bool)> },
    /// The first value of the field, trimmed (an `among` atom's probe; never a condition's leaf).
    First,
    /// The state of the presence and listed-value atoms anchored at one element, one bit each
    /// (see `Compiled::home`): one state opened and one look-up per value for all of them.
    /// Never a condition's leaf.
    Bits,
}

/// A test of one value.
#[derive(Debug)]
pub(crate) enum Test {
    /// Any value: the field is present.
    Any,
    /// One of these values (sorted).
    In(Vec<String>),
    /// Starts with one of these.
    StartsWith(Vec<String>),
    /// Matches an anchored expression.
    Pattern(regex::Regex),
    /// A code of a built-in list.
    List(&'static crate::codelists::CodeList),
    /// A number in this relation to the limit.
    Number(&'static [std::cmp::Ordering], i128),
}

impl Test {
    /// Whether a value passes.
    pub(crate) fn passes(&self, v: &str) -> bool {
        match self {
            Test::Any => true,
            Test::In(values) => listed::passes(values, v),
            Test::StartsWith(prefixes) => starts_with::passes(prefixes, v),
            Test::Pattern(re) => pattern::passes(re, v),
            Test::List(list) => code_list::passes(list, v),
            Test::Number(ok, limit) => number::passes(ok, *limit, v),
        }
    }
}

/// A condition compiled: a tree whose leaves are atoms (numbered by the rule set, shared by
/// every rule that asks the same thing of the same field in the same anchor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Atom(u32),
    /// The derived category is one of these (indices into the rule set's categories).
    Category(Vec<u32>),
}

/// A truth value that may not be known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truth {
    True,
    False,
    Unknown,
}

impl From<bool> for Truth {
    fn from(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

impl Cond {
    /// The atoms the condition reads, each once.
    pub(crate) fn atoms(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(c) = stack.pop() {
            match c {
                Cond::Atom(a) if !out.contains(a) => out.push(*a),
                Cond::Atom(_) | Cond::Category(_) => {}
                Cond::Not(c) => stack.push(c),
                Cond::All(p) | Cond::Any(p) => stack.extend(p),
            }
        }
        out
    }

    /// The condition's truth from its atoms' (Kleene's three-valued logic: `any` is true once
    /// one part is, `all` false once one part is); `cats` are the categories' conditions, in
    /// the order they are tried.
    /// `known` is the category when it is already known (`Some(None)`: none holds).
    pub(crate) fn eval(&self, cats: &[Cond], known: Option<Option<u32>>, atom: &mut impl FnMut(u32) -> Truth) -> Truth {
        match self {
            Cond::Atom(a) => atom(*a),
            Cond::Category(set) => match known {
                Some(k) => Truth::from(k.is_some_and(|k| set.contains(&k))),
                None => category_in(cats, set, atom),
            },
            Cond::Not(c) => match c.eval(cats, known, atom) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                Truth::Unknown => Truth::Unknown,
            },
            Cond::All(parts) => {
                let mut out = Truth::True;
                for p in parts {
                    match p.eval(cats, known, atom) {
                        Truth::False => return Truth::False,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::True => {}
                    }
                }
                out
            }
            Cond::Any(parts) => {
                let mut out = Truth::False;
                for p in parts {
                    match p.eval(cats, known, atom) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                out
            }
        }
    }
}

/// The category the first of `cats` that holds derives: `Ok(Some(i))` once known, `Ok(None)`
/// when none holds, `Err(())` while an earlier one is not known yet.
pub(crate) fn derive(cats: &[Cond], atom: &mut impl FnMut(u32) -> Truth) -> Result<Option<u32>, ()> {
    for (i, c) in cats.iter().enumerate() {
        match c.eval(&[], None, atom) {
            Truth::True => return Ok(Some(i as u32)),
            Truth::False => {}
            Truth::Unknown => return Err(()),
        }
    }
    Ok(None)
}

/// Whether the derived category is one of `set`: true once one of them is certain, false once
/// none can be (each fails, or an earlier category holds).
fn category_in(cats: &[Cond], set: &[u32], atom: &mut impl FnMut(u32) -> Truth) -> Truth {
    let last = set.iter().max().map_or(0, |&m| m as usize + 1);
    let (mut possible, mut all_false) = (false, true);
    for (i, c) in cats[..last.min(cats.len())].iter().enumerate() {
        let t = c.eval(&[], None, atom);
        if set.contains(&(i as u32)) {
            if t == Truth::True && all_false {
                return Truth::True;
            }
            possible |= t != Truth::False;
        }
        match t {
            // No later category can be the one.
            Truth::True => break,
            Truth::Unknown => all_false = false,
            Truth::False => {}
        }
    }
    if possible { Truth::Unknown } else { Truth::False }
}

/// The run-time state of one atom in one open anchor element.
#[derive(Debug)]
pub(crate) struct AtomState {
    pub atom: u32,
    /// Frame depth of the anchor element.
    pub depth: usize,
    /// Some value passed (`Exists`).
    pub hit: bool,
    /// The first element its values may come from has ended (`in_first`): the truth is final.
    pub sealed: bool,
    /// The first value of each field (`Same`), trimmed.
    pub first: [Option<Box<str>>; 2],
    /// How many values have been seen (`Sequence`).
    pub count: u32,
    /// What each field of a comparison has shown (`Compare`), by field.
    pub tallies: Vec<compare::Tally>,
    /// The values an `among` atom keeps.
    pub gathered: Option<Box<among::Gathered>>,
    /// The same atom's next-outer open state (see [`crate::rules::NOT_OPEN`]).
    pub outer: u32,
    /// [`Leaf::Bits`]: by bit, the atoms some value passed.
    pub hits: u128,
    /// [`Leaf::Bits`]: by bit, the atoms whose first element at the `in_first` path has ended.
    pub closed: u128,
}

impl AtomState {
    /// An atom's state in an anchor element starting at `depth`.
    pub(crate) fn new(atom: u32, depth: usize, outer: u32) -> Self {
        AtomState {
            atom,
            depth,
            hit: false,
            sealed: false,
            first: [None, None],
            count: 0,
            tallies: Vec::new(),
            gathered: None,
            outer,
            hits: 0,
            closed: 0,
        }
    }

    /// A value of the atom's field number `field` (0: its field; 1: the other field of
    /// `same_as`; a comparison's fields in their order).
    pub(crate) fn value(&mut self, leaf: &Leaf, field: usize, v: &str) {
        if self.sealed {
            return;
        }
        match leaf {
            Leaf::Exists { test, .. } => self.hit = self.hit || test.passes(v),
            Leaf::Same { .. } => {
                let slot = &mut self.first[field.min(1)];
                if slot.is_none() {
                    *slot = Some(crate::rules::kinds::trim(v).into());
                }
            }
            Leaf::Sequence => {
                self.count += 1;
                // `hit`: a value was out of step.
                self.hit = self.hit || !sequence::in_step(self.count, v);
            }
            Leaf::Compare(p) => {
                let Some((m, _)) = p.left.iter().chain(&p.right).filter(|(_, f)| f.is_some()).nth(field) else {
                    return;
                };
                if self.tallies.len() <= field {
                    self.tallies.resize_with(field + 1, Default::default);
                }
                self.tallies[field].add(m, v);
            }
            // `count` is 1 while the element being read has shown a passing value; `hit`: one
            // ended without.
            Leaf::Every { test, negated } => {
                let mut pass = self.count != 0;
                if field == 0 {
                    every::value(&mut pass, test.passes(v));
                } else {
                    every::element_ends(&mut pass, &mut self.hit, *negated);
                }
                self.count = u32::from(pass);
            }
            Leaf::Among { filter, .. } => {
                let g = self.gathered.get_or_insert_with(Default::default);
                match (field, filter) {
                    (0, _) => g.value(v),
                    (1, Some((test, _))) => g.filter(test.passes(v)),
                    (_, filter) => g.element_ends(filter.is_some(), filter.as_ref().is_some_and(|f| f.1)),
                }
            }
            Leaf::First => {
                if self.first[0].is_none() {
                    self.first[0] = Some(crate::rules::kinds::trim(v).into());
                }
            }
            Leaf::Category(_) | Leaf::Bits => {}
        }
    }

    /// An `among` atom's truth for a probe (its [`among::key`]; `None`: the probe field is
    /// absent): true once the probe is among the values kept, false when it is absent or
    /// `ended` without it.
    pub(crate) fn among(&self, probe: Option<u64>, ended: bool) -> Truth {
        match probe {
            None => Truth::False,
            Some(p) if self.gathered.as_ref().is_some_and(|g| g.has(p)) => Truth::True,
            Some(_) if ended || self.sealed => Truth::False,
            Some(_) => Truth::Unknown,
        }
    }

    /// The truth of a presence or listed-value atom kept as bit `bit` of this [`Leaf::Bits`]
    /// state (`negated`: holds when no value passes).
    pub(crate) fn bit(&self, bit: u8, negated: bool, ended: bool) -> Truth {
        if self.hits >> bit & 1 != 0 {
            Truth::from(!negated)
        } else if ended || self.closed >> bit & 1 != 0 {
            Truth::from(negated)
        } else {
            Truth::Unknown
        }
    }

    /// The atom's truth: `ended` when its anchor element has ended (or ends now), so what has
    /// not been seen will not be.
    pub(crate) fn truth(&self, leaf: &Leaf, ended: bool) -> Truth {
        let ended = ended || self.sealed;
        let known = match leaf {
            Leaf::Exists { negated, .. } if self.hit => Some(!negated),
            Leaf::Exists { negated, .. } => ended.then_some(*negated),
            Leaf::Same { differ, .. } => match &self.first {
                [Some(a), Some(b)] => Some(same::equal(a, b) != *differ),
                _ => ended.then_some(false),
            },
            Leaf::Sequence if self.hit => Some(false),
            Leaf::Sequence => ended.then_some(true),
            Leaf::Compare(p) => ended.then(|| compare::holds(p, &self.tallies)),
            Leaf::Every { .. } if self.hit => Some(false),
            Leaf::Every { .. } => ended.then_some(true),
            // Known only for a probe (`AtomState::among`).
            Leaf::Among { .. } | Leaf::First | Leaf::Category(_) | Leaf::Bits => None,
        };
        known.map_or(Truth::Unknown, Truth::from)
    }
}

impl Condition {
    /// A leaf: the field is one of `values` (the original form).
    pub fn is_in(field: &str, values: &[&str]) -> Condition {
        Condition { field: field.into(), is_in: values.iter().map(|v| v.to_string()).collect(), ..Condition::default() }
    }

    /// The parts of a combinator, or `None` for a leaf.
    fn combinator(&self) -> Result<Option<(&'static str, Vec<&Condition>)>, String> {
        let parts = [
            ("all", !self.all.is_empty(), self.all.iter().collect::<Vec<_>>()),
            ("any", !self.any.is_empty(), self.any.iter().collect()),
            ("not", self.not.is_some(), self.not.iter().map(|c| &**c).collect()),
        ];
        let given: Vec<_> = parts.into_iter().filter(|p| p.1).collect();
        match given.len() {
            0 => Ok(None),
            1 if self.field.is_empty() && self.leaf_predicates().is_empty() => {
                let (name, _, parts) = given.into_iter().next().expect("one");
                Ok(Some((name, parts)))
            }
            1 => Err("a condition with `all`, `any` or `not` takes no field or predicate beside it".into()),
            _ => Err("a condition takes one of `all`, `any`, `not`; nest them to combine".into()),
        }
    }

    /// The names of the predicates a leaf gives.
    fn leaf_predicates(&self) -> Vec<&'static str> {
        [
            ("in", !self.is_in.is_empty()),
            ("not_in", !self.not_in.is_empty()),
            ("present", self.present.is_some()),
            ("absent", self.absent),
            ("starts_with", !self.starts_with.is_empty()),
            ("pattern", self.pattern.is_some()),
            ("code_list", self.code_list.is_some()),
            ("number", self.number.is_some()),
            ("category", !self.category.is_empty()),
            ("same_as", self.same_as.is_some()),
            ("differs_from", self.differs_from.is_some()),
            ("sequence", self.sequence),
            ("compare", self.compare.is_some()),
            ("every", self.every.is_some()),
            ("among", self.among.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, given)| given.then_some(n))
        .collect()
    }

    /// Compile the condition: `leaf` wires each leaf (its field and what it asks) and returns
    /// its atom.
    pub(crate) fn compile(
        &self,
        leaf: &mut impl FnMut(&Condition, Leaf) -> Result<Cond, String>,
    ) -> Result<Cond, String> {
        if let Some((name, parts)) = self.combinator()? {
            let parts = parts.into_iter().map(|c| c.compile(leaf)).collect::<Result<Vec<_>, _>>()?;
            return Ok(match name {
                "all" => Cond::All(parts),
                "any" => Cond::Any(parts),
                _ => Cond::Not(Box::new(parts.into_iter().next().expect("one part"))),
            });
        }
        if let Some(c) = &self.compare {
            if !self.field.is_empty() || self.leaf_predicates().len() > 1 {
                return Err("`compare` stands alone: its terms name the fields".into());
            }
            return leaf(self, Leaf::Compare(c.prepare()?));
        }
        if !self.category.is_empty() {
            if !self.field.is_empty() || self.leaf_predicates().len() > 1 {
                return Err("a `category` condition takes no field or other predicate beside it".into());
            }
            return leaf(self, Leaf::Category(self.category.clone()));
        }
        if self.field.is_empty() {
            return Err("a condition names a `field` (or combines others with `all`, `any`, `not`)".into());
        }
        let given = self.leaf_predicates();
        if given.len() > 1 {
            return Err(format!("condition on {}: one predicate at a time ({} given)", self.field, given.join(", ")));
        }
        let exists = |test| Leaf::Exists { test, negated: false };
        let what = if !self.is_in.is_empty() {
            exists(Test::In(listed::prepare(&self.is_in)))
        } else if !self.not_in.is_empty() {
            Leaf::Exists { test: Test::In(listed::prepare(&self.not_in)), negated: true }
        } else if self.absent || self.present == Some(false) {
            Leaf::Exists { test: Test::Any, negated: true }
        } else if !self.starts_with.is_empty() {
            exists(Test::StartsWith(self.starts_with.clone()))
        } else if let Some(re) = &self.pattern {
            exists(Test::Pattern(crate::rules::kinds::compile_pattern(re)?))
        } else if let Some(name) = &self.code_list {
            exists(Test::List(code_list::prepare(name)?))
        } else if let Some(n) = &self.number {
            let (ok, limit) = number::prepare(n)?;
            exists(Test::Number(ok, limit))
        } else if self.sequence {
            Leaf::Sequence
        } else if let Some(inner) = &self.every {
            let (test, negated) = inner.value_test().map_err(|e| format!("`every` of {}: {e}", self.field))?;
            Leaf::Every { test, negated }
        } else if let Some(among) = &self.among {
            let filter = match &among.filter {
                Some(w) => Some(w.value_test().map_err(|e| format!("`among` of {}: `where`: {e}", self.field))?),
                None => None,
            };
            Leaf::Among { probe: u32::MAX, filter }
        } else if let Some(other) = &self.same_as {
            Leaf::Same { other: other.clone(), differ: false }
        } else if let Some(other) = &self.differs_from {
            Leaf::Same { other: other.clone(), differ: true }
        } else {
            exists(Test::Any)
        };
        leaf(self, what)
    }

    /// Every field the condition reads (its leaves' fields, and the fields they compare with).
    pub fn fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            out.extend((!c.field.is_empty()).then(|| c.field.clone()));
            out.extend(c.same_as.iter().chain(&c.differs_from).cloned());
            out.extend(c.compare.iter().flat_map(Compare::fields));
            out.extend(c.every.iter().map(|inner| every::inner_path(&c.field, &inner.field)));
            out.extend(c.among.iter().flat_map(Among::fields));
        });
        out
    }

    /// The fields an `every` or `among` leaf's atom reads, in the order its state numbers
    /// them (relative to the rule's scope, as `field` is).
    pub(crate) fn quantified_fields(&self) -> Vec<String> {
        match (&self.every, &self.among) {
            (Some(inner), _) => vec![every::inner_path(&self.field, &inner.field), self.field.clone()],
            (_, Some(among)) => among.fields(),
            _ => Vec::new(),
        }
    }

    /// The test of a leaf that tests each value of its field (`present`, `absent`, `in`,
    /// `not_in`, `starts_with`, `pattern`, `code_list`, `number`), and whether it is negated
    /// (holds when no value passes): the inner leaf of `every`, the filter of `among`.
    fn value_test(&self) -> Result<(Test, bool), String> {
        if self.field.starts_with('/') || self.field.starts_with("..") || self.in_first.is_some() {
            return Err(format!(
                "'{}' is read inside each element: write it from there, without '/', '..' or in_first",
                self.field
            ));
        }
        let mut what = None;
        let compiled = self.compile(&mut |_, leaf| {
            what = Some(leaf);
            Ok(Cond::Atom(0))
        })?;
        match (compiled, what) {
            (Cond::Atom(_), Some(Leaf::Exists { test, negated })) => Ok((test, negated)),
            _ => Err("takes one field with a test of its values (present, absent, in, not_in, starts_with, pattern, code_list or number)".into()),
        }
    }

    fn visit(&self, f: &mut impl FnMut(&Condition)) {
        f(self);
        for c in self.all.iter().chain(&self.any).chain(self.not.as_deref()) {
            c.visit(f);
        }
    }

    /// The condition in words.
    pub fn describe(&self) -> String {
        format!("when {}", self.words())
    }

    /// What the condition finds where it holds, in words (a `reject` rule's detail: its
    /// condition reads as what is wrong): as [`Condition::describe`] without "when", the scope
    /// element's own value (`.`) named `here`, and a `not` of a presence, a comparison of
    /// counts, a number or a pattern said directly ("X is absent", "the number of X > 999",
    /// "X is not 3", "X does not match P"). Longer than
    /// [`FOUND_MAX`] characters, groups nested deeper are shown as "(...)".
    pub(crate) fn found(&self, here: &str) -> String {
        let mut text = self.phrase(here, usize::MAX);
        for depth in [2, 1] {
            if text.len() <= FOUND_MAX {
                break;
            }
            text = self.phrase(here, depth);
        }
        // The outer group's parentheses (also of a group under a double negation, which reads
        // as the group): only a group's words start with '(' and end with ')'.
        match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            Some(inner) => inner.to_string(),
            None => text,
        }
    }

    fn words(&self) -> String {
        self.phrase(".", usize::MAX)
    }

    /// The condition in words, `.` named `here`, groups below `depth` levels shown as "(...)".
    fn phrase(&self, here: &str, depth: usize) -> String {
        let join = |parts: &[Condition], word: &str| {
            if depth == 0 {
                return "(...)".to_string();
            }
            let w: Vec<String> = parts.iter().map(|c| c.phrase(here, depth - 1)).collect();
            format!("({})", w.join(word))
        };
        if !self.all.is_empty() {
            return join(&self.all, " and ");
        }
        if !self.any.is_empty() {
            return join(&self.any, " or ");
        }
        if let Some(c) = &self.not {
            return c.negated(here, depth).unwrap_or_else(|| format!("not {}", c.phrase(here, depth)));
        }
        let f = if self.field == "." { here } else { self.field.as_str() };
        let leaf = if let Some(c) = &self.compare {
            c.words()
        } else if !self.category.is_empty() {
            format!("the declaration category is {}", self.category.join(" or "))
        } else if !self.is_in.is_empty() {
            format!("{f} is {}", self.is_in.join(" or "))
        } else if !self.not_in.is_empty() {
            format!("{f} is not {}", self.not_in.join(" or "))
        } else if self.absent || self.present == Some(false) {
            format!("{f} is absent")
        } else if !self.starts_with.is_empty() {
            format!("{f} starts with {}", self.starts_with.join(" or "))
        } else if let Some(p) = &self.pattern {
            format!("{f} matches {p}")
        } else if let Some(l) = &self.code_list {
            format!("{f} is in the {l} list")
        } else if let Some(n) = &self.number {
            format!("{f} {n}")
        } else if self.sequence {
            format!("{f} runs 1, 2, 3, ...")
        } else if let Some(inner) = &self.every {
            format!("every {f} has {}", inner.phrase(here, depth))
        } else if let Some(a) = &self.among {
            a.words(f)
        } else if let Some(o) = &self.same_as {
            format!("{f} equals {o}")
        } else if let Some(o) = &self.differs_from {
            format!("{f} differs from {o}")
        } else {
            format!("{f} is present")
        };
        match &self.in_first {
            Some(first) if first.trim_start_matches('/') != f.trim_start_matches('/') => {
                format!("{leaf} in the first {first}")
            }
            _ => leaf,
        }
    }

    /// This condition's negation said directly, where it can be: a leaf asking for presence
    /// or absence turned over, a comparison of counts with the opposite operator, no value
    /// equal to a number or matching a pattern, a double negation undone.
    fn negated(&self, here: &str, depth: usize) -> Option<String> {
        if let Some(inner) = &self.not {
            return Some(inner.phrase(here, depth));
        }
        if self.in_first.is_some() {
            return None;
        }
        let f = if self.field == "." { here } else { self.field.as_str() };
        let bare = Condition { field: self.field.clone(), ..Condition::default() };
        if *self == bare && !f.is_empty() {
            return Some(format!("{f} is absent"));
        }
        if *self == (Condition { present: Some(true), ..bare.clone() }) {
            return Some(format!("{f} is absent"));
        }
        if *self == (Condition { absent: true, ..bare.clone() })
            || *self == (Condition { present: Some(false), ..bare.clone() })
        {
            return Some(format!("{f} is present"));
        }
        // No value passes (also when there is none), as `not_in` reads.
        match (&self.compare, &self.number, &self.pattern) {
            (Some(c), ..) if *self == (Condition { compare: Some(c.clone()), ..Condition::default() }) => {
                c.negated_words()
            }
            (_, Some(n), _) if *self == (Condition { number: Some(n.clone()), ..bare.clone() }) => {
                n.trim().strip_prefix('=').map(|v| format!("{f} is not {}", v.trim()))
            }
            (.., Some(p)) if *self == (Condition { pattern: Some(p.clone()), ..bare.clone() }) => {
                Some(format!("{f} does not match {p}"))
            }
            _ => None,
        }
    }
}

/// The longest [`Condition::found`] shown in full.
const FOUND_MAX: usize = 300;

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(json: &str) -> Result<(Cond, Vec<Leaf>), String> {
        let c: Condition = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut leaves = Vec::new();
        let cond = c.compile(&mut |_, l| {
            leaves.push(l);
            Ok(Cond::Atom(leaves.len() as u32 - 1))
        })?;
        Ok((cond, leaves))
    }

    /// The constructor makes the leaf a pack writes as `{"field", "in"}` (cargo-mutants: its
    /// field left out was not caught; no test built a condition this way).
    #[test]
    fn is_in_is_the_original_leaf() {
        let written: Condition = serde_json::from_str(r#"{"field": "TypeCode", "in": ["IM", "EX"]}"#).unwrap();
        assert_eq!(Condition::is_in("TypeCode", &["IM", "EX"]), written);
    }

    #[test]
    fn original_form_still_reads() {
        let (c, leaves) = compile(r#"{"field": "FunctionCode", "not_in": ["13"]}"#).unwrap();
        assert_eq!(c, Cond::Atom(0));
        assert!(matches!(&leaves[0], Leaf::Exists { test: Test::In(v), negated: true } if v == &["13"]));
        let (_, leaves) = compile(r#"{"field": "Address"}"#).unwrap();
        assert!(matches!(leaves[0], Leaf::Exists { test: Test::Any, negated: false }));
    }

    #[test]
    fn combinators_nest() {
        let (c, leaves) = compile(
            r#"{"all": [{"field": "/Declaration/TypeCode", "starts_with": ["IM"]},
                        {"not": {"any": [{"field": "../X", "absent": true}, {"field": "Y", "number": "> 5"}]}}]}"#,
        )
        .unwrap();
        assert_eq!(leaves.len(), 3);
        assert_eq!(
            c,
            Cond::All(vec![Cond::Atom(0), Cond::Not(Box::new(Cond::Any(vec![Cond::Atom(1), Cond::Atom(2)])))])
        );
    }

    #[test]
    fn malformed_conditions_are_refused() {
        for bad in [
            r#"{"field": "X", "in": ["A"], "starts_with": ["B"]}"#,
            r#"{"all": [{"field": "X"}], "field": "Y"}"#,
            r#"{"all": [{"field": "X"}], "any": [{"field": "Y"}]}"#,
            r#"{"in": ["A"]}"#,
            r#"{"field": "X", "pattern": "("}"#,
            r#"{"field": "X", "code_list": "planets"}"#,
            r#"{"field": "X", "number": "about 5"}"#,
            r#"{"field": "X", "equals": "5"}"#,
            r#"{"field": "G", "every": {"field": "../Y", "in": ["1"]}}"#,
            r#"{"field": "G", "every": {"any": [{"field": "A"}, {"field": "B"}]}}"#,
            r#"{"field": "G", "every": {"field": "A", "sequence": true}}"#,
            r#"{"field": "M", "among": {"each": "P", "value": "M", "where": {"field": "N", "same_as": "K"}}}"#,
            r#"{"field": "M", "among": {"each": "P"}}"#,
            r#"{"field": "X", "compare": {"left": [{"count": "A"}], "op": "=", "right": [{"number": "1"}]}}"#,
            r#"{"compare": {"left": [{"count": "A"}], "op": "=", "right": [{"number": "1"}]}, "in": ["A"]}"#,
        ] {
            assert!(compile(bad).is_err(), "{bad}");
        }
        let alone = r#"{"compare": {"left": [{"count": "A"}], "op": "=", "right": [{"number": "1"}]}}"#;
        assert!(matches!(compile(alone).unwrap().1[..], [Leaf::Compare(_)]), "a comparison stands alone");
        // A declaration category stands alone too (cargo-mutants: its `> 1` made `==`, `<` or
        // `>=` refused it alone or let a second predicate pass).
        assert!(
            matches!(&compile(r#"{"category": ["H1", "I1"]}"#).unwrap().1[..], [Leaf::Category(c)] if c == &["H1", "I1"])
        );
        for bad in [r#"{"category": ["H1"], "in": ["A"]}"#, r#"{"category": ["H1"], "field": "X"}"#] {
            assert_eq!(
                compile(bad).unwrap_err(),
                "a `category` condition takes no field or other predicate beside it",
                "{bad}"
            );
        }
        // Which of the two mistakes a combinator's error names (cargo-mutants: the first arm
        // deleted gave the second's message).
        let beside = compile(r#"{"all": [{"field": "X"}], "field": "Y"}"#).unwrap_err();
        assert_eq!(beside, "a condition with `all`, `any` or `not` takes no field or predicate beside it");
        let two = compile(r#"{"all": [{"field": "X"}], "any": [{"field": "Y"}]}"#).unwrap_err();
        assert_eq!(two, "a condition takes one of `all`, `any`, `not`; nest them to combine");
    }

    #[test]
    fn three_valued_logic() {
        use Truth::*;
        let t = |v: [Truth; 2]| move |a: u32| v[a as usize];
        let all = Cond::All(vec![Cond::Atom(0), Cond::Atom(1)]);
        let any = Cond::Any(vec![Cond::Atom(0), Cond::Atom(1)]);
        assert_eq!(all.eval(&[], None, &mut t([True, Unknown])), Unknown);
        assert_eq!(all.eval(&[], None, &mut t([False, Unknown])), False);
        assert_eq!(any.eval(&[], None, &mut t([False, Unknown])), Unknown);
        assert_eq!(any.eval(&[], None, &mut t([Unknown, True])), True);
        assert_eq!(Cond::Not(Box::new(all)).eval(&[], None, &mut t([True, True])), False);
    }

    #[test]
    fn the_first_category_that_holds_is_the_one() {
        use Truth::*;
        let cats = [Cond::Atom(0), Cond::Atom(1)];
        let t = |v: [Truth; 2]| move |a: u32| v[a as usize];
        let second = Cond::Category(vec![1]);
        assert_eq!(second.eval(&cats, None, &mut t([False, True])), True);
        assert_eq!(second.eval(&cats, None, &mut t([True, True])), False, "the first takes precedence");
        assert_eq!(second.eval(&cats, None, &mut t([Unknown, True])), Unknown);
        assert_eq!(second.eval(&cats, None, &mut t([Unknown, False])), False);
        assert_eq!(second.eval(&cats, Some(Some(1)), &mut t([Unknown, Unknown])), True, "a known category is read");
        assert_eq!(derive(&cats, &mut t([False, True])), Ok(Some(1)));
        assert_eq!(derive(&cats, &mut t([False, False])), Ok(None));
        assert_eq!(derive(&cats, &mut t([Unknown, True])), Err(()));
        let c: Condition = serde_json::from_str(r#"{"category": ["H1", "H2"]}"#).unwrap();
        assert_eq!(c.describe(), "when the declaration category is H1 or H2");
        assert!(
            serde_json::from_str::<Condition>(r#"{"category": ["H1"], "field": "X"}"#)
                .unwrap()
                .compile(&mut |_, _| Ok(Cond::Atom(0)))
                .is_err()
        );
    }

    #[test]
    fn atoms_decide_early_or_when_their_anchor_ends() {
        let some = Leaf::Exists { test: Test::In(vec!["IM".into()]), negated: false };
        let none = Leaf::Exists { test: Test::In(vec!["IM".into()]), negated: true };
        let mut st = AtomState::new(0, 1, 0);
        assert_eq!(st.truth(&some, false), Truth::Unknown);
        assert_eq!(st.truth(&some, true), Truth::False);
        assert_eq!(st.truth(&none, true), Truth::True, "not_in holds on an absent field");
        st.value(&some, 0, " IM ");
        assert_eq!(st.truth(&some, false), Truth::True);
        assert_eq!(st.truth(&none, false), Truth::False);
        let same = Leaf::Same { other: "B".into(), differ: false };
        let mut st = AtomState::new(0, 1, 0);
        st.value(&same, 1, "GB1");
        assert_eq!(st.truth(&same, false), Truth::Unknown);
        assert_eq!(st.truth(&same, true), Truth::False, "an absent side is not equal");
        st.value(&same, 0, " GB1");
        st.value(&same, 0, "GB2");
        assert_eq!(st.truth(&same, false), Truth::True, "first values compared");
    }

    /// Each atom is listed once, however often the condition reads it: a verdict waiting on the
    /// condition is indexed once under each atom state it reads (cargo-mutants: the guard made
    /// `true` listed atom 1 twice).
    #[test]
    fn atoms_are_listed_once() {
        let read_twice = Cond::Any(vec![
            Cond::Atom(1),
            Cond::Not(Box::new(Cond::All(vec![Cond::Atom(0), Cond::Atom(1)]))),
            Cond::Category(vec![0]),
        ]);
        let mut atoms = read_twice.atoms();
        atoms.sort_unstable();
        assert_eq!(atoms, [0, 1]);
    }

    /// `in_first` is named in words where it is not the field's own element (cargo-mutants:
    /// the guard made `true`, `false` or `==` went unseen).
    #[test]
    fn in_first_is_said_where_it_differs_from_the_field() {
        let words = |json: &str| serde_json::from_str::<Condition>(json).unwrap().describe();
        assert_eq!(
            words(r#"{"field": "/Declaration/TypeCode", "in": ["IM"], "in_first": "/Declaration/TypeCode"}"#),
            "when /Declaration/TypeCode is IM"
        );
        assert_eq!(
            words(r#"{"field": "Item/Procedure/CurrentCode", "starts_with": ["40"], "in_first": "Item"}"#),
            "when Item/Procedure/CurrentCode starts with 40 in the first Item"
        );
    }

    /// A `not` of a presence or an absence reads as the opposite, in each way a pack writes it,
    /// and so does a `not` of a comparison of counts, of a number equal to a value and of a
    /// pattern (cargo-mutants: each comparison with the bare leaf weakened went unseen).
    #[test]
    fn negations_read_directly() {
        let words = |json: &str| serde_json::from_str::<Condition>(json).unwrap().describe();
        assert_eq!(words(r#"{"not": {"field": "X"}}"#), "when X is absent");
        assert_eq!(words(r#"{"not": {"field": "X", "present": true}}"#), "when X is absent");
        assert_eq!(words(r#"{"not": {"field": "X", "absent": true}}"#), "when X is present");
        assert_eq!(words(r#"{"not": {"field": "X", "present": false}}"#), "when X is present");
        assert_eq!(words(r#"{"not": {"field": "X", "in": ["A"]}}"#), "when not X is A");
        assert_eq!(words(r#"{"not": {"field": "X", "number": "= 5"}}"#), "when X is not 5");
        assert_eq!(words(r#"{"not": {"field": "X", "number": "> 5"}}"#), "when not X > 5");
        assert_eq!(words(r#"{"not": {"field": "X", "pattern": "[0-9]+"}}"#), "when X does not match [0-9]+");
        assert_eq!(
            words(r#"{"not": {"compare": {"left": [{"count": "A"}], "op": "<=", "right": [{"number": "999"}]}}}"#),
            "when the number of A > 999"
        );
    }

    /// What a condition found (a `reject` rule's detail): an outer `all` or `any` without its
    /// parentheses, also under a double negation; nested groups in full while the words fit in `FOUND_MAX` characters, else
    /// the groups below two levels, then below one, shown as "(...)".
    #[test]
    fn found_words_drop_the_outer_parentheses_and_shorten_only_when_long() {
        let found = |json: &str| serde_json::from_str::<Condition>(json).unwrap().found("H");
        assert_eq!(found(r#"{"any": [{"field": "A"}, {"field": "."}]}"#), "A is present or H is present");
        assert_eq!(found(r#"{"all": [{"field": "A"}, {"field": "B"}]}"#), "A is present and B is present");
        assert_eq!(
            found(r#"{"not": {"not": {"all": [{"field": "A"}, {"field": "B"}]}}}"#),
            "A is present and B is present"
        );
        assert_eq!(found(r#"{"field": "A", "pattern": "(B)"}"#), "A matches (B)");
        let nested = |f: &str| {
            format!(
                r#"{{"all": [{{"any": [{{"all": [{{"field": "{f}1"}}, {{"field": "{f}2"}}]}}, {{"field": "{f}3"}}]}}, {{"field": "{f}4"}}]}}"#
            )
        };
        // 72 characters with the outer parentheses: in full.
        assert_eq!(found(&nested("A")), "((A1 is present and A2 is present) or A3 is present) and A4 is present");
        // Fields of 71 characters: 348 in full, 182 with the third level shown as "(...)".
        let long = "L".repeat(70);
        assert_eq!(found(&nested(&long)), format!("((...) or {long}3 is present) and {long}4 is present"));
        // Fields of 151 characters: 668 in full, 342 to two levels; one level.
        let longer = "L".repeat(150);
        assert_eq!(found(&nested(&longer)), format!("(...) and {longer}4 is present"));
    }

    #[test]
    fn quantified_leaves_compile() {
        let (_, leaves) = compile(r#"{"field": "../G", "every": {"field": "S/A", "absent": true}}"#).unwrap();
        assert!(matches!(leaves[0], Leaf::Every { test: Test::Any, negated: true }));
        let (_, leaves) = compile(
            r#"{"field": "M", "among": {"each": "P", "value": "M", "where": {"field": "N", "number": "> 0"}}}"#,
        )
        .unwrap();
        assert!(matches!(leaves[0], Leaf::Among { filter: Some((Test::Number(..), false)), .. }));
    }

    #[test]
    fn every_decides_at_the_first_failing_element() {
        let leaf = Leaf::Every { test: Test::In(vec!["10600".into()]), negated: false };
        let mut st = AtomState::new(0, 1, 0);
        assert_eq!(st.truth(&leaf, true), Truth::True, "no element at all");
        st.value(&leaf, 0, "10600");
        st.value(&leaf, 1, "");
        assert_eq!(st.truth(&leaf, false), Truth::Unknown);
        st.value(&leaf, 0, "99999");
        st.value(&leaf, 1, "");
        assert_eq!(st.truth(&leaf, false), Truth::False, "the second element has no 10600");
    }

    #[test]
    fn among_finds_probes_among_kept_values() {
        let (ok, limit) = number::prepare("> 0").unwrap();
        let leaf = Leaf::Among { probe: 0, filter: Some((Test::Number(ok, limit), false)) };
        let mut st = AtomState::new(0, 1, 0);
        let (m1, m2) = (Some(among::key("M1")), Some(among::key("M2")));
        assert_eq!(st.among(m1, false), Truth::Unknown, "a later element may have it");
        st.value(&leaf, 0, " M1");
        st.value(&leaf, 1, "3");
        st.value(&leaf, 2, "");
        st.value(&leaf, 0, "M2");
        st.value(&leaf, 1, "0");
        st.value(&leaf, 2, "");
        assert_eq!(st.among(m1, false), Truth::True);
        assert_eq!(st.among(m2, false), Truth::Unknown, "M2's element has no packages");
        assert_eq!(st.among(m2, true), Truth::False);
        assert_eq!(st.among(None, false), Truth::False, "no probe value");
    }

    #[test]
    fn described_in_words() {
        let c: Condition = serde_json::from_str(
            r#"{"all": [{"field": "/Declaration/TypeCode", "in": ["IM"]}, {"field": "X", "absent": true}]}"#,
        )
        .unwrap();
        assert_eq!(c.describe(), "when (/Declaration/TypeCode is IM and X is absent)");
        assert_eq!(c.fields(), ["/Declaration/TypeCode", "X"]);
        let every: Condition =
            serde_json::from_str(r#"{"field": "../G", "every": {"field": "S/A", "in": ["10600"]}}"#).unwrap();
        assert_eq!(every.describe(), "when every ../G has S/A is 10600");
        assert_eq!(every.fields(), ["../G", "../G/S/A"]);
        let among: Condition = serde_json::from_str(
            r#"{"field": "M", "among": {"each": "../../G/P", "value": "M", "where": {"field": "N", "number": "> 0"}}}"#,
        )
        .unwrap();
        assert_eq!(among.describe(), "when M is the M of some ../../G/P where N > 0");
        assert_eq!(among.fields(), ["M", "../../G/P/M", "../../G/P/N", "../../G/P"]);
    }
}
