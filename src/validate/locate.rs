//! Locating and reporting: positions (offsets, lines and columns counted on demand), element
//! paths, WCO IDs and pointers, and the building of diagnostics under the error cap. It reads
//! the open frames but never changes what they say about the message.

use super::{At, Frame, Locator, NO_PREFIX_KEPT, Pass, push_index, shorten};
use crate::report::{Code, Diagnostic, Severity};
use crate::schema::{ElemId, ElementDecl};

/// A path deeper than this many steps shows its first and last [`PATH_ENDS`] steps, `/…`
/// between them, and its depth after it (`/a/a/a/a/a/a/…/a/a/a/a/a/a (256 levels)`): a
/// `limit-depth` path was 256 steps long.
const PATH_STEPS_SHOWN: usize = 32;
/// The steps shown at each end of an elided path.
const PATH_ENDS: usize = 6;

/// Whether step `i` of a path of `len` steps is left out; the first one left out writes `/…`.
fn elided(i: usize, len: usize, s: &mut String) -> bool {
    let out = len > PATH_STEPS_SHOWN && (PATH_ENDS..len - PATH_ENDS).contains(&i);
    if out && i == PATH_ENDS {
        s.push_str("/…");
    }
    out
}

/// After an elided path of `len` steps, its depth.
fn push_depth(s: &mut String, len: usize) {
    if len > PATH_STEPS_SHOWN {
        s.push_str(" (");
        s.push_str(itoa::Buffer::new().format(len));
        s.push_str(" levels)");
    }
}

impl<'s> Pass<'s> {
    pub(super) fn push(&mut self, d: Diagnostic) {
        // The first problem is always reported, whatever the cap, so a capped report is never
        // an empty (valid-looking) one.
        if self.report.diagnostics.len() >= self.opts.max_errors.max(1) {
            self.report.truncated = true;
            self.stop = true;
            return;
        }
        self.report.diagnostics.push(d);
    }

    /// A problem that stops validation. It is reported even when the error cap is reached, so
    /// a report always says why validation stopped.
    pub(super) fn fatal(&mut self, code: Code, message: impl Into<String>, at: At) {
        let (line, column) = self.locate(at);
        let mut d = Diagnostic::new(code, shorten(message.into()), line, column);
        if !self.frames.is_empty() {
            d.path = self.path(self.frames.len(), None);
            d.location = self.location_in(&self.frames, None);
        }
        if self.report.diagnostics.len() >= self.opts.max_errors {
            self.report.truncated = true;
        }
        self.report.diagnostics.push(d);
        self.stop = true;
    }

    /// A diagnostic about the element at `frames[depth - 1]` (or one of its attributes).
    pub(super) fn error_at(&mut self, depth: usize, code: Code, message: String, attr: Option<&str>) {
        let (line, column) = self.locate_frame(depth);
        let wco = self.wco(depth);
        let d = Diagnostic {
            code,
            rule: None,
            severity: Severity::Error,
            message,
            path: self.path(depth, attr),
            line,
            column,
            wco_id: wco.id,
            wco_pointer: wco.pointer,
            wco_names: wco.names,
            national_code: None,
            location: self.location_in(&self.frames[..depth], attr),
        };
        self.push(d);
    }

    /// Line and column of a position (counted now if the message is in memory).
    pub(super) fn locate(&mut self, at: At) -> (u32, u32) {
        match &mut self.locator {
            _ if at.line != 0 => (at.line, at.col),
            Locator::Slice { text, lines } => lines.position(text, at.offset as usize),
            Locator::Window { text, skip, lines } => match at.offset.checked_sub(lines.base()) {
                Some(i) => lines.position(&text[*skip..], i as usize),
                None => (0, 0), // before the window: not asked (open elements are located)
            },
        }
    }

    /// Line and column of the start tag of `frames[depth - 1]`, kept in the frame once counted:
    /// business rules often report several findings on one element, long after its start.
    pub(super) fn locate_frame(&mut self, depth: usize) -> (u32, u32) {
        let at = self.frames[depth - 1].at;
        let (line, col) = self.locate(at);
        if line != 0 {
            self.frames[depth - 1].at = At { line, col, ..at };
        }
        (line, col)
    }

