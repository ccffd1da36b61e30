//! A small tree of one schema document, built with quick-xml. Schemas are small and read once,
//! so a tree is the simple choice here (messages are never read into a tree).

use crate::error::Error;
use crate::schema::wco_table::{DATATYPES_NS, Row, XsdOut};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::rc::Rc;

/// The XML Schema namespace.
pub(crate) const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// In-scope namespace bindings (prefix, URI); the empty prefix is the default namespace.
pub(crate) type Bindings = Rc<Vec<(String, String)>>;

/// An element of a schema document.
#[derive(Debug)]
pub(crate) struct Node {
    /// Namespace URI, shared by the nodes of a document that have it (as are local and
    /// attribute names).
    pub ns: Rc<str>,
    pub local: Rc<str>,
    /// Unprefixed attributes (XSD's own: name, type, ref, minOccurs, ...).
    pub attrs: Vec<(Rc<str>, String)>,
    /// Child elements; an `xs:annotation` keeps none (see `wco_id`).
    pub children: Vec<Rc<Node>>,
    /// For `xs:annotation`: the trimmed text of its first `WCOID` element. With `wco_name`, the
    /// parts of an annotation the compiler reads; annotation contents are checked but not kept
    /// as nodes.
    pub wco_id: Option<Box<str>>,
    /// For `xs:annotation`: the text of its first `WCOName` element, each run of whitespace one
    /// space (schemas wrap long names over lines), trimmed.
    pub wco_name: Option<Box<str>>,
    pub bindings: Bindings,
    pub line: u32,
}

impl Node {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.as_str())
    }

    /// Whether this is `xs:<local>`.
    pub fn is(&self, local: &str) -> bool {
        &*self.ns == XS && &*self.local == local
    }

    /// Child elements in the XSD namespace, skipping annotations.
    pub fn xs_children(&self) -> impl Iterator<Item = &Rc<Node>> {
        self.children.iter().filter(|c| &*c.ns == XS && &*c.local != "annotation")
    }

    /// Resolve a QName-valued attribute (`ds:Foo`) to (namespace URI, local name).
    pub fn resolve_qname(&self, qname: &str) -> Option<(String, String)> {
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", qname),
        };
        if prefix == "xml" {
            return Some(("http://www.w3.org/XML/1998/namespace".into(), local.into()));
        }
        let uri = self.bindings.iter().rev().find(|(p, _)| p == prefix).map(|(_, u)| u.clone());
        match uri {
            Some(u) => Some((u, local.into())),
            None if prefix.is_empty() => Some((String::new(), local.into())),
            None => None,
        }
    }
}

/// Strings that repeat across a document's nodes (namespace URIs, element names, attribute
/// names): each is allocated once and then shared. There are few, so a list is searched.
#[derive(Default)]
struct Shared(Vec<Rc<str>>);

impl Shared {
    /// The shared copy of `s`.
    fn get(&mut self, s: &str) -> Rc<str> {
        if let Some(found) = self.0.iter().find(|x| &***x == s) {
            return found.clone();
        }
        let new: Rc<str> = Rc::from(s);
        self.0.push(new.clone());
        new
    }
}

/// The open `xs:annotation`: elements below it are counted, not built.
#[derive(Default)]
struct Annotation {
    /// Open elements below the annotation.
    depth: u32,
    /// Depth of the `WCOID` or `WCOName` element whose text is being read, and which.
    reading: Option<(u32, Kept)>,
    wco_id: Option<String>,
    wco_name: Option<String>,
}

/// The annotation element whose text is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    Id,
    Name,
}

impl Annotation {
    /// A start tag below the annotation (`empty`: an empty-element tag).
    fn start(&mut self, local: &str, empty: bool) {
        if !empty {
            self.depth += 1;
        }
        if self.reading.is_some() {
            return;
        }
        let (field, kept) = match local {
            "WCOID" => (&mut self.wco_id, Kept::Id),
            "WCOName" => (&mut self.wco_name, Kept::Name),
            _ => return,
        };
        if field.is_none() {
            *field = Some(String::new());
            self.reading = (!empty).then_some((self.depth, kept));
        }
    }

