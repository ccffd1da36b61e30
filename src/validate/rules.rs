//! Business-rule hooks: where the pass feeds the compiled rules (an element's start opens its
//! scopes, attributes and values are fed, its end evaluates and reports them) and how a rule's
//! violation is held or becomes a diagnostic. The only part that evaluates rules; it does not
//! read bytes or check the schema.

use super::waiting::Bound;
use super::{Found, Frame, Held, Locator, Pass};
use crate::report::{Code, Diagnostic};
use crate::rules::NOT_OPEN;

/// `Frame::rule_node` of an element outside every rule's root element.
pub(super) const NO_RULES: u32 = u32::MAX;
/// `Frame::rule_node` of an element inside a rule root that no rule names (nor its descendants).
pub(super) const INSIDE: u32 = u32::MAX - 1;

impl<'s> Pass<'s> {
    /// A business rule that does not hold at the element of `frames[depth - 1]`.
    #[cold]
    #[inline(never)]
    fn rule_diagnostic(&mut self, depth: usize, r: u32, v: crate::rules::Violation) -> Diagnostic {
        let at = self.locate_frame(depth);
        self.rule_diagnostic_in(&self.frames[..depth], at, r, v)
    }

    /// A rule's message with the values it shows (`{/Declaration/TypeCode}`: the first value
    /// seen, `?` if none yet, `*` when values are masked).
    fn message_of(&self, rules: &crate::rules::Compiled, r: usize) -> String {
        let message = &rules.rules[r].message;
        let shows = &rules.shows[r];
        if shows.is_empty() {
            return message.clone();
        }
        let mut m = String::with_capacity(message.len() + 16);
        let mut from = 0;
        for &(start, end, i) in shows.iter() {
            let value = match self.captured.get(i as usize).and_then(|v| v.as_deref()) {
                _ if self.opts.mask_values => "*",
                Some(v) => v,
                None => "?",
            };
            m.push_str(&message[from..start as usize]);
            m.push_str(value);
            from = end as usize;
        }
        m.push_str(&message[from..]);
        m
    }

    /// A business rule that does not hold at the last of `frames`, whose start is at
    /// `(line, column)`.
    fn rule_diagnostic_in(
        &self,
        frames: &[Frame],
        (line, column): (u32, u32),
        r: u32,
        v: crate::rules::Violation,
    ) -> Diagnostic {
        let rules = self.rules.expect("a rule's diagnostic comes from rules");
        let rule = &rules.rules[r as usize];
        let wco = self.wco_in(frames);
        let text = self.message_of(rules, r as usize);
        let message = if self.opts.mask_values {
            text
        } else {
            // "Message." and the detail join as "Message: detail" (an ellipsis is kept).
            let said = if text.ends_with("..") { &text } else { text.strip_suffix('.').unwrap_or(&text) };
            let mut m = String::with_capacity(said.len() + 2 + v.detail.len());
            m.push_str(said);
            m.push_str(": ");
            m.push_str(&v.detail);
            m
        };
        Diagnostic {
            code: Code::BusinessRule,
            rule: Some(rule.id.clone()),
            severity: crate::rules::severity(&rule.severity),
            message,
            path: self.path_in(frames, None),
            line,
            column,
            wco_id: wco.id,
            wco_pointer: wco.pointer,
            wco_names: wco.names,
            national_code: rule.national_code.clone(),
            location: self.location_in(frames, None),
        }
    }

    /// Report a violation of rule `r` at `frames[depth - 1]`, or hold it in the rule's open
    /// scope (`open`, an index into `self.open`) until the rule's condition is known.
    #[cold]
    #[inline(never)]
    fn rule_violation(&mut self, depth: usize, r: u32, open: Option<usize>, v: crate::rules::Violation) {
        let Some(rules) = self.rules else { return };
        let rule = &rules.rules[r as usize];
        match open {
            // A condition known false by now spares the hold.
            Some(_) if rule.when.is_some() && self.false_now_uncached(rules, r) => {}
            Some(i) if rule.when.is_some() => {
                // Held violations are bounded by the error cap like reported ones.
                if self.open[i].parked.len() <= self.opts.max_errors {
                    let held = self.hold(depth, 0, Found::Violation(v));
                    self.open[i].parked.push(held);
                }
            }
            _ => {
                let d = self.rule_diagnostic(depth, r, v);
                self.push(d);
            }
        }
    }

