//! Verdicts waiting for their rule's condition: a scope element ended before the condition's
//! atoms were known (a field of an enclosing element that comes later). They are indexed by the
//! atom states they wait on, so an anchor element's end looks only at the verdicts reading it.

use super::Held;

/// A scope element's violations waiting for its rule's condition: each atom of the condition
/// bound to the state of its anchor element (still open), or to its final truth once the
/// anchor has ended.
#[derive(Debug)]
pub(super) struct Waiting {
    pub rule: u32,
    pub held: Vec<Held>,
    pub atoms: Vec<(u32, Bound)>,
    /// An atom it reads has ended since it was last evaluated (only those are evaluated
    /// again: a message with many items keeps many verdicts waiting on the root's end).
    pub dirty: bool,
    /// When it started waiting (verdicts known at once are reported in that order).
    pub seq: u64,
}

/// The waiting verdicts, indexed by the atom states they wait on: when an anchor element
/// ends, only the verdicts reading one of its atoms are looked at (a message of 999 goods items
/// may keep a verdict per item waiting for the end of the declaration, and dozens of anchors
/// end per item).
#[derive(Debug, Default)]
pub(super) struct WaitList {
    /// The verdicts, by id (`None`: a free slot).
    pub slots: Vec<Option<Waiting>>,
    free: Vec<u32>,
    /// How many are waiting.
    live: usize,
    /// By index in `Pass::atoms`, the verdicts bound to the atom state there (may name a
    /// verdict since decided, or a slot since reused: the binding is checked).
    by_state: Vec<Vec<u32>>,
    /// By rule, how many violations of it are held waiting (bounded by the error cap).
    held: Vec<u32>,
    next: u64,
}

impl WaitList {
    pub(super) fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// How many violations of `rule` are held waiting.
    pub(super) fn held_of(&self, rule: u32) -> usize {
        self.held.get(rule as usize).map_or(0, |&n| n as usize)
    }

    /// A verdict starts waiting.
    pub(super) fn push(&mut self, rule: u32, held: Vec<Held>, atoms: Vec<(u32, Bound)>, states: usize) {
        let id = match self.free.pop() {
            Some(id) => id,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        for (_, b) in &atoms {
            if let Bound::Open(j) | Bound::Probe(j, _) = *b
                && (j as usize) < states
            {
                if self.by_state.len() <= j as usize {
                    self.by_state.resize_with(j as usize + 1, Vec::new);
                }
                self.by_state[j as usize].push(id);
            }
        }
        if self.held.len() <= rule as usize {
            self.held.resize(rule as usize + 1, 0);
        }
        self.held[rule as usize] += held.len() as u32;
        self.live += 1;
        self.next += 1;
        self.slots[id as usize] = Some(Waiting { rule, held, atoms, dirty: false, seq: self.next });
    }

    /// The atom state `st` at index `i` ended: bind the verdicts reading it (an atom it holds)
    /// to their final truths and add those not yet marked to `dirty`.
    pub(super) fn state_ended(
        &mut self,
        i: usize,
        st: &crate::rules::AtomState,
        rules: &crate::rules::Compiled,
        dirty: &mut Vec<u32>,
    ) {
        let Some(ids) = self.by_state.get_mut(i) else { return };
        for id in ids.drain(..) {
            let Some(w) = self.slots[id as usize].as_mut() else { continue };
            for (a, b) in &mut w.atoms {
                match *b {
                    Bound::Open(j) if j as usize == i => *b = Bound::Final(rules.truth(*a, st, true)),
                    Bound::Probe(j, key) if j as usize == i => *b = Bound::Final(st.among(key, true)),
                    _ => continue,
                }
                if !w.dirty {
                    w.dirty = true;
                    dirty.push(id);
                }
            }
        }
    }

    /// The verdict `id` is decided: out of the list.
    pub(super) fn take(&mut self, id: u32) -> Waiting {
        let w = self.slots[id as usize].take().expect("a live verdict");
        self.free.push(id);
        self.live -= 1;
        self.held[w.rule as usize] -= w.held.len() as u32;
        w
    }
}

/// An atom's truth for a waiting verdict.
#[derive(Debug, Clone, Copy)]
pub(super) enum Bound {
    /// Its state at this index of `Pass::atoms`.
    Open(u32),
    /// Its anchor has ended.
    Final(crate::rules::Truth),
    /// An `among` atom's state at this index of `Pass::atoms`, asked for the verdict's probe
    /// (its key): the probe was read in the scope element, which has ended.
    Probe(u32, Option<u64>),
}
