//! Content models as automata.
//!
//! A content model (nested `sequence`/`choice`/`all` with occurrence bounds) is compiled once into
//! a Glushkov automaton: one state per element particle ("position"), plus the start state. Bounds
//! on a single element (`maxOccurs="999"`) become a counter on its position instead of 999
//! states; bounded repetition of a group is unrolled (with a size cap). XML Schema's Unique
//! Particle Attribution rule makes the automaton deterministic, so validating a child is one
//! lookup in the current state's few outgoing transitions.

use super::{ElemId, NsId, Process, Schema, Wildcard};
use crate::error::Error;

/// Most positions an unrolled content model may have before compilation refuses it.
const MAX_POSITIONS: usize = 20_000;
/// Most transitions a content model may have (a sequence of n optional elements has n²/2).
const MAX_TRANSITIONS: usize = 2_000_000;

/// A particle of a content model, as read from the schema.
#[derive(Debug, Clone)]
pub(crate) enum Particle {
    Element { decl: ElemId, min: u32, max: Option<u32>, origin: u32 },
    Any { wildcard: Wildcard, min: u32, max: Option<u32>, origin: u32 },
    Sequence { items: Vec<Particle>, min: u32, max: Option<u32> },
    Choice { items: Vec<Particle>, min: u32, max: Option<u32> },
    All { items: Vec<Particle>, min: u32 },
}

/// What a position matches.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    Element(ElemId),
    Any(Wildcard),
}

#[derive(Debug, Clone)]
pub(crate) struct Position {
    pub matcher: Matcher,
    pub min: u32,
    pub max: Option<u32>,
    origin: u32,
}

/// A compiled content model.
#[derive(Debug, Clone)]
pub(crate) enum Automaton {
    /// Glushkov automaton: state 0 is the start, state `p + 1` is "just matched position p".
    Glushkov {
        positions: Vec<Position>,
        /// Outgoing positions per state.
        follow: Vec<Vec<u32>>,
        accepting: Vec<bool>,
    },
    /// `xs:all`: each member at most once, in any order (at most 64 members).
    All { members: Vec<(ElemId, bool)>, min: u32 },
}

/// The result of offering a child element to a content model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Accepted by an element declaration.
    Element(ElemId),
    /// Accepted by a wildcard.
    Wildcard(Process),
    /// Not allowed here.
    Reject,
}

/// Run-time state of one element's content model.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct State {
    pub state: u32,
    pub count: u32,
    /// Members of an `xs:all` seen so far.
    pub seen: u64,
}

struct Builder<'s> {
    schema: &'s Schema,
    positions: Vec<Position>,
    follow: Vec<Vec<u32>>,
    transitions: usize,
}

struct Frag {
    first: Vec<u32>,
    last: Vec<u32>,
    nullable: bool,
}

impl Frag {
    fn empty() -> Frag {
        Frag { first: Vec::new(), last: Vec::new(), nullable: true }
    }
}

