//! Business rules, evaluated during the same streaming pass as the schema.
//!
//! A [`RulePack`] is data (JSON): per rule an id, severity, message, the class path it applies
//! to (`scope`), the check with its parameters, the WCO IDs involved, its source and optionally
//! the national code a customs system uses for it (e.g. `CDS11003`). Packs are compiled into a
//! trie of element names from the messages' root elements; while the message streams by, each rule keeps
//! a small state per open scope element (a count, a sum, the first value seen), so memory grows
//! with what the rules remember, never with the document.
//!
//! Each kind of check lives in its own file under `kinds/` with its tests.

pub(crate) mod condition;
pub(crate) mod explain;
mod kinds;
pub(crate) use kinds::{Ctx, trim};
pub(crate) use pack::JsonFault;
mod pack;
pub(crate) mod paths;

pub use condition::{Among, Compare, Condition, Term};
pub(crate) use condition::{AtomState, Cond, Leaf, Truth};
pub use kinds::Check;
pub use kinds::date::Day;
pub use pack::{Category, PackChanges, Removal, Replacement, Rule, RulePack};

use crate::report::Severity;
use rustc_hash::FxHashMap as HashMap;

/// Whether the schema declares one of `roots` as a global element (a profile's roots: none
/// given, any schema will do).
pub(crate) fn roots_declared(schema: &crate::schema::Schema, roots: &[String]) -> bool {
    roots.is_empty() || paths::root_declared(schema, &roots.join("|"))
}

/// A trie node: an element reached by a path of local names from a root element.
#[derive(Debug, Default)]
pub(crate) struct Node {
    /// Child nodes, each with its name's number (see [`Compiled::names`]).
    pub children: Vec<(u32, u32)>,
    /// Rules whose scope is this element and that keep a state in it (opened when it starts).
    pub scopes: Vec<u32>,
    /// Of `scopes`, those answered from a state of their own ([`AtEnd::State`], not a check
    /// of single values): the ones opened where the element starts.
    pub opens: Vec<u32>,
    /// By declaration category (its index; the last entry: no category holds), the part of
    /// `scopes` that can break once the category is known: the rules whose condition may hold
    /// under it, and every rule with a state of its own (which must close). Empty when the
    /// rule set has no categories (or more than 64).
    pub by_category: Vec<Box<[u32]>>,
    /// Atoms of conditions anchored at this element (their state opened when it starts).
    pub atoms: Vec<u32>,
    /// Atoms decided when this element ends (`in_first`: the first one at this path).
    pub seals: Vec<u32>,
    /// `seals` as the pass applies them ([`Compiled::seal_single`] makes it): those kept as
    /// bits by [`Leaf::Bits`] state, one mask each, and the atoms with a state of their own.
    pub sealing: Sealing,
    /// (rule, field) pairs fed with this element's text value when it ends; (atom, [`COND`]
    /// minus the field's number in the atom) for a condition's field.
    pub values: Vec<(u32, u8)>,
    /// (rule, field, attribute) triples fed with an attribute value when the element starts
    /// (atoms as in `values`).
    pub attributes: Vec<(u32, u8, Box<str>)>,
    /// The presence and listed-value atoms this element's text value feeds, by the
    /// [`Leaf::Bits`] state they are kept in.
    pub bits: Vec<BitFeed>,
    /// What the pass does where the element starts and ends ([`flags`]), made from the
    /// node's final contents by [`Compiled::seal_single`].
    pub flags: u8,
}

impl Node {
    /// Whether a rule or condition reads this element's text value.
    pub fn reads_value(&self) -> bool {
        !self.values.is_empty() || !self.bits.is_empty()
    }

    /// Whether the element's end only feeds its value: it seals no atom, anchors none and is
    /// the scope of no rule (most elements a rule reads are such leaves).
    pub fn feeds_only(&self) -> bool {
        self.seals.is_empty() && self.scopes.is_empty() && self.atoms.is_empty()
    }

    /// What the pass does where the element starts and ends ([`flags`]).
    fn flags(&self) -> u8 {
        let mut f = 0;
        if self.reads_value() {
            f |= flags::READS;
        }
        if !self.atoms.is_empty() || !self.opens.is_empty() {
            f |= flags::STARTS;
        }
        if !self.feeds_only() {
            f |= flags::ENDS;
        }
        f
    }
}

/// What the pass does for the rules where an element starts and ends, by trie node
/// ([`Node::flags`], one byte each: most elements a rule reads only feed their value,
/// and their start and end read this byte and no more of the node).
pub(crate) mod flags {
    /// A rule or condition reads the element's text value ([`super::Node::reads_value`]).
    pub(crate) const READS: u8 = 1;
    /// The element anchors atoms or opens rule scopes where it starts.
    pub(crate) const STARTS: u8 = 2;
    /// The element's end does more than feed its value ([`super::Node::feeds_only`] is false).
    pub(crate) const ENDS: u8 = 4;
}

/// The atoms an element's end decides ([`Node::seals`]), grouped as their states keep them.
#[derive(Debug, Default)]
pub(crate) struct Sealing {
    /// By [`Leaf::Bits`] state (its atom): the bits sealed, and those of them a category's
    /// condition reads.
    pub bits: Vec<(u32, u128, u128)>,
    /// Atoms with a state of their own.
    pub own: Vec<u32>,
}