    fn frame_name<'a>(&'a self, f: &'a Frame) -> &'a str {
        match (f.decl, &f.name) {
            (_, Some(n)) => n,
            (Some(d), None) => &self.schema.elements[d as usize].name,
            (None, None) => "?",
        }
    }

    fn path(&self, depth: usize, attr: Option<&str>) -> String {
        self.path_in(&self.frames[..depth], attr)
    }

    /// The path of the last of `frames` (and of its attribute `attr`).
    pub(super) fn path_in(&self, frames: &[Frame], attr: Option<&str>) -> String {
        let names: usize = frames.iter().map(|f| self.frame_name(f).len()).sum();
        let mut s = String::with_capacity(names + 6 * frames.len() + attr.map_or(0, |a| a.len() + 2));
        for (i, f) in frames.iter().enumerate() {
            if elided(i, frames.len(), &mut s) {
                continue;
            }
            s.push('/');
            s.push_str(self.frame_name(f));
            let repeatable = f.decl.is_some_and(|d| self.schema.elements[d as usize].repeatable);
            if repeatable || f.index > 1 {
                push_index(&mut s, f.index);
            }
        }
        if let Some(a) = attr {
            s.push_str("/@");
            s.push_str(a);
        }
        push_depth(&mut s, frames.len());
        s
    }

    /// The location of the last of `frames` (and of its attribute `attr`) when locations are
    /// asked for: every step indexed, every name with the prefix it is written with
    /// (`/ie:CC315A[1]/GOOITEGDS[2]/@a`).
    pub(super) fn location_in(&self, frames: &[Frame], attr: Option<&str>) -> Option<String> {
        if !self.locations || frames.is_empty() {
            return None;
        }
        let mut s = String::with_capacity(frames.iter().map(|f| self.frame_name(f).len() + 8).sum());
        for (i, f) in frames.iter().enumerate() {
            if elided(i, frames.len(), &mut s) {
                continue;
            }
            s.push('/');
            if let Some(p) = f.prefix.checked_sub(1).and_then(|k| self.prefixes.get(k as usize)) {
                s.push_str(p);
                s.push(':');
            }
            s.push_str(self.frame_name(f));
            push_index(&mut s, f.index);
        }
        if let Some(a) = attr {
            s.push_str("/@");
            s.push_str(a);
        }
        push_depth(&mut s, frames.len());
        Some(s)
    }

    /// The number of the prefix of start tag `e` (whose local name is `local_len` bytes long)
    /// for `Frame::prefix`; the distinct prefixes of a message are kept once each.
    pub(super) fn prefix_number(&mut self, e: &quick_xml::events::BytesStart<'_>, local_len: usize) -> u16 {
        let name = e.name().into_inner();
        let Some(prefix) = name.get(..name.len() - local_len - 1) else {
            return 0;
        };
        match self.prefixes.iter().position(|p| **p == *prefix) {
            Some(k) => k as u16 + 1,
            None if self.prefixes.len() < usize::from(NO_PREFIX_KEPT - 1) => {
                self.prefixes.push(prefix.into());
                self.prefixes.len() as u16
            }
            None => NO_PREFIX_KEPT,
        }
    }

    /// The WCO ID of the innermost annotated element, the CDS-style pointer and its names.
    pub(super) fn wco(&self, depth: usize) -> Wco {
        self.wco_in(&self.frames[..depth])
    }

    /// [`Pass::wco`] of the last of `frames`.
    pub(super) fn wco_in(&self, frames: &[Frame]) -> Wco {
        let (mut pointer, tag) = self.wco_classes(frames);
        if let Some(t) = tag {
            pointer.tag(&self.schema.elements[t as usize]);
        }
        pointer
    }