/// Merge a sorted set of positions into another (both stay sorted, without duplicates).
fn union(into: &mut Vec<u32>, from: &[u32]) {
    if from.is_empty() {
        return;
    }
    if into.last().is_none_or(|&l| l < from[0]) {
        into.extend_from_slice(from);
        return;
    }
    let mut out = Vec::with_capacity(into.len() + from.len());
    let (mut i, mut j) = (0, 0);
    while i < into.len() && j < from.len() {
        match into[i].cmp(&from[j]) {
            std::cmp::Ordering::Less => {
                out.push(into[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(from[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(into[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&into[i..]);
    out.extend_from_slice(&from[j..]);
    *into = out;
}

impl Builder<'_> {
    fn link(&mut self, from: &[u32], to: &[u32]) {
        for &p in from {
            let f = &mut self.follow[p as usize];
            let before = f.len();
            union(f, to);
            self.transitions += f.len() - before;
        }
    }

    fn seq(&mut self, frags: Vec<Frag>) -> Frag {
        let mut out = Frag::empty();
        let mut open: Vec<u32> = Vec::new();
        let mut leading = true;
        for f in frags {
            self.link(&open, &f.first);
            if leading {
                union(&mut out.first, &f.first);
                leading = f.nullable;
            }
            if f.nullable {
                union(&mut open, &f.last);
            } else {
                open = f.last.clone();
            }
            out.nullable &= f.nullable;
        }
        out.last = open;
        out
    }

    fn build(&mut self, p: &Particle) -> Result<Frag, String> {
        if self.positions.len() > MAX_POSITIONS {
            return Err(format!("content model needs more than {MAX_POSITIONS} states after unrolling its bounds"));
        }
        if self.transitions > MAX_TRANSITIONS {
            return Err(format!("content model needs more than {MAX_TRANSITIONS} transitions"));
        }
        match p {
            Particle::Element { decl, min, max, origin } => Ok(self.leaf(Matcher::Element(*decl), *min, *max, *origin)),
            Particle::Any { wildcard, min, max, origin } => {
                Ok(self.leaf(Matcher::Any(wildcard.clone()), *min, *max, *origin))
            }
            Particle::Sequence { min, max, .. } | Particle::Choice { min, max, .. } => self.repeat(p, *min, *max),
            Particle::All { .. } => Err("xs:all may only be the whole content model of a type".into()),
        }
    }

    fn leaf(&mut self, matcher: Matcher, min: u32, max: Option<u32>, origin: u32) -> Frag {
        if max == Some(0) {
            return Frag::empty();
        }
        let id = self.positions.len() as u32;
        self.positions.push(Position { matcher, min, max, origin });
        self.follow.push(Vec::new());
        Frag { first: vec![id], last: vec![id], nullable: min == 0 }
    }

    /// One copy of a group's body (occurrence bounds applied by the caller).
    fn body(&mut self, p: &Particle) -> Result<Frag, String> {
        match p {
            Particle::Sequence { items, .. } => {
                let mut frags = Vec::with_capacity(items.len());
                for i in items {
                    frags.push(self.build(i)?);
                }
                Ok(self.seq(frags))
            }
            Particle::Choice { items, .. } => {
                let mut out = Frag { first: Vec::new(), last: Vec::new(), nullable: items.is_empty() };
                for i in items {
                    let f = self.build(i)?;
                    union(&mut out.first, &f.first);
                    union(&mut out.last, &f.last);
                    out.nullable |= f.nullable;
                }
                Ok(out)
            }
            _ => self.build(p),
        }
    }

    fn repeat(&mut self, p: &Particle, min: u32, max: Option<u32>) -> Result<Frag, String> {
        match max {
            Some(0) => Ok(Frag::empty()),
            Some(1) => {
                let mut f = self.body(p)?;
                f.nullable |= min == 0;
                Ok(f)
            }
            None => {
                let copies = min.max(1);
                let mut frags = Vec::new();
                for _ in 0..copies {
                    frags.push(self.body(p)?);
                }
                let (lf, ll) = {
                    let last = frags.last().expect("at least one copy");
                    (last.first.clone(), last.last.clone())
                };
                self.link(&ll, &lf);
                let mut f = self.seq(frags);
                f.nullable |= min == 0;
                Ok(f)
            }
            Some(k) => {
                let mut frags = Vec::new();
                for _ in 0..min {
                    frags.push(self.body(p)?);
                }
                if k > min {
                    frags.push(self.optional_chain(p, k - min)?);
                }
                Ok(self.seq(frags))
            }
        }
    }

    /// `(body (body (...)?)?)?` with `n` copies: the nesting keeps later copies reachable only
    /// after earlier ones.
    fn optional_chain(&mut self, p: &Particle, n: u32) -> Result<Frag, String> {
        let head = self.body(p)?;
        let mut f = if n > 1 {
            let tail = self.optional_chain(p, n - 1)?;
            self.seq(vec![head, tail])
        } else {
            head
        };
        f.nullable = true;
        Ok(f)
    }

    /// Make the transitions deterministic: where two positions from different copies of the
    /// same schema particle compete, the earlier copy wins; two different particles that match
    /// the same element break the Unique Particle Attribution rule.
    fn check_determinism(&mut self, follow: &mut [Vec<u32>]) -> Result<(), String> {
        if self.transitions > MAX_TRANSITIONS {
            return Err(format!("content model needs more than {MAX_TRANSITIONS} transitions"));
        }
        let mut by_name: rustc_hash::FxHashMap<u64, u32> = Default::default();
        for out in follow.iter_mut() {
            by_name.clear();
            let mut kept: Vec<u32> = Vec::with_capacity(out.len());
            // Positions are numbered in creation order, so an earlier copy comes first.
            for &p in out.iter() {
                let Matcher::Element(e) = self.positions[p as usize].matcher else {
                    // An element and a wildcard may overlap; the element is tried first.
                    kept.push(p);
                    continue;
                };
                match by_name.get(&self.schema.elements[e as usize].key) {
                    None => {
                        by_name.insert(self.schema.elements[e as usize].key, p);
                        kept.push(p);
                    }
                    Some(&q) if self.positions[q as usize].origin == self.positions[p as usize].origin => {}
                    Some(_) => {
                        let d = &self.schema.elements[e as usize];
                        return Err(format!(
                            "content model is not deterministic: two particles match element {} (Unique Particle Attribution)",
                            self.schema.display_name(d.ns, &d.name)
                        ));
                    }
                }
            }
            *out = kept;
        }
        Ok(())
    }
}

impl Automaton {
    /// Compile a particle tree (the type's whole content model).
    pub fn compile(schema: &Schema, particle: &Particle, owner: &str) -> Result<Automaton, Error> {
        let fail = |m: String| Error::schema(owner, m);
        if let Particle::All { items, min } = particle {
            let mut members = Vec::new();
            for i in items {
                match i {
                    Particle::Element { decl, min, max, .. } if max.is_none_or(|m| m <= 1) => {
                        if max != &Some(0) {
                            members.push((*decl, *min > 0));
                        }
                    }
                    _ => return Err(fail("xs:all may contain only elements with maxOccurs at most 1".into())),
                }
            }
            if members.len() > 64 {
                return Err(fail("xs:all with more than 64 members is not supported".into()));
            }
            return Ok(Automaton::All { members, min: *min });
        }
        let mut b = Builder { schema, positions: Vec::new(), follow: Vec::new(), transitions: 0 };
        let frag = b.build(particle).map_err(fail)?;
        let n = b.positions.len();
        let mut follow = Vec::with_capacity(n + 1);
        follow.push(frag.first.clone());
        follow.extend(b.follow.iter().cloned());
        b.check_determinism(&mut follow).map_err(fail)?;
        let mut accepting = vec![false; n + 1];
        accepting[0] = frag.nullable;
        for &p in &frag.last {
            accepting[p as usize + 1] = true;
        }
        Ok(Automaton::Glushkov { positions: b.positions, follow, accepting })
    }

    /// Offer a child element `{ns}local` (namespace URI `uri`) in state `st`.
    #[inline]
    pub fn step(&self, schema: &Schema, st: &mut State, ns: NsId, uri: &str, local: &str) -> Step {
        match self {
            Automaton::Glushkov { positions, follow, .. } => {
                if st.state > 0 {
                    let pos = &positions[st.state as usize - 1];
                    if pos.max.is_none_or(|m| st.count < m)
                        && let Some(step) = matches(schema, &pos.matcher, ns, uri, local)
                    {
                        st.count += 1;
                        return step;
                    }
                    if st.count < pos.min {
                        return Step::Reject;
                    }
                }
                let mut wildcard = None;
                for &p in &follow[st.state as usize] {
                    let pos = &positions[p as usize];
                    match &pos.matcher {
                        Matcher::Element(_) => {
                            if let Some(step) = matches(schema, &pos.matcher, ns, uri, local) {
                                st.state = p + 1;
                                st.count = 1;
                                return step;
                            }
                        }
                        Matcher::Any(_) => {
                            if wildcard.is_none() {
                                wildcard = matches(schema, &pos.matcher, ns, uri, local).map(|s| (s, p));
                            }
                        }
                    }
                }
                match wildcard {
                    Some((step, p)) => {
                        st.state = p + 1;
                        st.count = 1;
                        step
                    }
                    None => Step::Reject,
                }
            }
            Automaton::All { members, .. } => {
                for (i, &(decl, _)) in members.iter().enumerate() {
                    let d = &schema.elements[decl as usize];
                    if d.ns == ns && &*d.name == local {
                        if st.seen & (1 << i) != 0 {
                            return Step::Reject;
                        }
                        st.seen |= 1 << i;
                        return Step::Element(decl);
                    }
                }
                Step::Reject
            }
        }
    }

    /// Whether the content may end in this state.
    pub fn accepts_end(&self, st: &State) -> bool {
        match self {
            Automaton::Glushkov { positions, accepting, .. } => {
                accepting[st.state as usize] && (st.state == 0 || st.count >= positions[st.state as usize - 1].min)
            }
            Automaton::All { members, min } => {
                (*min == 0 && st.seen == 0)
                    || members.iter().enumerate().all(|(i, &(_, req))| !req || st.seen & (1 << i) != 0)
            }
        }
    }

    /// What would be accepted next (for messages): element declarations and wildcards, each
    /// once, in the model's order.
    pub fn expected<'a>(&'a self, schema: &Schema, st: &State) -> Vec<Expected<'a>> {
        let mut out = Vec::new();
        match self {
            Automaton::Glushkov { positions, follow, .. } => {
                if st.state > 0 {
                    let pos = &positions[st.state as usize - 1];
                    if pos.max.is_none_or(|m| st.count < m) {
                        push_expected(schema, &mut out, Expected::of(&pos.matcher));
                    }
                    if st.count < pos.min {
                        return out;
                    }
                }
                for &p in &follow[st.state as usize] {
                    push_expected(schema, &mut out, Expected::of(&positions[p as usize].matcher));
                }
            }
            Automaton::All { members, .. } => {
                for (i, &(decl, _)) in members.iter().enumerate() {
                    if st.seen & (1 << i) == 0 {
                        push_expected(schema, &mut out, Expected::Element(decl));
                    }
                }
            }
        }
        out
    }

    /// What a rejected child `{ns}local` skipped, when the child is allowed later in the
    /// sequence: the required elements on the shortest way from state `st` to a place that
    /// accepts it. `None` when no later place accepts it, or the model is an `xs:all` (no
    /// order). Runs only for a rejected child, at most once per parent; the search is bounded.
    pub fn skipped(&self, schema: &Schema, st: &State, ns: NsId, uri: &str, local: &str) -> Option<Missing<'_>> {
        let Automaton::Glushkov { positions, .. } = self else { return None };
        // The way ends at the child's own place, which is not missing.
        self.shortest_way(schema, st, false, |p| {
            let m = &positions[p as usize].matcher;
            matches!(m, Matcher::Element(_)) && matches(schema, m, ns, uri, local).is_some()
        })
    }

    /// What is missing when the content ends in state `st`: the required elements on the
    /// shortest way to an end the model accepts (what could come next, when the search gives
    /// up); `None` when it may end there.
    pub fn missing_at_end(&self, schema: &Schema, st: &State) -> Option<Missing<'_>> {
        if self.accepts_end(st) {
            return None;
        }
        match self {
            Automaton::Glushkov { accepting, .. } => Some(
                self.shortest_way(schema, st, true, |p| accepting[p as usize + 1])
                    .unwrap_or_else(|| Missing { first: self.expected(schema, st), then: Vec::new() }),
            ),
            Automaton::All { members, .. } => Some(Missing {
                first: Vec::new(),
                then: members
                    .iter()
                    .enumerate()
                    .filter(|&(i, &(_, req))| req && st.seen & (1 << i) == 0)
                    .map(|(_, &(decl, _))| Expected::Element(decl))
                    .collect(),
            }),
        }
    }

    /// The shortest way from state `st` to a position for which `goal` holds (breadth first; a
    /// position still short of its minimum count comes first), that position included if
    /// `to_goal`: its first step with every alternative that is as short (the branches of a
    /// choice), then the rest. `None` when no reachable position satisfies `goal`, when the
    /// way is empty, or past a bound on the search (it runs on rejected messages only, but a
    /// schema may be large).
    fn shortest_way(
        &self,
        schema: &Schema,
        st: &State,
        to_goal: bool,
        goal: impl Fn(u32) -> bool,
    ) -> Option<Missing<'_>> {
        let Automaton::Glushkov { positions, follow, .. } = self else { return None };
        let start = st.state as usize;
        let layer: Vec<u32> = if start > 0 && st.count < positions[start - 1].min {
            vec![start as u32 - 1]
        } else {
            follow[start].clone()
        };
        let mut budget = 200_000usize;
        let mut way = self.way_from(&layer, &goal, &mut budget)?;
        let length = way.len();
        if !to_goal {
            way.pop();
        }
        if way.is_empty() {
            return None;
        }
        let mut first = Vec::new();
        for &c in &layer {
            if c == way[0] || self.way_from(&[c], &goal, &mut budget).is_some_and(|w| w.len() == length) {
                push_expected(schema, &mut first, Expected::of(&positions[c as usize].matcher));
            }
        }
        // Each position on the way is missing once: two of one name are both missing (`c, b, d
        // and b`), so `then` is not deduplicated as the alternatives are.
        let then = way[1..].iter().map(|&p| Expected::of(&positions[p as usize].matcher)).collect();
        Some(Missing { first, then })
    }

    /// Breadth first from the positions `layer` to one for which `goal` holds: the positions
    /// on the way, in order (`None`: none reached, or `budget` steps spent).
    fn way_from(&self, layer: &[u32], goal: &impl Fn(u32) -> bool, budget: &mut usize) -> Option<Vec<u32>> {
        const NONE: u32 = u32::MAX;
        let Automaton::Glushkov { positions, follow, .. } = self else { return None };
        // `from[p]`: the position before p on the way (NONE: p is in the first layer).
        let mut from = vec![NONE; positions.len()];
        let mut seen = vec![false; positions.len()];
        let mut queue = std::collections::VecDeque::new();
        for &p in layer {
            if !seen[p as usize] {
                seen[p as usize] = true;
                queue.push_back(p);
            }
        }
        while let Some(p) = queue.pop_front() {
            if goal(p) {
                let mut way = vec![p];
                while let Some(&q) = way.last().map(|&l| &from[l as usize]).filter(|&&q| q != NONE) {
                    way.push(q);
                }
                way.reverse();
                return Some(way);
            }
            for &n in &follow[p as usize + 1] {
                *budget = budget.checked_sub(1)?;
                if !seen[n as usize] {
                    seen[n as usize] = true;
                    from[n as usize] = p;
                    queue.push_back(n);
                }
            }
        }
        None
    }

    /// The element declarations the model admits as children, and whether a wildcard admits
    /// others (to check the paths rule packs name).
    pub fn children(&self) -> (Vec<ElemId>, bool) {
        match self {
            Automaton::Glushkov { positions, .. } => {
                let mut wildcard = false;
                let mut out = Vec::new();
                for p in positions {
                    match p.matcher {
                        Matcher::Element(e) => out.push(e),
                        Matcher::Any(_) => wildcard = true,
                    }
                }
                (out, wildcard)
            }
            Automaton::All { members, .. } => (members.iter().map(|m| m.0).collect(), false),
        }
    }

    /// The declaration the model has for `{ns}local`, if any: to keep validating children after
    /// the model has already reported an error (no allocation: this runs once per such child).
    pub fn declaration_for(&self, schema: &Schema, ns: NsId, local: &str) -> Option<ElemId> {
        let is = |e: ElemId| {
            let d = &schema.elements[e as usize];
            d.ns == ns && &*d.name == local
        };
        match self {
            Automaton::Glushkov { positions, .. } => positions.iter().find_map(|p| match p.matcher {
                Matcher::Element(e) if is(e) => Some(e),
                _ => None,
            }),
            Automaton::All { members, .. } => members.iter().map(|m| m.0).find(|&e| is(e)),
        }
    }
}

#[inline]
fn matches(schema: &Schema, m: &Matcher, ns: NsId, uri: &str, local: &str) -> Option<Step> {
    match m {
        Matcher::Element(e) => {
            let d = &schema.elements[*e as usize];
            (d.ns == ns && &*d.name == local).then_some(Step::Element(*e))
        }
        Matcher::Any(w) => w.admits(schema, uri).then_some(Step::Wildcard(w.process)),
    }
}

/// What a content model misses (for messages): one of `first` (the branches of a choice, or
/// one element), then each of `then`, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Missing<'a> {
    pub first: Vec<Expected<'a>>,
    pub then: Vec<Expected<'a>>,
}

impl Missing<'_> {
    /// The element declarations named.
    pub fn declarations(&self) -> impl Iterator<Item = ElemId> + '_ {
        self.first.iter().chain(&self.then).filter_map(|e| match e {
            Expected::Element(d) => Some(*d),
            Expected::Any(_) => None,
        })
    }
}