/// What an element's value sets in a [`Leaf::Bits`] state: the bits of the presence atoms on
/// it, of the listed-value atoms listing the value, and of the other value tests it passes.
#[derive(Debug)]
pub(crate) struct BitFeed {
    /// The state's atom.
    pub group: u32,
    /// Set by any value.
    pub any: u128,
    /// Values, each with the bits it sets (empty: no listed-value atom).
    pub listed: crate::codes::Codes<u128>,
    /// Atoms testing the value otherwise (`starts_with`, `pattern`, ...), with their bits.
    pub tests: Vec<(u32, u8)>,
}

impl BitFeed {
    /// The bits value `v` sets (listed values after trimming white space, as codes are read);
    /// the tests of bits in `known` (already decided) are not run.
    pub fn bits(&self, atoms: &[Leaf], v: &str, known: u128) -> u128 {
        let mut bits = self.any;
        if !self.listed.is_empty() {
            let v = trim(v);
            bits |= self.listed.get(v).copied().unwrap_or(0);
        }
        for &(a, bit) in &self.tests {
            if known & 1 << bit == 0
                && let Leaf::Exists { test, .. } = &atoms[a as usize]
                && test.passes(v)
            {
                bits |= 1 << bit;
            }
        }
        bits
    }
}

/// Where an atom's state is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Home {
    /// A state of its own.
    Own,
    /// A bit of a [`Leaf::Bits`] state (a presence or listed-value atom; `negated`: it holds
    /// when no value passes).
    Bit { group: u32, bit: u8, negated: bool },
}

/// Rule packs compiled for the streaming pass.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    pub nodes: Vec<Node>,
    pub rules: Vec<Rule>,
    /// What each rule's check needs at run time, by rule.
    pub prepared: Vec<kinds::Prepared>,
    /// The packs compiled (so more can be added).
    pub packs: Vec<RulePack>,
    /// By rule, its condition compiled.
    pub conds: Vec<Option<Cond>>,
    /// The declaration categories' conditions, in the order they are tried.
    pub categories: Vec<Cond>,
    /// Their names.
    pub category_names: Vec<String>,
    /// Absolute fields whose first value a rule's message shows (`{/Declaration/TypeCode}`).
    pub captures: Vec<String>,
    /// By rule, the atoms of its condition.
    pub cond_atoms: Vec<Vec<u32>>,
    /// By rule, how many of its `cond_atoms` its condition reads itself (the first ones; the
    /// rest decide the categories it names, and are not read once the category is known).
    pub own_atoms: Vec<usize>,
    /// By rule, how its check is answered where its scope element ends.
    pub at_end: Vec<AtEnd>,
    /// By rule, the trie node of its scope element.
    pub scope_of: Vec<u32>,
    /// By rule, whether its check answers per value ([`Check::immediate`], read here where
    /// scope elements end: the rule itself is not looked at unless it breaks).
    pub per_value: Vec<bool>,
    /// By rule, the categories under which its condition can hold, one bit each
    /// ([`ANY_CATEGORY`]: any, or the condition names none): where its scope element starts
    /// and none of them is still possible, the rule keeps no state there.
    pub cat_need: Vec<u64>,
    /// By rule, the root element names (by number) its scope is limited to, when other roots
    /// share its trie node (a rule for `CC315A` beside rules for `CC315A|CC313A`); `None`: any
    /// root that reaches it.
    pub only: Vec<Option<Box<[u32]>>>,
    /// The conditions' atoms, by number.
    pub atoms: Vec<Leaf>,
    /// Atoms that ask whether some value passes, with no `in_first` of their own: (atom, trie
    /// node of the field's element, anchor path, element path). Where the schema allows the
    /// element at most once in its anchor, the atom is decided when the element ends
    /// ([`Compiled::seal_single`]).
    single: Vec<(u32, u32, String, String)>,
    /// By atom, where its state is kept: presence and listed-value atoms anchored at the same
    /// element share one (a profile asks for dozens of data elements in each declaration and
    /// goods item; one state per element and one look-up per value serve them all).
    pub home: Vec<Home>,
    /// By rule, the atoms its condition needs true kept as bits (`(state's atom, bit,
    /// negated)`): one known false spares the rule its values (see [`Compiled::gated_out`]).
    pub gates: Vec<Box<[(u32, u8, bool)]>>,
    /// By atom, whether a category's condition reads it: only such an atom's end (or seal)
    /// can decide the category.
    pub cat_atoms: Vec<bool>,
    /// By rule, where its message shows captured values: (start, end, capture) for each
    /// `{/path}` in order (empty: the message is shown as written).
    pub shows: Vec<Box<[(u32, u32, u32)]>>,
    /// Atoms by what they ask (so rules asking the same share one).
    atom_keys: HashMap<String, u32>,
    /// Every path the rules name, to check against the schema: (rule or category, the rule's
    /// number, as written, element from the root, attribute).
    paths: Vec<PathUse>,
    /// The rule or category being compiled (named by `paths`), and the rule's number.
    owner: String,
    owner_rule: Option<u32>,
    /// The element names the trie knows, by name number.
    names: HashMap<Box<str>, u32>,
    /// By element declaration of the schema the rules run with ([`Compiled::bind`]), the
    /// number of its name, or [`NO_NAME`]: an element no rule names is passed over without a
    /// string compared.
    by_decl: Vec<u32>,
    /// By node, where its children are in `slots`.
    tables: Vec<Table>,
    /// Every node's children in a table of its own without collisions (a perfect hash of the
    /// name numbers): a look-up reads one slot, with no loop whose exit the processor must
    /// guess. An empty slot holds [`NO_NAME`].
    slots: Vec<(u32, u32)>,
}