    /// An end tag below the annotation; false for the annotation's own.
    fn end(&mut self) -> bool {
        if self.depth == 0 {
            return false;
        }
        if self.reading.is_some_and(|(d, _)| d == self.depth) {
            self.reading = None;
        }
        self.depth -= 1;
        true
    }

    /// Whether text read now is kept: the `WCOID` or `WCOName` element being read is the open
    /// element.
    fn keeps_text(&self) -> bool {
        self.reading.is_some_and(|(d, _)| d == self.depth)
    }

    /// Where text read now goes (see `keeps_text`).
    fn text(&mut self) -> Option<&mut String> {
        match self.reading {
            Some((d, Kept::Id)) if d == self.depth => self.wco_id.as_mut(),
            Some((d, Kept::Name)) if d == self.depth => self.wco_name.as_mut(),
            _ => None,
        }
    }
}

/// The message of a document without a root element.
pub(crate) const NO_ROOT: &str = "no root element";

/// Parse one schema document into its root node.
pub(crate) fn parse(file: &str, text: &str) -> Result<Rc<Node>, Error> {
    parse_with(file, text, true)
}

/// [`parse`], with `skim`: whether annotation contents are read by [`skim`] where it can (the
/// tests compare both ways).
fn parse_with(file: &str, text: &str, skim_annotations: bool) -> Result<Rc<Node>, Error> {
    let mut reader = NsReader::from_str(text);
    // Bytes of annotation content taken from the reader's input by `skim`, which quick-xml does
    // not count: its positions plus this are positions in `text`.
    let mut skipped = 0u64;
    let line_of =
        |pos: u64| 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..(pos as usize).min(text.len())]).count() as u32;
    let xml_err = |pos: u64, message: String| Error::SchemaXml { file: file.into(), line: line_of(pos), message };
    // Lines of start tags, counted incrementally (positions only grow).
    let (mut counted_to, mut counted_line) = (0usize, 1u32);
    let mut line_at = |pos: u64| {
        let pos = (pos as usize).min(text.len());
        counted_line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..pos]).count() as u32;
        counted_to = pos;
        counted_line
    };
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let mut bindings: Vec<Bindings> = vec![Rc::new(Vec::new())];
    let (mut uris, mut locals, mut keys) = (Shared::default(), Shared::default(), Shared::default());
    let mut annotation: Option<Annotation> = None;
    loop {
        // Whitespace that starts a text is skipped, not read as a text event (the indentation
        // is most of a schema's events), except in text that is kept. So an event starts where
        // reading started or after the whitespace skipped: `start()`.
        reader.config_mut().trim_text_start = !annotation.as_ref().is_some_and(Annotation::keeps_text);
        let from = reader.buffer_position() + skipped;
        let start = || from + text.as_bytes()[from as usize..].iter().take_while(|&&b| is_xml_space(b)).count() as u64;
        // Names are resolved where needed (below), not for every event: an end tag's is its
        // start tag's, already resolved.
        let ev = match reader.read_event() {
            Ok(x) => x,
            Err(e) => {
                let msg = e.to_string();
                return Err(xml_err(reader.error_position() + skipped, msg));
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                // Elements in an annotation keep no namespace, but a prefix must be declared
                // (an unprefixed name always resolves).
                let (local, prefix) = e.name().decompose();
                let ns = if annotation.is_some() && prefix.is_none() {
                    ""
                } else {
                    match reader.resolver().resolve_prefix(prefix, true) {
                        ResolveResult::Bound(n) => n.0,
                        ResolveResult::Unbound => "",
                        ResolveResult::Unknown(p) => {
                            return Err(xml_err(start(), format!("undeclared namespace prefix '{p}'")));
                        }
                    }
                };
                if let Some(a) = &mut annotation {
                    // Attributes are checked, not kept (most of these tags have none).
                    if !e.attributes_raw().is_empty() {
                        for attr in e.attributes() {
                            let attr = attr.map_err(|e| xml_err(start(), e.to_string()))?;
                            attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map_err(|e| xml_err(start(), e.to_string()))?;
                        }
                    }
                    a.start(local.into_inner(), empty);
                    continue;
                }
                let ns = uris.get(ns);
                let parent = bindings.last().cloned().unwrap_or_default();
                let mut own: Vec<(String, String)> = Vec::new();
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| xml_err(start(), e.to_string()))?;
                    let key = a.key.0;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| xml_err(start(), e.to_string()))?
                        .into_owned();
                    if key == "xmlns" {
                        own.push((String::new(), value));
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        own.push((p.to_string(), value));
                    } else if !key.as_bytes().contains(&b':') {
                        attrs.push((keys.get(key), value));
                    }
                }
                let scope = if own.is_empty() {
                    parent
                } else {
                    let mut v = (*parent).clone();
                    v.extend(own);
                    Rc::new(v)
                };
                let node = Node {
                    ns,
                    local: locals.get(local.into_inner()),
                    attrs,
                    children: Vec::new(),
                    wco_id: None,
                    wco_name: None,
                    bindings: scope.clone(),
                    line: line_at(start()),
                };
                if empty {
                    attach(&mut stack, &mut root, node);
                } else {
                    if node.is("annotation") {
                        let at = (reader.buffer_position() + skipped) as usize;
                        // The reader's input is the rest of `text` (a slice reader reads no further
                        // than the event it returns).
                        let here = reader.get_ref().as_ptr() == text.as_bytes()[at..].as_ptr();
                        match (skim_annotations && here).then(|| skim(text, at, &scope)).flatten() {
                            Some((end, read)) => {
                                // Only the content goes: quick-xml reads and checks the end tag.
                                let input = reader.get_mut();
                                *input = &input[end - at..];
                                skipped += (end - at) as u64;
                                annotation = Some(read);
                            }
                            None => annotation = Some(Annotation::default()),
                        }
                    }
                    bindings.push(scope);
                    stack.push(node);
                }
            }
            Event::End(_) => {
                if annotation.as_mut().is_some_and(Annotation::end) {
                    continue;
                }
                bindings.pop();
                if let Some(mut node) = stack.pop() {
                    if let Some(a) = annotation.take() {
                        node.wco_id = a.wco_id.map(|t| t.trim().into());
                        node.wco_name = a.wco_name.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ").into());
                    }
                    attach(&mut stack, &mut root, node);
                }
            }
            Event::Text(t) => {
                if let Some(out) = annotation.as_mut().and_then(Annotation::text) {
                    out.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(out) = annotation.as_mut().and_then(Annotation::text) {
                    out.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match crate::xml::predefined_entity(&r.xml10_content()) {
                        Some(c) => c,
                        None => return Err(xml_err(start(), format!("undefined entity &{};", r.xml10_content()))),
                    },
                };
                if let Some(out) = annotation.as_mut().and_then(Annotation::text) {
                    out.push(c);
                }
            }
            Event::DocType(_) => {
                return Err(xml_err(start(), "DOCTYPE is not allowed in schemas read by wcodm".into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.ok_or_else(|| Error::schema(file, NO_ROOT))
}

/// Read the content of an `xs:annotation` that starts at `text[at]` (after its start tag) as the
/// event loop in [`parse`] would, without quick-xml, when it is plain markup: elements with
/// ASCII names, each prefix bound in `scope` (not `xml` or `xmlns`), attributes written
/// `name="value"` (no namespace declarations, no duplicates, no `&` or `<` in values) and text
/// without references or `]]>`. Annotations are three quarters of a customs schema's bytes and
/// nearly all of them are this. Returns where the annotation's end tag starts (quick-xml reads
/// and checks it) and the kept texts; None for anything else (comments, CDATA, processing
/// instructions, references, other names or attribute forms, mismatched end tags, the end of
/// the input): the caller then reads the content event by event, which accepts or refuses it.
fn skim(text: &str, at: usize, scope: &[(String, String)]) -> Option<(usize, Annotation)> {
    let b = text.as_bytes();
    let mut read = Annotation::default();
    let mut open: Vec<&[u8]> = Vec::new();
    let mut keys: Vec<&[u8]> = Vec::new();
    let mut i = at;
    loop {
        // Text up to the next tag.
        let mut lt = i;
        loop {
            lt += memchr::memchr3(b'<', b'&', b']', &b[lt..])?;
            match b[lt] {
                b'<' => break,
                b']' if b[lt..].starts_with(b"]]>") => return None,
                b']' => lt += 1,
                _ => return None,
            }
        }
        if let Some(out) = read.text() {
            push_xml10_eols(out, &text[i..lt]);
        }
        if b.get(lt + 1) == Some(&b'/') {
            let Some(name) = open.pop() else {
                return Some((lt, read));
            };
            let mut j = lt + 2;
            if !b[j..].starts_with(name) {
                return None;
            }
            j += name.len();
            while b.get(j).is_some_and(|&c| is_xml_space(c)) {
                j += 1;
            }
            if b.get(j) != Some(&b'>') {
                return None;
            }
            read.end();
            i = j + 1;
            continue;
        }
        let (name_end, colon) = ascii_qname(b, lt + 1)?;
        let qname = &b[lt + 1..name_end];
        if let Some(c) = colon {
            let prefix = &text[lt + 1..c];
            let bound = scope.iter().rev().find(|(p, _)| p == prefix).is_some_and(|(_, uri)| !uri.is_empty());
            if prefix == "xml" || prefix == "xmlns" || !bound {
                return None;
            }
        }
        keys.clear();
        let mut j = name_end;
        let empty = loop {
            let spaced = j;
            while b.get(j).is_some_and(|&c| is_xml_space(c)) {
                j += 1;
            }
            match *b.get(j)? {
                b'>' => {
                    j += 1;
                    break false;
                }
                b'/' if b.get(j + 1) == Some(&b'>') => {
                    j += 2;
                    break true;
                }
                _ if j > spaced => {
                    let (key_end, _) = ascii_qname(b, j)?;
                    let key = &b[j..key_end];
                    if key.starts_with(b"xmlns") || keys.contains(&key) || b.get(key_end) != Some(&b'=') {
                        return None;
                    }
                    keys.push(key);
                    let quote = *b.get(key_end + 1).filter(|&&q| q == b'"' || q == b'\'')?;
                    let value = key_end + 2;
                    let value_end = value + memchr::memchr(quote, &b[value..])?;
                    if memchr::memchr2(b'<', b'&', &b[value..value_end]).is_some() {
                        return None;
                    }
                    j = value_end + 1;
                }
                _ => return None,
            }
        };
        read.start(&text[colon.map_or(lt + 1, |c| c + 1)..name_end], empty);
        if !empty {
            open.push(qname);
        }
        i = j;
    }
}

/// An ASCII name at `b[i]`, optionally with one prefix (`[A-Za-z_][A-Za-z0-9_.-]*`, twice with a
/// `:` between): the index after it and the colon's; None when there is no such name.
fn ascii_qname(b: &[u8], i: usize) -> Option<(usize, Option<usize>)> {
    let part = |mut k: usize| {
        if !b.get(k).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
            return None;
        }
        k += 1;
        while b.get(k).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')) {
            k += 1;
        }
        Some(k)
    };
    let end = part(i)?;
    if b.get(end) == Some(&b':') { Some((part(end + 1)?, Some(end))) } else { Some((end, None)) }
}

/// Append `s` with XML 1.0 line ends normalised (`\r\n` and `\r` are `\n`), as quick-xml's
/// `xml10_content` gives text.
fn push_xml10_eols(out: &mut String, s: &str) {
    if s.contains('\r') {
        out.push_str(&s.replace("\r\n", "\n").replace('\r', "\n"));
    } else {
        out.push_str(s);
    }
}

/// A schema document's tree made from the calls that write a built-in schema's text (see
/// [`Model::write_xsd`](crate::schema::wco_table::Model::write_xsd)): the tree [`parse`] reads
/// from that text (same nodes, names, namespace bindings and lines), without the text.
#[derive(Default)]
pub(crate) struct Built {
    stack: Vec<Node>,
    root: Option<Rc<Node>>,
    /// The document's namespace bindings (all declared on `xs:schema`).
    bindings: Bindings,
    uris: Shared,
    locals: Shared,
    keys: Shared,
    /// The line of the next tag: one tag (or annotation) a line.
    line: u32,
}

impl Built {
    /// The document's root, once its `xs:schema` is closed.
    pub fn root(self) -> Option<Rc<Node>> {
        self.root
    }

    /// The node of an `xs:<local>` tag on the next line.
    fn node(&mut self, local: &str, attrs: &[(&str, &str)]) -> Node {
        self.line += 1;
        Node {
            ns: self.uris.get(XS),
            local: self.locals.get(local),
            attrs: attrs.iter().map(|(k, v)| (self.keys.get(k), v.to_string())).collect(),
            children: Vec::new(),
            wco_id: None,
            wco_name: None,
            bindings: self.bindings.clone(),
            line: self.line - 1,
        }
    }
}

impl XsdOut for Built {
    fn schema(&mut self, ns: &str, _comment: &str) {
        // The XML declaration and two comments come first.
        self.line = 4;
        let declared = [("xs", XS), ("", ns), ("dt", DATATYPES_NS)];
        self.bindings = Rc::new(declared.iter().map(|(p, u)| (p.to_string(), u.to_string())).collect());
        let node = self.node("schema", &[("targetNamespace", ns), ("elementFormDefault", "qualified")]);
        self.stack.push(node);
    }

    fn open(&mut self, local: &str, attrs: &[(&str, &str)]) {
        let node = self.node(local, attrs);
        self.stack.push(node);
    }

    fn leaf(&mut self, local: &str, attrs: &[(&str, &str)]) {
        let node = self.node(local, attrs);
        attach(&mut self.stack, &mut self.root, node);
    }

    fn close(&mut self, _local: &str) {
        self.line += 1;
        if let Some(node) = self.stack.pop() {
            attach(&mut self.stack, &mut self.root, node);
        }
    }

    fn annotation(&mut self, r: &Row) {
        let mut node = self.node("annotation", &[]);
        node.wco_id = Some(r.wco_id.trim().into());
        node.wco_name = Some(r.name.split_whitespace().collect::<Vec<_>>().join(" ").into());
        attach(&mut self.stack, &mut self.root, node);
    }
}

/// Whitespace as quick-xml skips it (`trim_text_start`).
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn attach(stack: &mut [Node], root: &mut Option<Rc<Node>>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Rc::new(node)),
        None => *root = Some(Rc::new(node)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::wco_table::Model;

    fn annotation(body: &str) -> Result<Option<Box<str>>, Error> {
        let text = format!(
            r#"<xs:schema xmlns:xs="{XS}"><xs:element name="E"><xs:annotation>{body}</xs:annotation></xs:element></xs:schema>"#
        );
        let root = parse("t.xsd", &text)?;
        let a = &root.children[0].children[0];
        assert!(a.is("annotation") && a.children.is_empty());
        Ok(a.wco_id.clone())
    }

    #[test]
    fn annotation_keeps_first_wco_id_text_only() {
        let doc = "<xs:documentation><WCOName>N</WCOName><WCOID> 42A\n</WCOID><WCOID>X</WCOID></xs:documentation>";
        assert_eq!(annotation(doc).unwrap().as_deref(), Some("42A"));
        let nested = "<xs:documentation><WCOID>1<b>ignored</b>2&amp;<![CDATA[3]]>&#65;</WCOID></xs:documentation>";
        assert_eq!(annotation(nested).unwrap().as_deref(), Some("12&3A"));
        assert_eq!(annotation("<xs:appinfo><WCOID/><WCOID>9</WCOID></xs:appinfo>").unwrap().as_deref(), Some(""));
        assert_eq!(annotation("<xs:documentation>text</xs:documentation>").unwrap(), None);
    }

    #[test]
    fn annotation_keeps_first_wco_name_with_whitespace_collapsed() {
        let doc = "<xs:documentation><WCOID>159</WCOID><WCOName>Equipment\n\t\t identification  number </WCOName>\
                   <WCOName>second</WCOName></xs:documentation>";
        let text = format!(
            r#"<xs:schema xmlns:xs="{XS}"><xs:element name="E"><xs:annotation>{doc}</xs:annotation></xs:element></xs:schema>"#
        );
        let root = parse("t.xsd", &text).unwrap();
        let a = &root.children[0].children[0];
        assert_eq!(a.wco_id.as_deref(), Some("159"));
        assert_eq!(a.wco_name.as_deref(), Some("Equipment identification number"));
        // A WCOName inside the WCOID is the ID's text, not a name.
        let text = text.replace(doc, "<xs:documentation><WCOID>1<WCOName>x</WCOName>2</WCOID></xs:documentation>");
        let root = parse("t.xsd", &text).unwrap();
        let a = &root.children[0].children[0];
        assert_eq!((a.wco_id.as_deref(), a.wco_name.as_deref()), (Some("12"), None));
    }

    #[test]
    fn skipped_indentation_changes_no_line_and_no_kept_text() {
        let text = format!(
            "<xs:schema xmlns:xs=\"{XS}\">\n  <xs:element name=\"E\">\n\n    <xs:annotation><xs:documentation>\n\
             <WCOID>\n A &amp;\n B <b/> C </WCOID></xs:documentation></xs:annotation>\n  </xs:element>\n</xs:schema>"
        );
        let root = parse("t.xsd", &text).unwrap();
        let e = &root.children[0];
        assert_eq!((root.line, e.line, e.children[0].line), (1, 2, 4));
        assert_eq!(e.children[0].wco_id.as_deref(), Some("A &\n B  C"));
        for (bad, line) in [("\n\n  <p:x/>", 3), ("<xs:annotation>\n  <x/>\n  <p:x/></xs:annotation>", 3)] {
            let text = format!("<xs:schema xmlns:xs=\"{XS}\">{bad}</xs:schema>");
            assert!(matches!(parse("t.xsd", &text), Err(Error::SchemaXml { line: l, .. }) if l == line), "{bad}");
        }
    }

    /// A node and everything below it, as text, for comparing trees.
    fn dump(n: &Node, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(
            out,
            "<{{{}}}{} {:?} {:?} {:?} {:?} {:?}",
            n.ns, n.local, n.attrs, n.wco_id, n.wco_name, n.bindings, n.line
        );
        for c in &n.children {
            dump(c, out);
        }
        out.push('>');
    }

    /// The tree (or the error) `parse` gives is the one reading every annotation event by event
    /// gives; `skimmed`: whether [`skim`] took the first annotation.
    fn both_ways(text: &str, skimmed: bool) {
        let tree = |r: Result<Rc<Node>, Error>| {
            r.map(|root| {
                let mut s = String::new();
                dump(&root, &mut s);
                s
            })
            .map_err(|e| e.to_string())
        };
        assert_eq!(tree(parse_with("t.xsd", text, true)), tree(parse_with("t.xsd", text, false)), "{text}");
        if let Some(at) = text.find("<xs:annotation>") {
            let at = at + "<xs:annotation>".len();
            let scope = vec![("xs".to_string(), XS.to_string()), ("p".to_string(), "urn:p".to_string())];
            assert_eq!(skim(text, at, &scope).is_some(), skimmed, "{text}");
        }
    }

    #[test]
    fn skimmed_annotations_read_as_events_do() {
        let skimmed = [
            "<xs:documentation xml:lang=\"EN\">\n\t<WCOID>42A</WCOID>\n\t<WCOName>Declaration</WCOName>\n\
             <WCODescription>Any statement\n or action</WCODescription></xs:documentation>\n\
             <xs:documentation><WCOUsageDeclarationIM>X</WCOUsageDeclarationIM></xs:documentation>",
            "<xs:documentation><WCOID>1<b>x</b>2</WCOID><WCOID>3</WCOID><WCOName> a\n\t b </WCOName></xs:documentation>",
            "<xs:documentation><WCOID>\r\n 42A\r\n</WCOID><WCOName>A\rB\r\n C</WCOName></xs:documentation>",
            "<xs:appinfo><WCOID/><WCOID>9</WCOID><WCOName /></xs:appinfo>",
            "<WCOID><WCOName>x</WCOName>y</WCOID>",
            "text <p:x a='1' b=\"2\" c=\"'>\"/> tail ] ]] > <a.b-c_1/><p:a.b-c_1/>",
            "<x></x ><y></y\n>Équipement",
            "",
        ];
        let events = [
            "<!-- c --><WCOID>1</WCOID>",
            "<WCOID><![CDATA[1]]></WCOID>",
            "<?pi x?>",
            "<WCOID>&amp;</WCOID>",
            "a &#65; b",
            "<x>&nope;</x>",
            "<x a=\"&amp;\"/>",
            "<x a=\"<\"/>",
            "<x a = \"1\"/>",
            "<x a=\"1\"b=\"2\"/>",
            "<x a=\"1\" a=\"2\"/>",
            "<x a=1/>",
            "<x xmlns:q=\"urn:q\"><q:y/></x>",
            "<x xmlns=\"urn:d\"/>",
            "<q:x/>",
            "<xml:x/>",
            "<xmlns:x/>",
            "<x></y>",
            "<x></x",
            "<x/ >",
            "< x/>",
            "<1x/>",
            "<éx/>",
            "<x:/>",
            "a ]]> b",
            "<x>",
        ];
        let doc = |body: &str, after: &str| {
            format!(
                "<xs:schema xmlns:xs=\"{XS}\" xmlns:p=\"urn:p\">\n<xs:element name=\"E\">\n<xs:annotation>{body}\
                 </xs:annotation>\n{after}</xs:element>\n</xs:schema>"
            )
        };
        for (bodies, skimmed) in [(&skimmed[..], true), (&events[..], false)] {
            for body in bodies {
                for after in ["", "<xs:complexType>\n<xs:sequence/></xs:complexType>\n", "\n\n<q:bad/>", "</xs:bad>"] {
                    both_ways(&doc(body, after), skimmed);
                }
            }
        }
        // The annotation's own end tag is quick-xml's to check.
        both_ways(&doc("<x/>", "").replace("</xs:annotation>", "</xs:annotatio>"), true);
        both_ways(&doc("<x/>", "").replace("</xs:annotation>", ""), true);
    }

    /// The trees the built-in schemas are compiled from, built from their models, are the trees
    /// `parse` reads from the text they export: nodes, names, attributes, annotations, bindings
    /// and lines. Also for a model without the envelope whose names need escaping.
    #[test]
    fn built_trees_are_the_exported_text_read() {
        let mut models: Vec<Model> = crate::builtin::Version::ALL.iter().map(|v| v.model().unwrap()).collect();
        let odd = "path\twco_id\tname\tformat\tcard\trepr\tcodelist\n\
                   Declaration\t 42A \tA & <B> \"c\"  d\t\t1..1\tclass\t\n\
                   Declaration/Amount\t\tAmount\tn..16,3\t0..2\tamount\tISO & 4217\n";
        models.push(Model::parse("odd", odd).unwrap());
        for model in models {
            let texts = model.to_xsd();
            let built = model.write_xsd(Built::default);
            assert_eq!(texts.len(), built.len());
            for ((name, text), (built_name, doc)) in texts.iter().zip(built) {
                assert_eq!(name, &built_name);
                let (mut read, mut made) = (String::new(), String::new());
                dump(&parse(name, text).unwrap(), &mut read);
                dump(&doc.root().unwrap(), &mut made);
                assert!(read == made, "{name}:\n{read}\n{made}");
            }
        }
    }

    /// The schemas wcodm builds in and, when `../shared` is there, the UK CDS schemas read the
    /// same both ways.
    #[test]
    fn real_schemas_read_the_same_both_ways() {
        for v in crate::builtin::Version::ALL {
            for (name, text) in v.xsd().unwrap() {
                let (fast, slow) = (parse_with(&name, &text, true).unwrap(), parse_with(&name, &text, false).unwrap());
                let (mut a, mut b) = (String::new(), String::new());
                dump(&fast, &mut a);
                dump(&slow, &mut b);
                assert!(a == b, "{name}");
            }
        }
        let shared = std::env::var_os("WCODM_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
        let dir = shared.join("corpus/uk-dms-2.15/schemas/declaration");
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(dir.is_dir() || !ci, "{} not found: CI is set, so this fails instead of skipping", dir.display());
        let mut files = 0;
        for sub in ["", "WCO_DS", "UNECE"] {
            for entry in std::fs::read_dir(dir.join(sub)).into_iter().flatten() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "xsd") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let name = path.to_string_lossy();
                    let (fast, slow) =
                        (parse_with(&name, &text, true).unwrap(), parse_with(&name, &text, false).unwrap());
                    let (mut a, mut b) = (String::new(), String::new());
                    dump(&fast, &mut a);
                    dump(&slow, &mut b);
                    assert!(a == b, "{name}");
                    files += 1;
                }
            }
        }
        assert!(files == 10 || !dir.is_dir(), "{files} UK schema files");
    }

    #[test]
    fn annotation_contents_are_still_checked() {
        for bad in ["<p:x/>", "<x>&nope;</x>", r#"<x a="1" a="2"/>"#, "<x></y>"] {
            assert!(matches!(annotation(bad), Err(Error::SchemaXml { .. })), "{bad}");
        }
    }
}
