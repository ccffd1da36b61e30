//! Business rules, evaluated during the same streaming pass as the schema.
//!
//! A [`RulePack`] is data (JSON): per rule an id, severity, message, the class path it applies
//! to (`scope`), the check with its parameters, the WCO IDs involved, its source and optionally
//! the national code a customs system uses for it (e.g. `CDS11003`). Packs are compiled into a
//! trie of element names rooted at `Declaration`; while the message streams by, each rule keeps
//! a small state per open scope element (a count, a sum, the first value seen), so memory grows
//! with what the rules remember, never with the document.
//!
//! Each kind of check lives in its own file under `kinds/` with its tests.

pub mod explain;
mod kinds;
pub(crate) use kinds::Ctx;
mod pack;

pub use kinds::Check;
pub use kinds::date::Day;
pub use pack::{Condition, PackChanges, Removal, Replacement, Rule, RulePack};

use crate::report::Severity;
use std::collections::HashMap;

/// A trie node: an element reached by a path of local names from `Declaration`.
#[derive(Debug, Default)]
pub(crate) struct Node {
    /// Child nodes, each with its name's number (see [`Compiled::names`]).
    pub children: Vec<(u32, u32)>,
    /// Rules whose scope is this element and that keep a state in it (opened when it starts).
    pub scopes: Vec<u32>,
    /// (rule, field) pairs fed with this element's text value when it ends.
    pub values: Vec<(u32, u8)>,
    /// (rule, field, attribute) triples fed with an attribute value when the element starts.
    pub attributes: Vec<(u32, u8, Box<str>)>,
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

/// A name no rule mentions (and the name in an empty slot).
const NO_NAME: u32 = u32::MAX;

/// How many fields one rule may read (field numbers are bytes; [`COND`] is reserved).
const MAX_FIELDS: usize = 64;

/// The field number of a rule's condition (`when`).
pub(crate) const COND: u8 = u8::MAX;

/// The root element name of the trie.
pub(crate) const ROOT: &str = "Declaration";

impl Compiled {
    /// Compile packs (later packs add rules; a rule id may appear once).
    pub fn new(packs: &[RulePack]) -> Result<Compiled, crate::Error> {
        let mut c = Compiled { nodes: vec![Node::default()], packs: packs.to_vec(), ..Compiled::default() };
        for pack in packs {
            for rule in &pack.rules {
                if c.rules.iter().any(|r| r.id == rule.id) {
                    return Err(crate::Error::RuleSet(format!("rule {} is defined twice", rule.id)));
                }
                let fail = |e: String| crate::Error::RuleSet(format!("rule {}: {e}", rule.id));
                let prepared = rule.check.prepare().map_err(fail)?;
                let r = c.rules.len() as u32;
                let scope = c.node(&rule.scope).map_err(fail)?;
                // A check that answers per value, without a condition, keeps no state.
                if !rule.check.immediate() || rule.when.is_some() {
                    c.nodes[scope as usize].scopes.push(r);
                }
                let fields = rule.check.fields();
                if fields.len() > MAX_FIELDS {
                    return Err(fail(format!("a rule reads at most {MAX_FIELDS} fields ({} given)", fields.len())));
                }
                let mut wired: Vec<(u8, &str)> =
                    fields.iter().enumerate().map(|(f, p)| (f as u8, p.as_str())).collect();
                if let Some(w) = &rule.when {
                    if !w.is_in.is_empty() && !w.not_in.is_empty() {
                        return Err(fail("a condition takes `in` or `not_in`, not both".into()));
                    }
                    wired.push((COND, &w.field));
                }
                for (f, field) in wired {
                    let (path, attr) = match field.rsplit_once("/@") {
                        Some((p, a)) => (p, Some(a)),
                        None => (field.strip_prefix('@').map_or(field, |_| ""), field.strip_prefix('@')),
                    };
                    let full = if path.is_empty() { rule.scope.clone() } else { format!("{}/{path}", rule.scope) };
                    let n = c.node(&full).map_err(fail)?;
                    match attr {
                        Some(a) => c.nodes[n as usize].attributes.push((r, f, a.into())),
                        None => c.nodes[n as usize].values.push((r, f)),
                    }
                }
                c.prepared.push(prepared);
                c.rules.push(rule.clone());
            }
        }
        for n in &c.nodes {
            c.tables.push(Self::table(&n.children, &mut c.slots));
        }
        Ok(c)
    }

    /// Learn the element declarations of the schema the rules run with, by number, with their
    /// local names ([`Compiled::name_of`] then needs no string for a declared element).
    pub fn bind<'a>(&mut self, declarations: impl Iterator<Item = &'a str>) {
        self.by_decl = declarations.map(|name| self.names.get(name).copied().unwrap_or(NO_NAME)).collect();
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

    /// The trie node of a path (`Declaration/GoodsShipment/...`), created on demand.
    fn node(&mut self, path: &str) -> Result<u32, String> {
        let mut parts = path.split('/');
        if parts.next() != Some(ROOT) {
            return Err(format!("path '{path}' must start with {ROOT}"));
        }
        let mut at = 0u32;
        for part in parts {
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
    /// The rule's condition was hit by a value in this scope element.
    pub hit: bool,
    /// Violations of a conditional rule, held until the scope element ends.
    pub parked: Vec<H>,
    /// Where the validator keeps the same rule's next-outer open scope ([`NOT_OPEN`]: none; a
    /// rule whose scope element nests in itself has one open scope per level).
    pub outer: u32,
}

/// No open scope (see [`Open::outer`]).
pub(crate) const NOT_OPEN: u32 = u32::MAX;

impl<H> Open<H> {
    /// A rule's state in a scope element starting at `depth`, inside the rule's open scope
    /// `outer`.
    pub fn new(rule: u32, depth: usize, outer: u32) -> Self {
        Open { rule, depth, state: kinds::State::default(), hit: false, parked: Vec::new(), outer }
    }
}

/// How serious a rule is, as written in packs.
pub(crate) fn severity(s: &str) -> Severity {
    if s == "warning" { Severity::Warning } else { Severity::Error }
}