/// A node's slice of [`Compiled::slots`]: a child's slot is `start + (hash & mask)`, with
/// `hash` the high half of its name number times `mult`.
#[derive(Debug, Default, Clone, Copy)]
struct Table {
    mult: u64,
    start: u32,
    mask: u32,
}

impl Table {
    fn slot(self, name: u32) -> usize {
        (self.start + ((u64::from(name).wrapping_mul(self.mult) >> 32) as u32 & self.mask)) as usize
    }
}

/// A path a rule or category names: (rule or category, the rule's number, as written, element
/// from the root, attribute).
type PathUse = (String, Option<u32>, String, String, Option<String>);

/// A name no rule mentions (and the name in an empty slot).
const NO_NAME: u32 = u32::MAX;

/// How many fields one rule may read (field numbers are bytes; [`COND`] is reserved).
const MAX_FIELDS: usize = 64;

/// The field number of an atom's field (of a rule's condition); its other fields (`same_as`,
/// a comparison's terms) count down from here to [`ATOM_FIELDS`].
pub(crate) const COND: u8 = u8::MAX;

/// Field numbers from here up are an atom's (`COND - k` is its field `k`); a rule's are below
/// [`MAX_FIELDS`].
pub(crate) const ATOM_FIELDS: u8 = 128;

/// The field number of a value a message shows (the `u32` is the capture's number): between a
/// rule's fields and an atom's.
pub(crate) const CAPTURE: u8 = 100;

/// The trie node above the root elements: its children are the roots the rules' scopes start
/// at (`Declaration`, `CC315A`, ...).
pub(crate) const ABOVE_ROOT: u32 = 0;

impl Compiled {
    /// Compile packs (later packs add rules; a rule id may appear once).
    pub fn new(packs: &[RulePack]) -> Result<Compiled, crate::Error> {
        let mut c = Compiled { nodes: vec![Node::default()], packs: packs.to_vec(), ..Compiled::default() };
        for cat in packs.iter().flat_map(|p| &p.categories) {
            let fail = |e: String| crate::Error::RuleSet(format!("category {}: {e}", cat.name));
            if c.category_names.contains(&cat.name) {
                return Err(fail("is defined twice".into()));
            }
            c.owner = format!("category {}", cat.name);
            c.owner_rule = None;
            c.node(&cat.scope).map_err(fail)?;
            c.paths.push((c.owner.clone(), None, cat.scope.clone(), cat.scope.clone(), None));
            let cond = cat.when.compile(&mut |leaf, what| c.leaf(&cat.scope, leaf, what)).map_err(fail)?;
            c.categories.push(cond);
            c.category_names.push(cat.name.clone());
        }
        for pack in packs {
            for rule in &pack.rules {
                if let Some(i) = c.rules.iter().position(|r| r.id == rule.id) {
                    let first = packs.iter().scan(0, |n, p| {
                        *n += p.rules.len();
                        Some((*n, &p.name))
                    });
                    let first = first.into_iter().find(|(n, _)| i < *n).map_or("", |(_, name)| name.as_str());
                    let message = if first == pack.name {
                        "defined twice".to_string()
                    } else {
                        format!("already defined by pack {first}")
                    };
                    return Err(crate::Error::rule_pack(pack, Some(&rule.id), message));
                }
                let fail = |e: String| crate::Error::rule_pack(pack, Some(&rule.id), e);
                let prepared = rule.check.prepare_for(&rule.scope, rule.when.as_ref()).map_err(fail)?;
                let r = c.rules.len() as u32;
                let scope = c.node(&rule.scope).map_err(fail)?;
                c.scope_of.push(scope);
                c.owner = format!("rule {}", rule.id);
                c.owner_rule = Some(r);
                c.paths.push((c.owner.clone(), Some(r), rule.scope.clone(), rule.scope.clone(), None));
                // A check that answers per value, without a condition, keeps no state.
                if !rule.check.immediate() || rule.when.is_some() {
                    c.nodes[scope as usize].scopes.push(r);
                }
                let fields = rule.check.fields();
                if fields.len() > MAX_FIELDS {
                    return Err(fail(format!("a rule reads at most {MAX_FIELDS} fields ({} given)", fields.len())));
                }
                let at_end = c.at_end(rule).map_err(fail)?;
                if matches!(at_end, AtEnd::State) {
                    for (f, field) in fields.iter().enumerate() {
                        let at = paths::resolve(&rule.scope, field, false).map_err(fail)?;
                        c.wire(r, f as u8, field, &at).map_err(fail)?;
                    }
                }
                c.at_end.push(at_end);
                c.per_value.push(rule.check.immediate());
                let cond = match &rule.when {
                    Some(w) => Some(w.compile(&mut |leaf, what| c.leaf(&rule.scope, leaf, what)).map_err(fail)?),
                    None => None,
                };
                c.capture(&rule.scope, &rule.message).map_err(fail)?;
                c.cond_atoms.push(cond.as_ref().map(|x| c.atoms_of(x)).unwrap_or_default());
                c.own_atoms.push(cond.as_ref().map_or(0, |x| x.atoms().len()));
                c.conds.push(cond);
                c.prepared.push(prepared);
                c.rules.push(rule.clone());
            }
        }
        c.limit_roots();
        let many = c.categories.len() > 64;
        c.cat_need = c.conds.iter().map(|cond| cond.as_ref().filter(|_| !many).map_or(ANY_CATEGORY, need)).collect();
        c.share_states();
        c.gates = c.conds.iter().map(|cond| cond.as_ref().map_or_else(Default::default, |x| c.gates_of(x))).collect();
        c.cat_atoms = vec![false; c.atoms.len()];
        for a in c.categories.iter().flat_map(Cond::atoms) {
            c.cat_atoms[a as usize] = true;
            let home = c.home_of(a);
            c.cat_atoms[home as usize] = true;
            if let Leaf::Among { probe, .. } = c.atoms[a as usize] {
                c.cat_atoms[probe as usize] = true;
            }
        }
        c.shows = c.rules.iter().map(|r| c.shows_of(&r.message)).collect();
        for n in 0..c.nodes.len() {
            let scopes = std::mem::take(&mut c.nodes[n].scopes);
            let state = |r: &u32| c.at_end[*r as usize] == AtEnd::State;
            // A check of single values keeps no state in its scope (its violations held while
            // its condition is unknown are kept by rule).
            let own = |r: &u32| state(r) && !c.rules[*r as usize].check.immediate();
            c.nodes[n].opens = scopes.iter().copied().filter(own).collect();
            if !many && !c.categories.is_empty() && !scopes.is_empty() {
                // Category k's list, then the list when none holds (only rules whose condition
                // names no category may hold then).
                let under = |k: Option<usize>| -> Box<[u32]> {
                    let bit = |r: u32| match k {
                        Some(k) => c.cat_need[r as usize] & 1 << k != 0,
                        None => c.cat_need[r as usize] == ANY_CATEGORY,
                    };
                    scopes.iter().copied().filter(|r| state(r) || bit(*r)).collect()
                };
                let lists = (0..c.categories.len()).map(Some).chain([None]).map(under).collect();
                c.nodes[n].by_category = lists;
            }
            c.nodes[n].scopes = scopes;
        }
        for n in &c.nodes {
            c.tables.push(Self::table(&n.children, &mut c.slots));
        }
        Ok(c)
    }