    /// Whether rule `r`'s condition is already known to be false (not memoised: values come
    /// between scope starts).
    fn false_now_uncached(&self, rules: &crate::rules::Compiled, r: u32) -> bool {
        rules.conds[r as usize].as_ref().is_some_and(|cond| {
            cond.eval(&rules.categories, self.category, &mut |a| self.atom_now(rules, a)) == crate::rules::Truth::False
        })
    }

    /// Rules: entering an element (its trie node, scopes opened; its attributes are fed by
    /// `rule_attribute` as the schema checks them). Kept out of line, as is `rules_end`: the
    /// structure-only pass then runs the same compact code whatever the rules code grows into.
    #[inline(never)]
    pub(super) fn rules_start(&mut self, rules: &'s crate::rules::Compiled, local: &str) {
        let depth = self.frames.len();
        let parent = if depth >= 2 { self.frames[depth - 2].rule_node } else { NO_RULES };
        if parent == INSIDE {
            self.frames[depth - 1].rule_node = INSIDE;
            return;
        }
        // Outside every root, an element may start one (a Declaration inside its envelope).
        let (from, otherwise) =
            if parent == NO_RULES { (crate::rules::ABOVE_ROOT, NO_RULES) } else { (parent, INSIDE) };
        let decl = self.frames[depth - 1].decl;
        debug_assert!(decl.is_none_or(|d| *self.schema.elements[d as usize].name == *local));
        let name = rules.name_of(decl, local);
        let Some(node) = name.and_then(|name| rules.child(from, name)) else {
            self.frames[depth - 1].rule_node = otherwise;
            return;
        };
        if from == crate::rules::ABOVE_ROOT {
            self.rule_root = name.unwrap_or(u32::MAX);
        }
        let flags = rules.nodes[node as usize].flags;
        let f = &mut self.frames[depth - 1];
        f.rule_node = node;
        f.reads_value = flags & crate::rules::flags::READS != 0 && !f.mode.elements_only(self.schema);
        if flags & crate::rules::flags::STARTS == 0 {
            return;
        }
        let n = &rules.nodes[node as usize];
        for &a in &n.atoms {
            let outer = std::mem::replace(&mut self.atom_of[a as usize], self.atoms.len() as u32);
            self.atoms.push(crate::rules::AtomState::new(a, depth, outer));
        }
        if !n.opens.is_empty() {
            self.open_scopes(rules, n, depth);
        }
    }

    /// Rules: the scopes of the rules that keep a state in the element starting at `depth`
    /// open (out of line: most elements a rule reads are the scope of none).
    #[inline(never)]
    fn open_scopes(&mut self, rules: &'s crate::rules::Compiled, n: &'s crate::rules::Node, depth: usize) {
        self.scope_stamp = self.scope_stamp.wrapping_add(1);
        // Rules answered from atoms where the scope element ends keep no state of their own.
        for &r in &n.opens {
            if rules.only[r as usize].as_ref().is_some_and(|only| !only.contains(&self.rule_root)) {
                continue;
            }
            // A condition that needs a category no longer possible stays false: the rule keeps
            // no state here and ignores the values inside.
            if self.category_ruled_out(rules, r) {
                let outer = std::mem::replace(&mut self.open_of[r as usize], crate::rules::SKIPPED);
                self.skipped.push((r, depth as u32, outer));
                continue;
            }
            let outer = std::mem::replace(&mut self.open_of[r as usize], self.open.len() as u32);
            self.open.push(crate::rules::Open::new(r, depth, outer));
        }
    }

    /// Whether none of the categories under which rule `r`'s condition can hold is still
    /// possible (the category is known, or the atoms read so far rule them out).
    fn category_ruled_out(&mut self, rules: &crate::rules::Compiled, r: u32) -> bool {
        let need = rules.cat_need[r as usize];
        if need == crate::rules::ANY_CATEGORY {
            return false;
        }
        let possible = match self.category {
            Some(Some(k)) => 1 << k,
            Some(None) => 0,
            None => {
                if self.cat_stamp != self.scope_stamp {
                    self.cat_stamp = self.scope_stamp;
                    self.possible = self.possible_categories(rules);
                }
                self.possible
            }
        };
        need & possible == 0
    }

