//! Structure: an element's start (its declaration found through the parent's content model,
//! its frame pushed) and its end (the content model complete, the value checked, the frame
//! popped). It does not read bytes, check attribute or simple values itself, or evaluate rules.

use super::rules::{INSIDE, NO_RULES};
use super::{At, Frame, Mode, Pass, join_expected};
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
        let schema = self.schema;
        // What the parent says about this child.
        let mut problem: Option<(Code, String)> = None;
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
                            "element {} has no global declaration in the rule set, so it cannot be the root",
                            schema.display_name_uri(uri, local)
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
                            format!(
                                "element {} is not allowed: the parent's content is a simple value",
                                schema.display_name_uri(uri, local)
                            ),
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
                                format!(
                                    "element {} is not allowed: the parent's content {what}",
                                    schema.display_name_uri(uri, local)
                                ),
                            ));
                        }
                    }
                    Content::Elements(aut) => {
                        if parent.failed || parent.nil {
                            decl = aut.declaration_for(schema, ns, local);
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
                                                    "element {} matches a strict wildcard but has no global declaration in the rule set",
                                                    schema.display_name_uri(uri, local)
                                                ),
                                            ));
                                        }
                                    }
                                }
                                Step::Reject => {
                                    let expected = aut.expected(schema, &parent.cm);
                                    parent.failed = true;
                                    decl = None;
                                    let exp = if expected.is_empty() {
                                        "no more child elements".to_string()
                                    } else {
                                        format!("expected {}", join_expected(&expected))
                                    };
                                    problem = Some((
                                        Code::UnexpectedElement,
                                        format!(
                                            "element {} is not expected here; {exp}",
                                            schema.display_name_uri(uri, local)
                                        ),
                                    ));
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
        let written = e.name().into_inner().len();
        let prefix = if self.locations && written > local.len() { self.prefix_number(e, local.len()) } else { 0 };
        self.frames.push(Frame {
            decl,
            name: if decl.is_none() { Some(local.into()) } else { None },
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
            prefix,
        });
        let depth = self.frames.len();
        if let Some((code, msg)) = problem {
            self.error_at(depth, code, msg, None);
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
        self.end();
        names.close(scope);
    }

    fn end(&mut self) {
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
                    if !failed && !nil && !aut.accepts_end(&f.cm) {
                        let expected = aut.expected(schema, &f.cm);
                        let msg = format!(
                            "element {} is incomplete: missing child element; expected {}",
                            self.elem_display(depth),
                            join_expected(&expected)
                        );
                        self.error_at(depth, Code::MissingElement, msg, None);
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