    /// Atoms testing values of one element (presence, listed values, prefixes, patterns, ...)
    /// anchored at the same element share one [`Leaf::Bits`] state (up to 128 of them): a bit
    /// each, set by a mask, one look-up per value and the other tests, instead of a state and
    /// a feed per atom.
    fn share_states(&mut self) {
        self.home = vec![Home::Own; self.atoms.len()];
        let mut feeds = vec![0u32; self.atoms.len()];
        for n in &self.nodes {
            // An atom read from an attribute keeps its own state (counted twice).
            let values = n.values.iter().map(|&(a, f)| (a, f, 1));
            for (a, _, k) in
                values.chain(n.attributes.iter().map(|(a, f, _)| (*a, *f, 2))).filter(|v| v.1 >= ATOM_FIELDS)
            {
                feeds[a as usize] += k;
            }
        }
        let shared =
            |a: u32, atoms: &[Leaf]| feeds[a as usize] == 1 && matches!(&atoms[a as usize], Leaf::Exists { .. });
        for anchor in 0..self.nodes.len() {
            let members: Vec<u32> =
                self.nodes[anchor].atoms.iter().copied().filter(|&a| shared(a, &self.atoms)).take(128).collect();
            if members.len() < 2 {
                continue;
            }
            let group = self.atoms.len() as u32;
            self.atoms.push(Leaf::Bits);
            self.home.push(Home::Own);
            let first = self.nodes[anchor].atoms.iter().position(|a| *a == members[0]).expect("a member");
            self.nodes[anchor].atoms.retain(|a| !members.contains(a));
            self.nodes[anchor].atoms.insert(first, group);
            for (bit, &a) in members.iter().enumerate() {
                let Leaf::Exists { negated, .. } = self.atoms[a as usize] else { unreachable!("a shared atom") };
                self.home[a as usize] = Home::Bit { group, bit: bit as u8, negated };
            }
            for n in &mut self.nodes {
                let member = |&(a, f): &(u32, u8)| f >= ATOM_FIELDS && members.contains(&a);
                if !n.values.iter().any(member) {
                    continue;
                }
                let mut feed = BitFeed { group, any: 0, listed: Default::default(), tests: Vec::new() };
                let mut listed: std::collections::BTreeMap<&str, u128> = Default::default();
                for &(a, _) in n.values.iter().filter(|v| member(v)) {
                    let Home::Bit { bit, .. } = self.home[a as usize] else { continue };
                    match &self.atoms[a as usize] {
                        Leaf::Exists { test: condition::Test::In(values), .. } => {
                            for v in values {
                                *listed.entry(v).or_default() |= 1 << bit;
                            }
                        }
                        Leaf::Exists { test: condition::Test::Any, .. } => feed.any |= 1 << bit,
                        _ => feed.tests.push((a, bit)),
                    }
                }
                feed.listed = crate::codes::Codes::new(listed);
                n.values.retain(|v| !member(v));
                n.bits.push(feed);
            }
        }
    }