    /// The categories that may still be derived: each in order whose condition is not false,
    /// up to the first that holds.
    fn possible_categories(&self, rules: &crate::rules::Compiled) -> u64 {
        let mut possible = 0;
        for (i, c) in rules.categories.iter().enumerate() {
            match c.eval(&[], None, &mut |a| self.atom_now(rules, a)) {
                crate::rules::Truth::False => {}
                crate::rules::Truth::Unknown => possible |= 1 << i,
                crate::rules::Truth::True => return possible | 1 << i,
            }
        }
        possible
    }

    /// The truth of atom `a` from what has been read so far, its anchor not taken as ended
    /// (unknown when no anchor of it is open).
    fn atom_now(&self, rules: &crate::rules::Compiled, a: u32) -> crate::rules::Truth {
        // An atom kept as a bit needs neither its own description nor its state's.
        if let crate::rules::Home::Bit { group, bit, negated } = rules.home[a as usize] {
            return match self.atoms.get(self.atom_of[group as usize] as usize) {
                Some(st) => st.bit(bit, negated, false),
                None => crate::rules::Truth::Unknown,
            };
        }
        match self.atoms.get(self.atom_of[rules.home_of(a) as usize] as usize) {
            Some(st) => rules.truth(a, st, false),
            None => crate::rules::Truth::Unknown,
        }
    }

    /// Rules: an attribute of the element at `frames[depth - 1]`, with its value as the schema
    /// reads it (references decoded, whitespace normalised), fed to the rules that read an
    /// attribute of that local name there.
    pub(super) fn rule_attribute(&mut self, depth: usize, local: &str, value: &str) {
        let node = self.frames[depth - 1].rule_node;
        let Some(rules) = self.rules.filter(|_| node < INSIDE) else { return };
        for (r, f, name) in &rules.nodes[node as usize].attributes {
            if **name == *local {
                self.rule_value(depth, *r, *f, value);
            }
        }
    }

    /// Rules: an element with a rule trie node ends (its value fed, its scopes evaluated and
    /// closed).
    #[inline(never)]
    pub(super) fn rules_end(&mut self, rules: &'s crate::rules::Compiled, node: u32, depth: usize) {
        let n = &rules.nodes[node as usize];
        let flags = n.flags;
        if flags & crate::rules::flags::READS != 0 {
            let text = std::mem::take(&mut self.text);
            for &(r, f) in &n.values {
                // A rule whose condition is already false takes no values.
                if f < crate::rules::CAPTURE && self.gated_out(rules, r) {
                    continue;
                }
                self.rule_value(depth, r, f, &text);
            }
            for feed in &n.bits {
                if let Some(st) = self.atoms.get_mut(self.atom_of[feed.group as usize] as usize) {
                    st.hits |= feed.bits(&rules.atoms, &text, st.hits | st.closed) & !st.closed;
                }
            }
            self.text = text;
        }
        let root = depth == 1 || self.frames[depth - 2].rule_node == NO_RULES;
        if flags & crate::rules::flags::ENDS == 0 && !root {
            return;
        }
        self.scopes_end(rules, n, depth, root);
    }