    /// The pointer through the classes of `frames`, and the data element after them (the
    /// innermost annotated element, when it is not a class).
    fn wco_classes(&self, frames: &[Frame]) -> (Wco, Option<ElemId>) {
        let mut w = Wco::default();
        let mut tag = None;
        for f in frames {
            let Some(decl) = f.decl else { continue };
            let d = &self.schema.elements[decl as usize];
            let Some(id) = d.wco_id.as_deref() else { continue };
            if d.wco_class {
                let indexed = d.repeatable || self.schema.indexed_classes.iter().any(|c| **c == *id);
                w.class(d, indexed.then_some(f.index));
                tag = None;
            } else {
                tag = Some(decl);
            }
        }
        (w, tag)
    }

    /// Point the diagnostic at `index` at the missing child `decl` of the element at
    /// `frames[depth - 1]`: the child's WCO ID, and the element's pointer extended by it
    /// (`42A#D026`), as CDS points at a missing data element.
    pub(super) fn point_at_missing(&mut self, index: usize, depth: usize, decl: ElemId) {
        let d = &self.schema.elements[decl as usize];
        if d.wco_id.is_none() {
            return;
        }
        let (mut w, _) = self.wco_classes(&self.frames[..depth]);
        if d.wco_class {
            w.class(d, None);
        } else {
            w.tag(d);
        }
        if let Some(diag) = self.report.diagnostics.get_mut(index) {
            diag.wco_id = w.id;
            diag.wco_pointer = w.pointer;
            diag.wco_names = w.names;
        }
    }

    pub(super) fn show(&self, value: &str) -> String {
        if self.opts.mask_values {
            return "(value masked)".into();
        }
        let mut v: String = value.chars().take(80).collect();
        if v.len() < value.len() {
            v.push_str("...");
        }
        format!("'{v}'")
    }

    /// The element at `frames[depth - 1]` named as its start tag writes it (`ds:DateTimeString`).
    pub(super) fn elem_display(&self, depth: usize) -> String {
        let f = &self.frames[depth - 1];
        match self.prefixes.get((f.prefix as usize).wrapping_sub(1)) {
            Some(p) => format!("{p}:{}", self.frame_name(f)),
            None => self.frame_name(f).to_string(),
        }
    }
}

/// A diagnostic's WCO reference, built element by element: the innermost ID, the CDS-style
/// pointer (`42A/67A[1]/68A[2]#126`) and the same pointer in the WCO names the schema gives
/// (`Declaration / GoodsShipment / GovernmentAgencyGoodsItem[2] / Gross mass`; an ID where it
/// gives none).
#[derive(Debug, Default)]
pub(super) struct Wco {
    pub id: Option<String>,
    pub pointer: Option<String>,
    pub names: Option<String>,
}

impl Wco {
    /// The pointer and its names, made with room for a few steps at the first (a pointer is
    /// built step by step, for every diagnostic).
    fn strings(&mut self) -> (&mut String, &mut String) {
        (
            self.pointer.get_or_insert_with(|| String::with_capacity(32)),
            self.names.get_or_insert_with(|| String::with_capacity(96)),
        )
    }

    /// The innermost ID so far (each step replaces the last one's, in the same buffer).
    fn set_id(&mut self, id: &str) {
        let s = self.id.get_or_insert_with(String::new);
        s.clear();
        s.push_str(id);
    }

    /// A class of the pointer, with its index when the pointer shows one.
    fn class(&mut self, d: &ElementDecl, index: Option<u32>) {
        let (pointer, names) = self.strings();
        if !pointer.is_empty() {
            pointer.push('/');
            names.push_str(" / ");
        }
        let id = d.wco_id.as_deref().unwrap_or("?");
        pointer.push_str(id);
        names.push_str(d.wco_name.as_deref().unwrap_or(id));
        if let Some(i) = index {
            push_index(pointer, i);
            push_index(names, i);
        }
        self.set_id(id);
    }

    /// The data element that ends the pointer (`#126`).
    fn tag(&mut self, d: &ElementDecl) {
        let (pointer, names) = self.strings();
        let id = d.wco_id.as_deref().unwrap_or("?");
        pointer.push('#');
        pointer.push_str(id);
        if !names.is_empty() {
            names.push_str(" / ");
        }
        names.push_str(d.wco_name.as_deref().unwrap_or(id));
        self.set_id(id);
    }
}