    /// The atoms kept as bits that `cond` needs true (itself, or parts of its `all`), in the
    /// order the condition names them: the broad tests come first as rules are written (the
    /// declaration's type before an item's codes), and are the ones known false early.
    fn gates_of(&self, cond: &Cond) -> Box<[(u32, u8, bool)]> {
        let mut out = Vec::new();
        let mut stack = vec![cond];
        while let Some(c) = stack.pop() {
            match c {
                Cond::All(parts) => stack.extend(parts.iter().rev()),
                Cond::Atom(a) => {
                    if let Home::Bit { group, bit, negated } = self.home[*a as usize] {
                        out.push((group, bit, negated));
                    }
                }
                _ => {}
            }
        }
        out.into()
    }

    /// The atom whose state holds atom `a`'s: itself, or its [`Leaf::Bits`] state.
    #[inline]
    pub fn home_of(&self, a: u32) -> u32 {
        match self.home[a as usize] {
            Home::Bit { group, .. } => group,
            Home::Own => a,
        }
    }

    /// The truth of atom `a` in `st` (the state [`Compiled::home_of`] names), `ended` when its
    /// anchor element has ended (or ends now).
    #[inline]
    pub fn truth(&self, a: u32, st: &AtomState, ended: bool) -> Truth {
        match self.home[a as usize] {
            Home::Bit { bit, negated, .. } => st.bit(bit, negated, ended),
            Home::Own => st.truth(&self.atoms[a as usize], ended),
        }
    }

    /// How `rule`'s check is answered where its scope element ends: a presence check by an
    /// atom asking whether the field is there (one state and one feed for every rule asking
    /// it: a profile's tables ask for the same data element in each category), a rejection by
    /// its condition alone; other checks keep a state of their own.
    fn at_end(&mut self, rule: &Rule) -> Result<AtEnd, String> {
        Ok(match &rule.check {
            Check::Presence { field, .. } => {
                let at = paths::resolve(&rule.scope, field, false)?;
                if at.element == at.anchor && at.attr.is_none() {
                    return Ok(AtEnd::State);
                }
                let leaf = Condition { field: field.clone(), ..Condition::default() };
                let test = condition::Test::Any;
                let atom = self.atom(&rule.scope, &leaf, Leaf::Exists { test, negated: false })?;
                AtEnd::Present { atom, required: kinds::presence_required(&rule.check) }
            }
            Check::Reject {} => AtEnd::Broken,
            _ => AtEnd::State,
        })
    }

    /// Feed field `f` of rule (or atom) `r`, resolved as `at`, from its element or attribute.
    fn wire(&mut self, r: u32, f: u8, written: &str, at: &paths::Resolved) -> Result<(), String> {
        let n = self.node(&at.element)? as usize;
        self.paths.push((self.owner.clone(), self.owner_rule, written.into(), at.element.clone(), at.attr.clone()));
        match &at.attr {
            Some(a) => self.nodes[n].attributes.push((r, f, a.as_str().into())),
            None => self.nodes[n].values.push((r, f)),
        }
        Ok(())
    }

    /// The atoms a condition reads, with those of the categories it names (and of the
    /// categories tried before them).
    fn atoms_of(&self, cond: &Cond) -> Vec<u32> {
        let mut out = cond.atoms();
        let mut stack = vec![cond];
        while let Some(c) = stack.pop() {
            match c {
                Cond::Category(set) => {
                    let last = set.iter().max().map_or(0, |&m| m as usize + 1);
                    for a in self.categories[..last].iter().flat_map(Cond::atoms) {
                        if !out.contains(&a) {
                            out.push(a);
                        }
                    }
                }
                Cond::Not(c) => stack.push(c),
                Cond::All(p) | Cond::Any(p) => stack.extend(p),
                Cond::Atom(_) => {}
            }
        }
        out
    }