    /// Rules: the end of an element that seals or anchors atoms, is the scope of rules or is a
    /// root (the part of [`Pass::rules_end`] most elements a rule reads do not need, kept out of
    /// line so that the part they need stays small).
    #[inline(never)]
    fn scopes_end(&mut self, rules: &'s crate::rules::Compiled, n: &'s crate::rules::Node, depth: usize, root: bool) {
        // Atoms decided by the end of the first element at this path: a category's atom
        // sealed for the first time may decide the category.
        let mut sealed = false;
        for &(group, bits, cat) in &n.sealing.bits {
            if let Some(st) = self.atoms.get_mut(self.atom_of[group as usize] as usize) {
                sealed |= bits & cat & !st.closed != 0;
                st.closed |= bits;
            }
        }
        for &a in &n.sealing.own {
            if let Some(st) = self.atoms.get_mut(self.atom_of[a as usize] as usize) {
                sealed |= !std::mem::replace(&mut st.sealed, true) && rules.cat_atoms[a as usize];
            }
        }
        if sealed {
            self.learn_category(rules, usize::MAX);
        }
        // The rules of this scope element, in the reverse of the order they opened (the rules
        // with a state of their own pop theirs); once the category is known, only those that
        // can break under it.
        let scopes = match self.category {
            Some(k) if !n.by_category.is_empty() => &n.by_category[k.map_or(rules.categories.len(), |k| k as usize)],
            _ => &n.scopes[..],
        };
        for &r in scopes.iter().rev() {
            // A check of single values has nothing to say but what it held.
            let single = rules.per_value[r as usize];
            if single && self.parked.is_empty() {
                continue;
            }
            let rule = &rules.rules[r as usize];
            // The held violations and the check's last one are reported or dropped together,
            // now if the condition is known (its atoms anchored here end now), else when it is.
            // The check's verdict comes first where it is cheap: a scope element that breaks
            // nothing (the common case) needs no condition evaluated.
            let (parked, last) = match rules.at_end[r as usize] {
                // A check of single values: only the violations it held.
                crate::rules::AtEnd::State if single => {
                    let Some(i) = self.parked.iter().position(|p| p.0 == r) else { continue };
                    (self.parked.swap_remove(i).1, None)
                }
                crate::rules::AtEnd::State => {
                    if !self.open.last().is_some_and(|o| o.depth == depth && o.rule == r) {
                        continue;
                    }
                    let i = self.open.len() - 1;
                    let cx = crate::rules::Ctx { prepared: &rules.prepared[r as usize], today: self.today() };
                    let last = rule.check.finish(&cx, &self.open[i].state).map(Found::Violation);
                    let o = self.open.pop().expect("checked");
                    self.open_of[r as usize] = o.outer;
                    (o.parked, last)
                }
                _ if rules.only[r as usize].as_ref().is_some_and(|only| !only.contains(&self.rule_root)) => continue,
                crate::rules::AtEnd::Present { atom, required } => {
                    let present = self.atom_truth(rules, atom, depth) == crate::rules::Truth::True;
                    // Nothing to say where the field is as the rule wants it.
                    if present == required {
                        continue;
                    }
                    (Vec::new(), Some(Found::Presence(present)))
                }
                // Always broken: the condition alone decides, so it comes first.
                crate::rules::AtEnd::Broken => {
                    if self.truth_at_end(rules, r, depth) == crate::rules::Truth::False {
                        continue;
                    }
                    (Vec::new(), Some(Found::Presence(true)))
                }
            };
            if last.is_none() && parked.is_empty() {
                continue;
            }
            self.scope_verdict(rules, r, depth, parked, last);
        }
        debug_assert!(self.open.last().is_none_or(|o| o.depth != depth), "every open rule state closed");
        while self.skipped.last().is_some_and(|&(_, d, _)| d as usize == depth) {
            let (r, _, outer) = self.skipped.pop().expect("checked");
            self.open_of[r as usize] = outer;
        }
        // A root element ends: its category is known.
        if !rules.categories.is_empty() && root {
            self.derive_category(rules, depth);
        }
        self.close_atoms(rules, depth, sealed);
    }

    /// Rule `r`'s violations in its scope element at `depth`, which ends now (those it held,
    /// and `last`, the check's verdict): reported if its condition holds, dropped if not,
    /// waiting for the atoms that decide it if that is not known yet.
    #[cold]
    #[inline(never)]
    fn scope_verdict(
        &mut self,
        rules: &'s crate::rules::Compiled,
        r: u32,
        depth: usize,
        parked: Vec<Held>,
        last: Option<Found>,
    ) {
        match self.truth_at_end(rules, r, depth) {
            crate::rules::Truth::False => {}
            crate::rules::Truth::True => {
                for h in parked {
                    self.report_held(r, h);
                }
                if let Some(v) = last.and_then(|found| self.written(r, found)) {
                    let d = self.rule_diagnostic(depth, r, v);
                    self.push(d);
                }
            }
            crate::rules::Truth::Unknown => {
                let mut held = parked;
                if let Some(found) = last {
                    held.push(self.hold(depth, 0, found));
                }
                let waiting = self.waiting.held_of(r);
                held.truncate((self.opts.max_errors + 1).saturating_sub(waiting));
                if held.is_empty() {
                    return;
                }
                // Waiting beyond the scope element's end: the held keep all their elements.
                for h in &mut held {
                    if h.from > 0 {
                        h.frames.splice(0..0, self.frames[..h.from].iter().cloned());
                        h.from = 0;
                    }
                }
                // Once the category is known, the atoms deciding it are not read.
                let reads = match self.category {
                    Some(_) => &rules.cond_atoms[r as usize][..rules.own_atoms[r as usize]],
                    None => &rules.cond_atoms[r as usize][..],
                };
                let atoms = reads.iter().map(|&a| (a, self.bound(rules, a))).collect();
                self.waiting.push(r, held, atoms, self.atoms.len());
            }
        }
    }

