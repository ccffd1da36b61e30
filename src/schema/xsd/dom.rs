//! A small tree of one schema document, built with quick-xml. Schemas are small and read once,
//! so a tree is the simple choice here (messages are never read into a tree).

use crate::error::Error;
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

/// Parse one schema document into its root node.
pub(crate) fn parse(file: &str, text: &str) -> Result<Rc<Node>, Error> {
    let mut reader = NsReader::from_str(text);
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
        let from = reader.buffer_position();
        let start = || from + text.as_bytes()[from as usize..].iter().take_while(|&&b| is_xml_space(b)).count() as u64;
        // Names are resolved where needed (below), not for every event: an end tag's is its
        // start tag's, already resolved.
        let ev = match reader.read_event() {
            Ok(x) => x,
            Err(e) => {
                let msg = e.to_string();
                return Err(xml_err(reader.error_position(), msg));
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
                        annotation = Some(Annotation::default());
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
    root.ok_or_else(|| Error::schema(file, "no root element"))
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

    #[test]
    fn annotation_contents_are_still_checked() {
        for bad in ["<p:x/>", "<x>&nope;</x>", r#"<x a="1" a="2"/>"#, "<x></y>"] {
            assert!(matches!(annotation(bad), Err(Error::SchemaXml { .. })), "{bad}");
        }
    }
}