    /// A condition's leaf compiled: a category test, or an atom.
    fn leaf(&mut self, scope: &str, leaf: &Condition, what: Leaf) -> Result<Cond, String> {
        match what {
            Leaf::Category(names) => {
                names
                    .iter()
                    .map(|n| {
                        self.category_names.iter().position(|c| c == n).map(|i| i as u32).ok_or_else(|| {
                            format!("unknown category '{n}' (known: {})", self.category_names.join(", "))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Cond::Category)
            }
            what => self.atom(scope, leaf, what).map(Cond::Atom),
        }
    }

    /// Wire the fields a rule's message shows (`{/Declaration/TypeCode}`): their first values
    /// are kept while the message streams by.
    fn capture(&mut self, scope: &str, message: &str) -> Result<(), String> {
        let mut rest = message;
        while let Some(open) = rest.find("{/") {
            let Some(len) = rest[open..].find('}') else { break };
            let field = &rest[open + 1..open + len];
            rest = &rest[open + len..];
            if self.captures.iter().any(|c| c == field) {
                continue;
            }
            let at = paths::resolve(scope, field, true)?;
            let i = self.captures.len() as u32;
            self.captures.push(field.into());
            self.wire(i, CAPTURE, field, &at)?;
        }
        Ok(())
    }

    /// Where `message` shows captured values (see [`Compiled::shows`]): every `{/path}` of a
    /// capture, in order.
    fn shows_of(&self, message: &str) -> Box<[(u32, u32, u32)]> {
        let mut out = Vec::new();
        if message.contains("{/") {
            for (i, field) in self.captures.iter().enumerate() {
                let written = format!("{{{field}}}");
                for (at, _) in message.match_indices(&written) {
                    out.push((at as u32, (at + written.len()) as u32, i as u32));
                }
            }
            out.sort_unstable();
        }
        out.into()
    }

    /// The atom of a condition's leaf on `rule`'s scope: an existing one when another rule
    /// asks the same of the same field in the same anchor, else a new one opened with its
    /// anchor element and fed by its field(s).
    fn atom(&mut self, scope: &str, leaf: &Condition, mut what: Leaf) -> Result<u32, String> {
        // The fields the atom reads, in the order its state numbers them.
        let written: Vec<String> = match &what {
            Leaf::Exists { .. } | Leaf::Sequence | Leaf::First => vec![leaf.field.clone()],
            Leaf::Same { other, .. } => vec![leaf.field.clone(), other.clone()],
            Leaf::Compare(_) => leaf.compare.as_ref().map(|c| c.fields()).unwrap_or_default(),
            Leaf::Every { .. } | Leaf::Among { .. } => leaf.quantified_fields(),
            Leaf::Category(_) | Leaf::Bits => return Err("a category is not an atom".into()),
        };
        // An `among` reads its probe, the field's first value, where the field is (another
        // atom, which the verdict asks when it is made).
        if let Leaf::Among { probe, .. } = &mut what {
            let first = Condition { field: leaf.field.clone(), ..Condition::default() };
            *probe = self.atom(scope, &first, Leaf::First)?;
        }
        if written.len() > usize::from(COND - ATOM_FIELDS) {
            return Err(format!("a condition reads at most {} fields in one comparison", COND - ATOM_FIELDS));
        }
        let resolved = written.iter().map(|f| paths::resolve(scope, f, true)).collect::<Result<Vec<_>, _>>()?;
        let at = resolved.first().cloned().ok_or("a comparison needs a field")?;
        if let Some((f, _)) = written.iter().zip(&resolved).find(|(_, r)| r.anchor != at.anchor) {
            return Err(format!(
                "'{}' and '{f}' are compared within one element: write both from the same place (both absolute, or with the same ../ steps)",
                written[0]
            ));
        }
        let first = if matches!(what, Leaf::First) { "first|" } else { "" };
        let key = format!("{first}{:?}|{:?}|{:?}", at, &resolved[1..], serde_json::to_string(leaf).unwrap_or_default());
        if let Some(&a) = self.atom_keys.get(&key) {
            return Ok(a);
        }
        let a = self.atoms.len() as u32;
        self.atom_keys.insert(key, a);
        self.atoms.push(what);
        let anchor = self.node(&at.anchor)?;
        self.nodes[anchor as usize].atoms.push(a);
        // The paths are checked against the schema under the rule that first asked.
        for (k, (w, r)) in written.iter().zip(&resolved).enumerate() {
            self.wire(a, COND - k as u8, w, r)?;
        }
        if leaf.in_first.is_none() && matches!(self.atoms[a as usize], Leaf::Exists { .. }) && at.element != at.anchor {
            let n = self.node(&at.element)?;
            self.single.push((a, n, at.anchor.clone(), at.element.clone()));
        }
        if let Some(first) = &leaf.in_first {
            let f = paths::resolve(scope, first, true)?;
            let inside = |outer: &str, inner: &str| inner == outer || inner.starts_with(&format!("{outer}/"));
            if f.attr.is_some() || !inside(&f.element, &at.element) || !inside(&at.anchor, &f.element) {
                return Err(format!(
                    "in_first '{first}' is not the field's element or one of its ancestors below where it is read"
                ));
            }
            self.paths.push((self.owner.clone(), self.owner_rule, first.clone(), f.element.clone(), None));
            let n = self.node(&f.element)?;
            self.nodes[n as usize].seals.push(a);
        }
        Ok(a)
    }

    /// Check every path the rules name against the schema they run with: a path no element
    /// can match is an error naming the rule and the closest real path. A rule whose scope
    /// starts at a root the schema does not declare is for other messages (a profile serving
    /// a declaration and its amendment) and is not checked (it never fires), unless no rule of
    /// its pack starts at a root of the schema: then the root is misspelt.
    pub fn check_paths(&self, schema: &crate::schema::Schema) -> Result<(), crate::Error> {
        let mut applies: Vec<bool> = self.rules.iter().map(|r| paths::root_declared(schema, &r.scope)).collect();
        let mut first = 0;
        for pack in &self.packs {
            let range = first..first + pack.rules.len();
            first = range.end;
            if !applies[range.clone()].iter().any(|a| *a) {
                applies[range].iter_mut().for_each(|a| *a = true);
            }
        }
        for (owner, rule, written, element, attr) in &self.paths {
            if rule.is_some_and(|r| !applies[r as usize]) {
                continue;
            }
            if let Err(why) = paths::check(schema, element, attr.as_deref()) {
                // The pack: the one holding the rule, or the category.
                let mut end = 0;
                let pack = self.packs.iter().find(|p| {
                    end += p.rules.len();
                    match rule {
                        Some(r) => (*r as usize) < end,
                        None => p.categories.iter().any(|c| owner.strip_prefix("category ") == Some(c.name.as_str())),
                    }
                });
                return Err(crate::Error::UnknownPath {
                    pack: pack.map(|p| p.file.as_ref().map_or_else(|| p.name.clone(), |f| f.display().to_string())),
                    rule: owner.clone(),
                    path: written.clone(),
                    message: why,
                });
            }
        }
        Ok(())
    }

    /// Learn the element declarations of the schema the rules run with, by number, with their
    /// local names ([`Compiled::name_of`] then needs no string for a declared element).
    pub fn bind<'a>(&mut self, declarations: impl Iterator<Item = &'a str>) {
        self.by_decl = declarations.map(|name| self.names.get(name).copied().unwrap_or(NO_NAME)).collect();
    }

    /// Decide early what the schema allows once: an atom asking whether some value of a field
    /// passes is decided when the field's element ends, where the schema allows that element
    /// at most once in the atom's anchor (as if the condition said `in_first`). A condition
    /// on a document's category code, read before the values it guards, is then known when
    /// they come, and a rule it rules out is not checked at all.
    pub fn seal_single(&mut self, schema: &crate::schema::Schema) {
        for (a, node, anchor, element) in std::mem::take(&mut self.single) {
            if paths::once_within(schema, &anchor, &element) && !self.nodes[node as usize].seals.contains(&a) {
                self.nodes[node as usize].seals.push(a);
            }
        }
        for n in 0..self.nodes.len() {
            let mut sealing = Sealing::default();
            for &a in &self.nodes[n].seals {
                match self.home[a as usize] {
                    Home::Bit { group, bit, .. } => {
                        let cat = if self.cat_atoms[a as usize] { 1 << bit } else { 0 };
                        match sealing.bits.iter_mut().find(|g| g.0 == group) {
                            Some(g) => {
                                g.1 |= 1 << bit;
                                g.2 |= cat;
                            }
                            None => sealing.bits.push((group, 1 << bit, cat)),
                        }
                    }
                    Home::Own => sealing.own.push(a),
                }
            }
            self.nodes[n].sealing = sealing;
        }
        for n in &mut self.nodes {
            n.flags = n.flags();
        }
    }

    /// The number of an element's name, from its declaration when it has one, else from its
    /// local name; `None` when no rule names it.
    #[inline]
    pub fn name_of(&self, decl: Option<u32>, local: &str) -> Option<u32> {
        let name = match decl.and_then(|d| self.by_decl.get(d as usize)) {
            Some(&name) => name,
            None => self.names.get(local).copied().unwrap_or(NO_NAME),
        };
        (name != NO_NAME).then_some(name)
    }

    /// A table for `children` at the end of `slots`: twice as many slots as children, rounded
    /// up to a power of two, and the first multiplier (of a fixed sequence, so compiling is
    /// deterministic) that sends every child to a slot of its own; a larger table if none does.
    fn table(children: &[(u32, u32)], slots: &mut Vec<(u32, u32)>) -> Table {
        let start = slots.len() as u32;
        let mut size = (2 * children.len()).next_power_of_two();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            for _ in 0..64 {
                // splitmix64's step: well-spread odd multipliers.
                seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = seed;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                let t = Table { mult: (z ^ (z >> 31)) | 1, start, mask: size as u32 - 1 };
                slots.truncate(start as usize);
                slots.resize(start as usize + size, (NO_NAME, 0));
                if children.iter().all(|&(name, c)| {
                    let s = &mut slots[t.slot(name)];
                    s.0 == NO_NAME && {
                        *s = (name, c);
                        true
                    }
                }) {
                    return t;
                }
            }
            size *= 2;
        }
    }

    /// The trie node of a path from a root element (`Declaration/GoodsShipment/...`), created
    /// on demand; node 0 is above the roots. The root step may name alternatives
    /// (`CC315A|CC313A/HEAHEA`: a declaration and its amendment): they share one node, so a
    /// rule written once serves every message the alternatives name.
    fn node(&mut self, path: &str) -> Result<u32, String> {
        let (root, rest) = path.split_once('/').unwrap_or((path, ""));
        let mut at = self.root_node(root, path)?;
        for part in rest.split('/').filter(|_| !rest.is_empty()) {
            if part.is_empty() {
                return Err(format!("empty step in path '{path}'"));
            }
            let count = self.names.len() as u32;
            let name = *self.names.entry(part.into()).or_insert(count);
            let known = self.nodes[at as usize].children.iter().find(|&&(n, _)| n == name);
            at = match known {
                Some(&(_, c)) => c,
                None => {
                    self.nodes.push(Node::default());
                    let id = (self.nodes.len() - 1) as u32;
                    self.nodes[at as usize].children.push((name, id));
                    id
                }
            };
        }
        Ok(at)
    }

    /// Limit each rule to the roots its scope names where other roots share its trie node
    /// ([`Compiled::only`]); such a rule then keeps a state in its scope, where the limit is
    /// applied, even if its check answers per value.
    fn limit_roots(&mut self) {
        for r in 0..self.rules.len() {
            let scope = self.rules[r].scope.clone();
            let root = scope.split('/').next().unwrap_or("");
            let named: Vec<u32> = root.split('|').filter_map(|n| self.names.get(n).copied()).collect();
            let Some(&first) = named.first() else {
                self.only.push(None);
                continue;
            };
            let above = &self.nodes[ABOVE_ROOT as usize].children;
            let node = above.iter().find(|&&(n, _)| n == first).map(|&(_, c)| c);
            let sharing = above.iter().filter(|&&(_, c)| Some(c) == node).count();
            if sharing > named.len() {
                self.only.push(Some(named.into()));
                if let Ok(at) = self.node(&scope) {
                    let scopes = &mut self.nodes[at as usize].scopes;
                    if !scopes.contains(&(r as u32)) {
                        scopes.push(r as u32);
                    }
                }
            } else {
                self.only.push(None);
            }
        }
    }

    /// The node of a root step (`Declaration`, or alternatives `CC315A|CC313A`).
    fn root_node(&mut self, root: &str, path: &str) -> Result<u32, String> {
        let mut node = None;
        let mut names = Vec::new();
        for alt in root.split('|') {
            if alt.is_empty() {
                return Err(format!("empty step in path '{path}'"));
            }
            let count = self.names.len() as u32;
            let name = *self.names.entry(alt.into()).or_insert(count);
            let known = self.nodes[ABOVE_ROOT as usize].children.iter().find(|&&(n, _)| n == name).map(|&(_, c)| c);
            match (node, known) {
                (Some(a), Some(b)) if a != b => {
                    return Err(format!(
                        "root '{alt}' of '{path}' is written elsewhere without the same alternatives ({root})"
                    ));
                }
                (None, Some(b)) => node = Some(b),
                _ => {}
            }
            names.push((name, known.is_some()));
        }
        let node = match node {
            Some(n) => n,
            None => {
                self.nodes.push(Node::default());
                (self.nodes.len() - 1) as u32
            }
        };
        for (name, known) in names {
            if !known {
                self.nodes[ABOVE_ROOT as usize].children.push((name, node));
            }
        }
        Ok(node)
    }

    /// The child of `node` whose name has number `name`, if any rule cares about it.
    #[inline]
    pub fn child(&self, node: u32, name: u32) -> Option<u32> {
        let (n, c) = self.slots[self.tables[node as usize].slot(name)];
        (n == name).then_some(c)
    }
}

/// A rule's verdict on one scope element (or one value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// What was found, appended to the rule's message.
    pub detail: String,
}

