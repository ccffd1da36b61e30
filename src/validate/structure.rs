//! Structure: an element's start (its declaration found through the parent's content model,
//! its frame pushed) and its end (the content model complete, the value checked, the frame
//! popped). It does not read bytes, check attribute or simple values itself, or evaluate rules.

use super::rules::{INSIDE, NO_RULES};
use super::{At, Frame, MissingOpen, Mode, Pass, missing_names, rejected};
use crate::report::Code;
use crate::schema::content::{State as CmState, Step};
use crate::schema::{self, Content, ElemId, Process, TypeRef};
use crate::xml::{Names, Scope};
use quick_xml::events::BytesStart;
use quick_xml::name::NamespaceResolver;

impl<'s> Pass<'s> {
    /// A start tag `e` in namespace `uri` with local name `local` (both as resolved already).
    pub(super) fn start(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        (ns, uri): (schema::NsId, &str),
        local: &str,
        at: At,
        scope: Scope,
    ) {
        let limits = &self.opts.limits;
        if self.frames.len() >= limits.max_depth {
            self.fatal(Code::LimitDepth, format!("elements nest deeper than {} levels", limits.max_depth), at);
            return;
        }
        if e.name().as_ref().len() > limits.max_name_len {
            self.fatal(Code::LimitName, format!("an element name is longer than {} bytes", limits.max_name_len), at);
            return;
        }
        if self.frames.is_empty() && self.root_seen {
            self.fatal(Code::XmlSyntax, "not well-formed: extra content after the root element", at);
            return;
        }
        self.text.clear();
        let (schema, national) = (self.schema, self.national);
        // The name as written (`local`, or `prefix:local`), for messages.
        let written: &str = e.name().into_inner();
        let prefix = if written.len() > local.len() { self.prefix_number(e, local.len()) } else { 0 };
        // A child of a parent whose content model already failed, to compare with what a
        // `missing-element` reported missing.
        let mut after_failure = false;
        // What the parent says about this child.
        let mut problem: Option<(Code, String)> = None;
        // For a `missing-element`: the declarations missing, and the message should it turn
        // out to be an element out of order.
        let mut missing: Option<Box<super::Skip>> = None;
        let decl: Option<ElemId>;
        let mut mode = Mode::Skip;
        match self.frames.last_mut() {
            None => {
                self.root_seen = true;
                decl = schema.global(ns, local);
                if decl.is_none() {
                    problem = Some((
                        Code::UnknownRoot,
                        format!(
                            "{written} has no global declaration in the rule set, so it cannot be the root element{}",
                            schema.roots_hint(local)
                        ),
                    ));
                }
            }
            Some(parent) => match parent.mode {
                Mode::Skip => decl = None,
                Mode::Lax => {
                    decl = schema.global(ns, local);
                    if decl.is_none() {
                        mode = Mode::Lax;
                    }
                }
                Mode::Simple(_) => {
                    decl = None;
                    if !parent.failed {
                        parent.failed = true;
                        problem = Some((
                            Code::ElementInSimpleContent,
                            format!("{written} is not allowed here: the parent's content is a simple value"),
                        ));
                    }
                }
                Mode::Complex(c) => match &schema.complex[c as usize].content {
                    Content::Empty | Content::Simple(_) => {
                        decl = None;
                        if !parent.failed {
                            parent.failed = true;
                            let what = if matches!(schema.complex[c as usize].content, Content::Empty) {
                                "must be empty"
                            } else {
                                "is a simple value"
                            };
                            problem = Some((
                                Code::ElementInSimpleContent,
                                format!("{written} is not allowed here: the parent's content {what}"),
                            ));
                        }
                    }
                    Content::Elements(aut) => {
                        if parent.failed || parent.nil {
                            decl = aut.declaration_for(schema, ns, local);
                            after_failure = true;
                            if parent.nil && !parent.failed {
                                parent.failed = true;
                                problem = Some((Code::Nil, "a nil element (xsi:nil=\"true\") must be empty".into()));
                            }
                        } else {
                            match aut.step(schema, &mut parent.cm, ns, uri, local) {
                                Step::Element(d) => decl = Some(d),
                                Step::Wildcard(Process::Skip) => decl = None,
                                Step::Wildcard(p) => {
                                    decl = schema.global(ns, local);
                                    if decl.is_none() {
                                        if p == Process::Lax {
                                            mode = Mode::Lax;
                                        } else {
                                            problem = Some((
                                                Code::UnexpectedElement,
                                                format!(
                                                    "{written} matches a strict wildcard but has no global declaration in the rule set"
                                                ),
                                            ));
                                        }
                                    }
                                }
                                Step::Reject => {
                                    parent.failed = true;
                                    decl = None;
                                    let (code, message, skipped) = rejected(
                                        schema,
                                        resolver,
                                        aut,
                                        &parent.cm,
                                        (ns, uri, local),
                                        written,
                                        national,
                                    );
                                    problem = Some((code, message));
                                    missing = skipped;
                                }
                            }
                        }
                    }
                },
            },
        }
        if let Some(d) = decl {
            mode = match schema.elements[d as usize].ty {
                TypeRef::Simple(s) => Mode::Simple(s),
                TypeRef::Complex(c) => Mode::Complex(c),
                TypeRef::Any => Mode::Lax,
            };
        }
        // Same-name sibling index, keyed by a hash of the name (precomputed for declarations).
        let key = match decl {
            Some(d) => schema.elements[d as usize].key,
            None => schema::name_hash(uri, local),
        };
        let index = {
            let from = self.frames.last().map_or(0, |f| f.counts_start);
            // From the newest: a repeated element is most often its previous sibling's repeat.
            match self.counts[from..].iter_mut().rev().find(|(h, _)| *h == key) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    self.counts.push((key, 1));
                    1
                }
            }
        };
        let counts_start = self.counts.len();
        self.frames.push(Frame {
            decl,
            name: if decl.is_none() { Some(local.into()) } else { None },
            prefix,
            index,
            mode,
            cm: CmState::default(),
            failed: false,
            text_reported: false,
            nil: false,
            at,
            counts_start,
            rule_node: NO_RULES,
            reads_value: false,
            scope,
            ignores_blank: false,
        });
        let depth = self.frames.len();
        if after_failure && !self.missing_open.is_empty() {
            self.out_of_order(depth - 1, ns, local);
        }
        if let Some((code, msg)) = problem {
            let index = self.report.diagnostics.len();
            self.error_at(depth, code, msg, None);
            if let Some(m) = missing.filter(|m| !m.0.is_empty() && self.report.diagnostics.len() > index) {
                let (missing, unexpected) = *m;
                self.point_at_missing(index, depth - 1, missing[0]);
                self.missing_open.push(MissingOpen { depth: depth - 1, index, missing, unexpected });
            }
        }
        // The rules' scopes open before the attributes, which the rules may read.
        if let Some(rules) = self.rules {
            self.rules_start(rules, local);
        }
        let tag = (scope != Scope::None).then_some((resolver, e));
        self.attributes(tag, depth, at);
        if let Some(f) = self.frames.get_mut(depth - 1) {
            f.ignores_blank = !f.nil
                && match f.mode {
                    Mode::Complex(_) => f.mode.elements_only(schema),
                    Mode::Skip | Mode::Lax => !f.reads_value,
                    Mode::Simple(_) => false,
                };
        }
    }

    /// An element ends: its checks, then its namespace scope closes.
    pub(super) fn end_scoped(&mut self, names: &mut Names) {
        let scope = self.frames.last().map_or(Scope::None, |f| f.scope);
        self.end(names.resolver());
        names.close(scope);
    }

    /// A child `{ns}local` of the element at `frames[depth - 1]`, whose content model failed:
    /// if the failure reported it missing, the element that came before it was out of order.
    fn out_of_order(&mut self, depth: usize, ns: schema::NsId, local: &str) {
        let schema = self.schema;
        let Some(s) = self.missing_open.last_mut().filter(|s| s.depth == depth) else { return };
        let named = |&d: &ElemId| schema.elements[d as usize].ns == ns && &*schema.elements[d as usize].name == local;
        if s.missing.iter().any(named) {
            let s = self.missing_open.pop().expect("just seen");
            // The child itself has no declaration here: it points where its parent does.
            let wco = self.wco(depth);
            if let Some(d) = self.report.diagnostics.get_mut(s.index) {
                d.code = Code::UnexpectedElement;
                d.message = s.unexpected;
                (d.wco_id, d.wco_pointer, d.wco_names) = (wco.id, wco.pointer, wco.names);
            }
        }
    }

    fn end(&mut self, resolver: &NamespaceResolver) {
        let depth = self.frames.len();
        if depth == 0 {
            return;
        }
        let schema = self.schema;
        let f = &self.frames[depth - 1];
        let (mode, failed, nil) = (f.mode, f.failed, f.nil);
        let simple_ty = match mode {
            Mode::Simple(s) => Some(s),
            Mode::Complex(c) => match &schema.complex[c as usize].content {
                Content::Simple(s) => Some(*s),
                Content::Elements(aut) => {
                    // A missing element reported among its children is settled.
                    if failed && self.missing_open.last().is_some_and(|s| s.depth == depth) {
                        self.missing_open.pop();
                    }
                    if !failed
                        && !nil
                        && !aut.accepts_end(&f.cm)
                        && let Some(missing) = aut.missing_at_end(schema, &f.cm)
                    {
                        let msg = format!(
                            "{} missing at the end of {}",
                            missing_names(schema, resolver, &missing, self.national),
                            self.elem_display(depth)
                        );
                        let index = self.report.diagnostics.len();
                        self.error_at(depth, Code::MissingElement, msg, None);
                        if let Some(first) = missing.declarations().next() {
                            self.point_at_missing(index, depth, first);
                        }
                    }
                    None
                }
                Content::Empty => None,
            },
            _ => None,
        };
        if let Some(s) = simple_ty.filter(|_| !failed) {
            self.check_value(depth, s, nil);
        }
        let node = self.frames[depth - 1].rule_node;
        if node < INSIDE
            && let Some(rules) = self.rules
        {
            self.rules_end(rules, node, depth);
        }
        let f = self.frames.pop().expect("depth > 0");
        self.counts.truncate(f.counts_start);
        self.text.clear();
    }
}