    /// The truth of rule `r`'s condition for its scope element at `depth`, which ends now.
    fn truth_at_end(&self, rules: &crate::rules::Compiled, r: u32, depth: usize) -> crate::rules::Truth {
        match &rules.conds[r as usize] {
            None => crate::rules::Truth::True,
            Some(cond) => cond.eval(&rules.categories, self.category, &mut |a| self.atom_truth(rules, a, depth)),
        }
    }

    /// The truth of atom `a` in its innermost open anchor element, for a verdict on a scope
    /// element at `depth` that ends now (an anchor at that depth ends with it).
    /// The declaration category, from the atoms as they stand, those anchored at `depth` or
    /// deeper taken as ended.
    pub(super) fn derive_category(&mut self, rules: &crate::rules::Compiled, depth: usize) {
        // Once known, the category never changes.
        let derived = match self.category {
            Some(known) => Ok(known),
            None => crate::rules::condition::derive(&rules.categories, &mut |a| self.atom_truth(rules, a, depth)),
        };
        if let Ok(Some(i)) = derived {
            self.report.category = Some(rules.category_names[i as usize].clone());
        }
    }

    /// Learn the category as soon as the atoms decide it (it never changes after): every
    /// condition naming a category then reads it instead of trying the categories again. The
    /// atoms anchored at `depth` or deeper are taken as ended (`usize::MAX`: none).
    fn learn_category(&mut self, rules: &crate::rules::Compiled, depth: usize) {
        if self.category.is_none() && !rules.categories.is_empty() {
            let derived = crate::rules::condition::derive(&rules.categories, &mut |a| self.atom_truth(rules, a, depth));
            self.category = derived.ok();
        }
    }

    fn atom_truth(&self, rules: &crate::rules::Compiled, a: u32, depth: usize) -> crate::rules::Truth {
        // An atom kept as a bit needs neither its own description nor its state's.
        if let crate::rules::Home::Bit { group, bit, negated } = rules.home[a as usize] {
            return match self.atoms.get(self.atom_of[group as usize] as usize) {
                Some(st) => st.bit(bit, negated, st.depth >= depth),
                None => crate::rules::Truth::False,
            };
        }
        match self.atoms.get(self.atom_of[rules.home_of(a) as usize] as usize) {
            Some(st) => match &rules.atoms[a as usize] {
                crate::rules::Leaf::Among { probe, .. } => st.among(self.probe(*probe), st.depth >= depth),
                _ => rules.truth(a, st, st.depth >= depth),
            },
            None => crate::rules::Truth::False,
        }
    }

    /// The key of the first value of an `among` atom's probe field in its innermost open
    /// element (`None`: no value, or no such element open).
    fn probe(&self, probe: u32) -> Option<u64> {
        let st = self.atoms.get(self.atom_of[probe as usize] as usize)?;
        st.first[0].as_deref().map(crate::rules::condition::among::key)
    }

    /// How a waiting verdict reads atom `a`: its open state, or for an `among` atom its open
    /// state with the probe of the scope element that ends now.
    fn bound(&self, rules: &crate::rules::Compiled, a: u32) -> Bound {
        let open = self.atom_of[rules.home_of(a) as usize];
        match &rules.atoms[a as usize] {
            crate::rules::Leaf::Among { probe, .. } => Bound::Probe(open, self.probe(*probe)),
            _ => Bound::Open(open),
        }
    }