/// Something a content model would accept, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected<'a> {
    /// An element declaration.
    Element(ElemId),
    /// A wildcard.
    Any(&'a Wildcard),
}

impl<'a> Expected<'a> {
    fn of(m: &'a Matcher) -> Self {
        match m {
            Matcher::Element(e) => Expected::Element(*e),
            Matcher::Any(w) => Expected::Any(w),
        }
    }
}

/// Add `e` to `out` unless an equal one (the same element name, the same wildcard) is there.
fn push_expected<'a>(schema: &Schema, out: &mut Vec<Expected<'a>>, e: Expected<'a>) {
    let same = |o: &Expected<'_>| match (*o, e) {
        (Expected::Element(a), Expected::Element(b)) => {
            let (a, b) = (&schema.elements[a as usize], &schema.elements[b as usize]);
            a.ns == b.ns && a.name == b.name
        }
        (Expected::Any(a), Expected::Any(b)) => a == b,
        _ => false,
    };
    if !out.iter().any(same) {
        out.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::union;

    /// The merge keeps position sets sorted and without duplicates, also on its quick path
    /// (cargo-mutants: `<` made `==` or `>` there was not caught: duplicates and disorder do
    /// not change a verdict on the cases, only what the automaton carries).
    #[test]
    fn union_stays_sorted_without_duplicates() {
        let merged = |into: &[u32], from: &[u32]| {
            let mut v = into.to_vec();
            union(&mut v, from);
            v
        };
        assert_eq!(merged(&[1, 3], &[4, 6]), [1, 3, 4, 6]);
        assert_eq!(merged(&[1, 3], &[3, 4]), [1, 3, 4]);
        assert_eq!(merged(&[5], &[1]), [1, 5]);
        assert_eq!(merged(&[2, 4], &[1, 3, 5]), [1, 2, 3, 4, 5]);
        assert_eq!(merged(&[], &[2]), [2]);
        assert_eq!(merged(&[2], &[]), [2]);
    }
}