/// Run-time state of one rule in one open scope element; `H` is what the validator keeps of a
/// violation held until the rule's condition is known.
#[derive(Debug)]
pub(crate) struct Open<H> {
    pub rule: u32,
    /// Frame depth of the scope element.
    pub depth: usize,
    pub state: kinds::State,
    /// Violations of a conditional rule, held until the scope element ends.
    pub parked: Vec<H>,
    /// Where the validator keeps the same rule's next-outer open scope ([`NOT_OPEN`]: none; a
    /// rule whose scope element nests in itself has one open scope per level).
    pub outer: u32,
}

/// How a rule's check is answered where its scope element ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtEnd {
    /// From the rule's own state in the scope element, opened where it starts.
    State,
    /// From this atom (`presence`): whether the field is there; broken when that differs from
    /// `required` (`required`, or `forbidden`).
    Present { atom: u32, required: bool },
    /// Always broken (`reject`): the condition decides.
    Broken,
}

/// No open scope (see [`Open::outer`]).
pub(crate) const NOT_OPEN: u32 = u32::MAX;

/// The rule's innermost scope element is open but keeps no state: its condition was already
/// false where it started, so nothing inside can make the rule fire.
pub(crate) const SKIPPED: u32 = u32::MAX - 1;

/// A condition that may hold whatever the category (see [`Compiled::cat_need`]).
pub(crate) const ANY_CATEGORY: u64 = u64::MAX;

/// The categories (of at most 64) under which `cond` can hold, one bit each: a `category` test
/// names them, `all` holds only where each part may, `any` where some part may; any other
/// part may hold under any category.
fn need(cond: &Cond) -> u64 {
    match cond {
        Cond::Category(set) => set.iter().fold(0, |m, &i| m | 1 << i),
        Cond::All(parts) => parts.iter().fold(ANY_CATEGORY, |m, p| m & need(p)),
        Cond::Any(parts) => parts.iter().fold(0, |m, p| m | need(p)),
        Cond::Atom(_) | Cond::Not(_) => ANY_CATEGORY,
    }
}

impl<H> Open<H> {
    /// A rule's state in a scope element starting at `depth`, inside the rule's open scope
    /// `outer`.
    pub fn new(rule: u32, depth: usize, outer: u32) -> Self {
        Open { rule, depth, state: kinds::State::default(), parked: Vec::new(), outer }
    }
}

/// How serious a rule is, as written in packs.
pub(crate) fn severity(s: &str) -> Severity {
    if s == "warning" { Severity::Warning } else { Severity::Error }
}