    /// The atoms anchored at the element ending at `depth` end: their truths are final, and
    /// the verdicts waiting for them are reported or dropped once known.
    fn close_atoms(&mut self, rules: &'s crate::rules::Compiled, depth: usize, sealed: bool) {
        // A category's atom that ends here may decide the category: learnt while the states
        // are there to read (an atom whose state has gone reads as false).
        if self.category.is_none()
            && (sealed
                || self
                    .atoms
                    .iter()
                    .rev()
                    .take_while(|st| st.depth == depth)
                    .any(|st| rules.cat_atoms[st.atom as usize]))
        {
            self.learn_category(rules, depth);
        }
        let mut dirty = Vec::new();
        while self.atoms.last().is_some_and(|st| st.depth == depth) {
            let i = self.atoms.len() - 1;
            let st = self.atoms.pop().expect("checked");
            self.atom_of[st.atom as usize] = st.outer;
            if !self.waiting.is_empty() {
                self.waiting.state_ended(i, &st, rules, &mut dirty);
            }
        }
        if !dirty.is_empty() {
            self.waiting_verdicts(rules, dirty);
        }
    }

    /// The verdicts waiting for an atom that ended (`dirty`, by slot): reported or dropped
    /// once their condition is known.
    #[cold]
    #[inline(never)]
    fn waiting_verdicts(&mut self, rules: &'s crate::rules::Compiled, mut dirty: Vec<u32>) {
        // Only the verdicts reading an atom that ended are evaluated again, in the order they
        // started waiting.
        dirty.sort_unstable_by_key(|&id| self.waiting.slots[id as usize].as_ref().map_or(0, |w| w.seq));
        for id in dirty {
            let Some(w) = self.waiting.slots[id as usize].as_mut() else { continue };
            w.dirty = false;
            let w = &self.waiting.slots[id as usize].as_ref().expect("live");
            let cond = rules.conds[w.rule as usize].as_ref().expect("a waiting rule has a condition");
            let truth = cond.eval(&rules.categories, self.category, &mut |a| match w
                .atoms
                .iter()
                .find(|(x, _)| *x == a)
                .map_or(Bound::Final(crate::rules::Truth::False), |b| b.1)
            {
                Bound::Final(t) => t,
                Bound::Open(j) => {
                    self.atoms.get(j as usize).map_or(crate::rules::Truth::False, |st| rules.truth(a, st, false))
                }
                Bound::Probe(j, key) => {
                    self.atoms.get(j as usize).map_or(crate::rules::Truth::False, |st| st.among(key, false))
                }
            });
            if truth == crate::rules::Truth::Unknown {
                continue;
            }
            let w = self.waiting.take(id);
            if truth == crate::rules::Truth::True {
                for h in w.held {
                    self.report_held(w.rule, h);
                }
            }
        }
    }

    /// A violation at `frames[depth - 1]` kept with the open elements it was found under, to
    /// be reported later if its rule's condition holds. In windows, the element is located
    /// now: its start may be in a window gone by the time the condition is known.
    #[cold]
    #[inline(never)]
    fn hold(&mut self, depth: usize, from: usize, found: Found) -> Held {
        if matches!(self.locator, Locator::Window { .. }) {
            self.locate_frame(depth);
        }
        Held { found, frames: self.frames[from..depth].to_vec(), from }
    }

    /// Report a held violation of rule `r`.
    #[cold]
    #[inline(never)]
    fn report_held(&mut self, r: u32, h: Held) {
        let Some(violation) = self.written(r, h.found) else { return };
        let mut frames = h.frames;
        if h.from > 0 {
            frames.splice(0..0, self.frames[..h.from].iter().cloned());
        }
        let at = frames.last().map_or((0, 0), |f| self.locate(f.at));
        let d = self.rule_diagnostic_in(&frames, at, r, violation);
        self.push(d);
    }

    /// What rule `r` found, as its violation (`None` only if the finding breaks nothing: a held
    /// value or verdict breaks its check, so it does not happen).
    fn written(&mut self, r: u32, found: Found) -> Option<crate::rules::Violation> {
        let rules = self.rules?;
        let (check, prepared) = (&rules.rules[r as usize].check, &rules.prepared[r as usize]);
        let v = match found {
            Found::Violation(v) => Some(v),
            Found::Value { field, value } => {
                let cx = crate::rules::Ctx { prepared, today: self.today() };
                check.value(&cx, &mut Default::default(), field, &value)
            }
            Found::Presence(present) => check.finish_present(prepared, present),
        };
        debug_assert!(v.is_some(), "a held finding breaks its check");
        v
    }

    /// A value of field `f` of rule `r` (or of its condition), seen at `frames[depth - 1]`.
    fn rule_value(&mut self, depth: usize, r: u32, f: u8, v: &str) {
        let Some(rules) = self.rules else { return };
        if f == crate::rules::CAPTURE {
            let slot = &mut self.captured[r as usize];
            if slot.is_none() {
                *slot = Some(crate::rules::trim(v).into());
            }
            return;
        }
        if f >= crate::rules::ATOM_FIELDS {
            // `r` is an atom of a condition.
            if let Some(st) = self.atoms.get_mut(self.atom_of[r as usize] as usize) {
                st.value(&rules.atoms[r as usize], usize::from(crate::rules::COND - f), v);
            }
            return;
        }
        if rules.per_value[r as usize] {
            return self.single_value(rules, depth, r, f, v);
        }
        let rule = &rules.rules[r as usize];
        let open = match self.open_of.get(r as usize) {
            Some(&crate::rules::SKIPPED) => return,
            at => at.filter(|&&i| i != NOT_OPEN).map(|&i| i as usize),
        };
        let cx = crate::rules::Ctx { prepared: &rules.prepared[r as usize], today: self.today() };
        let violation = match open {
            Some(i) => rule.check.value(&cx, &mut self.open[i].state, f, v),
            None => None,
        };
        if let Some(v) = violation {
            self.rule_violation(depth, r, open, v);
        }
    }

    /// A value of field `f` of rule `r`, whose check answers per value: reported at once, or
    /// held in `parked` until the scope element ends if the rule has a condition (not made at
    /// all under a condition already false).
    fn single_value(&mut self, rules: &crate::rules::Compiled, depth: usize, r: u32, f: u8, v: &str) {
        let rule = &rules.rules[r as usize];
        if rules.only[r as usize].as_ref().is_some_and(|only| !only.contains(&self.rule_root))
            || rule.when.is_some() && self.false_now_uncached(rules, r)
        {
            return;
        }
        let cx = crate::rules::Ctx { prepared: &rules.prepared[r as usize], today: self.today() };
        if rule.when.is_none() {
            if let Some(violation) = rule.check.value(&cx, &mut Default::default(), f, v) {
                let d = self.rule_diagnostic(depth, r, violation);
                self.push(d);
            }
            return;
        }
        // Under a condition not known yet, the value is held as it is: the violation is
        // written only if the condition holds.
        if !rule.check.breaks(&cx, v) {
            return;
        }
        let i = match self.parked.iter().position(|p| p.0 == r) {
            Some(i) => i,
            None => {
                self.parked.push((r, Vec::new()));
                self.parked.len() - 1
            }
        };
        // Held violations are bounded by the error cap like reported ones.
        if self.parked[i].1.len() <= self.opts.max_errors {
            // The scope element and those above it stay open until the verdict.
            let scope = rules.scope_of[r as usize];
            let from = self.frames[..depth].iter().rposition(|e| e.rule_node == scope).map_or(0, |k| k + 1);
            let held = self.hold(depth, from, Found::Value { field: f, value: v.into() });
            self.parked[i].1.push(held);
        }
    }

    /// Whether rule `r`'s condition is already false by one of the atoms it needs true that
    /// are kept as bits (a document's category code, the declaration type).
    #[inline]
    fn gated_out(&self, rules: &crate::rules::Compiled, r: u32) -> bool {
        rules.gates[r as usize].iter().any(|&(group, bit, negated)| {
            self.atoms
                .get(self.atom_of[group as usize] as usize)
                .is_some_and(|st| st.bit(bit, negated, false) == crate::rules::Truth::False)
        })
    }

    /// Today, for date rules (the system clock is read once per message, and only if a rule
    /// looks at a value).
    fn today(&mut self) -> crate::rules::Day {
        *self.today.get_or_insert_with(crate::rules::Day::today)
    }
}
