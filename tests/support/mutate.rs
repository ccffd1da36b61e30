//! Deterministic, seeded mutation of XML declarations for the differential test.
//!
//! Works on the text of a document, without a DOM: a light scan (quick-xml events plus
//! byte positions) finds the span of every element, of its start tag, content and end tag,
//! and of every attribute; a mutant is the original text with one span spliced. Mutants
//! stay well-formed except those of kind `malformed` (and `xml-prolog` mutants that declare
//! an encoding the bytes do not fit). The generator has its own PRNG (splitmix64), so a seed
//! gives the same mutants on every machine and Rust version.
#![allow(dead_code)]

use quick_xml::events::Event;
use quick_xml::reader::NsReader;

/// splitmix64: tiny, fast, good enough to pick mutation sites.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        if v.is_empty() { None } else { Some(&v[self.below(v.len())]) }
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// An attribute inside a start tag (absolute byte positions).
#[derive(Debug, Clone)]
pub struct Attr {
    /// Qualified name as written.
    pub name: String,
    /// Position of the whitespace before the name (removing `ws_start..end` drops the attribute).
    pub ws_start: usize,
    /// Start of the value, after the opening quote.
    pub value_start: usize,
    /// End of the value, before the closing quote.
    pub value_end: usize,
    /// After the closing quote.
    pub end: usize,
}

/// One element of a document (absolute byte positions).
#[derive(Debug, Clone)]
pub struct Elem {
    /// `<` of the start tag.
    pub start: usize,
    /// After the `>` of the start tag (or of `/>`).
    pub tag_end: usize,
    /// `<` of the end tag; equals `tag_end` for an empty-element tag.
    pub content_end: usize,
    /// After the `>` of the end tag.
    pub end: usize,
    /// Qualified name as written (`md:MetaData`, `ID`).
    pub qname: String,
    /// Index of the parent element.
    pub parent: Option<usize>,
    /// Indices of the child elements, in order.
    pub children: Vec<usize>,
    /// Written as `<x/>`.
    pub empty_tag: bool,
    /// Attributes, `xmlns` declarations included.
    pub attrs: Vec<Attr>,
}

impl Elem {
    /// Prefix of the qualified name, if any.
    pub fn prefix(&self) -> Option<&str> {
        self.qname.split_once(':').map(|(p, _)| p)
    }
    /// Local part of the qualified name.
    pub fn local(&self) -> &str {
        self.qname.rsplit(':').next().unwrap_or(&self.qname)
    }
}

fn is_ns_decl(name: &str) -> bool {
    name == "xmlns" || name.starts_with("xmlns:")
}

/// A scanned document.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The text.
    pub xml: &'a str,
    /// Its elements in document order; the root is element 0.
    pub els: Vec<Elem>,
}

/// Attributes of a start tag beginning at `base` (`tag` is its text, `<` to `>`).
fn scan_attrs(tag: &str, base: usize) -> Vec<Attr> {
    let b = tag.as_bytes();
    let mut i = 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let mut out = Vec::new();
    loop {
        let ws = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' || b[i] == b'/' {
            return out;
        }
        let ns = i;
        while i < b.len() && b[i] != b'=' && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = tag[ns..i].to_string();
        while i < b.len() && b[i] != b'"' && b[i] != b'\'' {
            i += 1;
        }
        if i >= b.len() {
            return out;
        }
        let q = b[i];
        let vs = i + 1;
        i = vs;
        while i < b.len() && b[i] != q {
            i += 1;
        }
        let ve = i;
        i += 1;
        out.push(Attr { name, ws_start: base + ws, value_start: base + vs, value_end: base + ve, end: base + i });
    }
}

/// Scans the elements of a document (stops at the first well-formedness error).
pub fn scan(xml: &str) -> Doc<'_> {
    // quick-xml skips a byte order mark and counts positions after it
    let bom = if xml.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut r = NsReader::from_str(&xml[bom..]);
    let mut els: Vec<Elem> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    loop {
        let pos = bom + r.buffer_position() as usize;
        let ev = r.read_event();
        let after = bom + r.buffer_position() as usize;
        match ev {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let empty_tag = xml.as_bytes()[..after].ends_with(b"/>");
                let i = els.len();
                let parent = stack.last().copied();
                if let Some(p) = parent {
                    els[p].children.push(i);
                }
                els.push(Elem {
                    start: pos,
                    tag_end: after,
                    content_end: after,
                    end: after,
                    qname: e.name().0.to_string(),
                    parent,
                    children: Vec::new(),
                    empty_tag,
                    attrs: scan_attrs(&xml[pos..after], pos),
                });
                if !empty_tag {
                    stack.push(i);
                }
            }
            Ok(Event::End(_)) => {
                if let Some(i) = stack.pop() {
                    els[i].content_end = pos;
                    els[i].end = after;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Doc { xml, els }
}

impl Doc<'_> {
    /// 1-based line of a byte position.
    pub fn line(&self, pos: usize) -> usize {
        1 + self.xml.as_bytes()[..pos].iter().filter(|&&c| c == b'\n').count()
    }

    /// The content of a leaf element whose content is plain text (no child, comment, CDATA or reference).
    pub fn text_value(&self, i: usize) -> Option<&str> {
        let e = &self.els[i];
        if !e.children.is_empty() || e.empty_tag {
            return None;
        }
        let v = &self.xml[e.tag_end..e.content_end];
        (!v.contains('<') && !v.contains('&')).then_some(v)
    }

    /// Leaves with a plain, non-blank text value.
    pub fn leaves(&self) -> Vec<usize> {
        (1..self.els.len()).filter(|&i| self.text_value(i).is_some_and(|v| !v.trim().is_empty())).collect()
    }

    /// Leaves whose value is a decimal number.
    pub fn numeric_leaves(&self) -> Vec<usize> {
        self.leaves().into_iter().filter(|&i| is_number(self.text_value(i).unwrap_or("").trim())).collect()
    }

    /// Elements with at least one child element.
    pub fn parents(&self) -> Vec<usize> {
        (0..self.els.len()).filter(|&i| !self.els[i].children.is_empty()).collect()
    }

    /// Siblings of element `i` (itself excluded).
    pub fn siblings(&self, i: usize) -> Vec<usize> {
        match self.els[i].parent {
            Some(p) => self.els[p].children.iter().copied().filter(|&j| j != i).collect(),
            None => Vec::new(),
        }
    }

    /// (element, attribute index) of every attribute that is not a namespace declaration.
    fn plain_attrs(&self) -> Vec<(usize, usize)> {
        (0..self.els.len())
            .flat_map(|i| (0..self.els[i].attrs.len()).map(move |k| (i, k)))
            .filter(|&(i, k)| !is_ns_decl(&self.els[i].attrs[k].name))
            .collect()
    }

    /// Replace `a..b` with `with`.
    pub fn splice(&self, a: usize, b: usize, with: &str) -> String {
        let mut s = String::with_capacity(self.xml.len() + with.len());
        s.push_str(&self.xml[..a]);
        s.push_str(with);
        s.push_str(&self.xml[b..]);
        s
    }

    /// Replace the content of leaf `i` (`&` and `<` escaped).
    fn set_value(&self, i: usize, v: &str) -> String {
        let e = &self.els[i];
        self.splice(e.tag_end, e.content_end, &v.replace('&', "&amp;").replace('<', "&lt;"))
    }

    /// Text of the document with element `i` renamed to `new` (start and end tag).
    fn renamed(&self, i: usize, new: &str) -> String {
        let e = &self.els[i];
        let start = format!("<{new}{}", &self.xml[e.start + 1 + e.qname.len()..e.tag_end]);
        if e.empty_tag {
            return self.splice(e.start, e.tag_end, &start);
        }
        let mut s = String::new();
        s.push_str(&self.xml[..e.start]);
        s.push_str(&start);
        s.push_str(&self.xml[e.tag_end..e.content_end]);
        s.push_str(&format!("</{new}{}", &self.xml[e.content_end + 2 + e.qname.len()..e.end]));
        s.push_str(&self.xml[e.end..]);
        s
    }

    /// Insert text just after the name in the start tag of `i` (leading space included by caller).
    fn add_to_tag(&self, i: usize, attr: &str) -> String {
        let at = self.els[i].start + 1 + self.els[i].qname.len();
        self.splice(at, at, attr)
    }

    /// Whether `prefix` is declared on element `i` or an ancestor.
    pub fn prefix_bound(&self, i: usize, prefix: &str) -> bool {
        let decl = format!("xmlns:{prefix}");
        let mut cur = Some(i);
        while let Some(j) = cur {
            if self.els[j].attrs.iter().any(|a| a.name == decl) {
                return true;
            }
            cur = self.els[j].parent;
        }
        false
    }

    /// Namespace URI bound to `prefix` (None: the default namespace) in scope at element `i`.
    pub fn resolve(&self, i: usize, prefix: Option<&str>) -> Option<String> {
        let decl = prefix.map_or("xmlns".to_string(), |p| format!("xmlns:{p}"));
        let mut cur = Some(i);
        while let Some(j) = cur {
            if let Some(a) = self.els[j].attrs.iter().find(|a| a.name == decl) {
                return Some(self.xml[a.value_start..a.value_end].to_string());
            }
            cur = self.els[j].parent;
        }
        None
    }

    fn describe(&self, i: usize) -> String {
        format!("<{}> line {}", self.els[i].qname, self.line(self.els[i].start))
    }
}

/// Lexically an xs:decimal with at least one digit before an optional fraction (as in the corpus).
pub fn is_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    !int.is_empty() && int.bytes().all(|c| c.is_ascii_digit()) && frac.bytes().all(|c| c.is_ascii_digit())
}

/// One mutant.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// Mutation kind (one of [`KINDS`]).
    pub kind: &'static str,
    /// What was changed, where.
    pub description: String,
    /// The mutated document.
    pub xml: String,
}

/// Mutation kinds with the number of mutants the test generates of each.
pub const KINDS: &[(&str, usize)] = &[
    ("delete-element", 140),
    ("duplicate-element", 120),
    ("duplicate-single", 120),
    ("swap-siblings", 140),
    ("rename-to-sibling", 120),
    ("rename-unknown", 100),
    ("wrong-namespace", 120),
    ("empty-value", 100),
    ("blank-value", 100),
    ("pad-value", 100),
    ("long-value", 140),
    ("letters-in-number", 100),
    ("fraction-digits", 120),
    ("total-digits", 100),
    ("number-lexical", 120),
    ("bad-code", 120),
    ("bad-datetime", 100),
    ("multibyte-value", 100),
    ("escaped-value", 100),
    ("drop-attribute", 100),
    ("drop-formatcode", 60),
    ("add-attribute", 120),
    ("bad-attribute-value", 120),
    ("text-in-element-content", 100),
    ("reprefix", 100),
    ("insert-element", 120),
    ("move-element", 100),
    ("insert-markup", 120),
    ("xml-prolog", 40),
    ("repeat-many", 60),
    ("xsi-type", 60),
    ("escaped-attribute", 80),
    ("child-in-leaf", 60),
    ("malformed", 40),
];

/// Elements that may be moved around: everything under the root.
fn inner(doc: &Doc) -> Vec<usize> {
    (1..doc.els.len()).collect()
}

/// One mutant of `kind` at a random site of `doc`, or None when the document offers no site.
pub fn mutate(doc: &Doc, kind: &'static str, rng: &mut Rng) -> Option<Mutant> {
    let xml = doc.xml;
    let els = &doc.els;
    let m = |description: String, text: String| Some(Mutant { kind, description, xml: text });
    let out = match kind {
        "delete-element" => {
            let i = *rng.pick(&inner(doc))?;
            m(format!("delete {}", doc.describe(i)), doc.splice(els[i].start, els[i].end, ""))
        }
        "duplicate-element" | "duplicate-single" => {
            // duplicate-element: an element that already has a twin (repeatable);
            // duplicate-single: the only one of its name among its siblings (most are maxOccurs 1).
            let cands: Vec<usize> = inner(doc)
                .into_iter()
                .filter(|&i| {
                    let twin = doc.siblings(i).iter().any(|&j| els[j].qname == els[i].qname);
                    (kind == "duplicate-single") != twin
                })
                .collect();
            let i = *rng.pick(&cands)?;
            let copy = &xml[els[i].start..els[i].end];
            m(format!("duplicate {}", doc.describe(i)), doc.splice(els[i].end, els[i].end, copy))
        }
        "swap-siblings" => {
            let pairs: Vec<(usize, usize)> = doc
                .parents()
                .into_iter()
                .flat_map(|p| els[p].children.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>())
                .filter(|&(a, b)| els[a].qname != els[b].qname)
                .collect();
            let &(a, b) = rng.pick(&pairs)?;
            let (ta, tb) = (&xml[els[a].start..els[a].end], &xml[els[b].start..els[b].end]);
            let mid = &xml[els[a].end..els[b].start];
            m(
                format!("swap {} and <{}>", doc.describe(a), els[b].qname),
                doc.splice(els[a].start, els[b].end, &format!("{tb}{mid}{ta}")),
            )
        }
        "rename-to-sibling" => {
            let cands: Vec<(usize, usize)> = inner(doc)
                .into_iter()
                .flat_map(|i| doc.siblings(i).into_iter().map(move |j| (i, j)))
                .filter(|&(i, j)| els[i].qname != els[j].qname)
                .collect();
            let &(i, j) = rng.pick(&cands)?;
            let new = els[j].qname.clone();
            m(format!("rename {} to <{new}>", doc.describe(i)), doc.renamed(i, &new))
        }
        "rename-unknown" => {
            let i = if rng.chance(5) { 0 } else { *rng.pick(&inner(doc))? };
            let new = match rng.below(3) {
                0 => format!("{}X", els[i].qname),
                1 => match els[i].prefix() {
                    Some(p) => format!("{p}:Unknown"),
                    None => "Unknown".to_string(),
                },
                _ => els[i].qname.to_lowercase(),
            };
            if new == els[i].qname {
                return None;
            }
            m(format!("rename {} to <{new}>", doc.describe(i)), doc.renamed(i, &new))
        }
        "wrong-namespace" => {
            let i = if rng.chance(5) { 0 } else { *rng.pick(&inner(doc))? };
            let (name, uri) = match (els[i].prefix(), rng.below(3)) {
                (Some(p), _) => (format!("xmlns:{p}"), "urn:example:wrong"),
                (None, 0) => ("xmlns".to_string(), ""),
                (None, 1) => ("xmlns".to_string(), "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"),
                (None, _) => ("xmlns".to_string(), "urn:example:wrong"),
            };
            let text = match els[i].attrs.iter().find(|a| a.name == name) {
                Some(a) => doc.splice(a.value_start, a.value_end, uri),
                None => doc.add_to_tag(i, &format!(" {name}=\"{uri}\"")),
            };
            m(format!("{name}={uri:?} on {}", doc.describe(i)), text)
        }
        "empty-value" => {
            let i = *rng.pick(&doc.leaves())?;
            if rng.chance(30) {
                let e = &els[i];
                let empty = format!("{}/>", xml[e.start..e.tag_end].trim_end_matches('>'));
                m(format!("empty-element tag for {}", doc.describe(i)), doc.splice(e.start, e.end, &empty))
            } else {
                m(format!("empty value of {}", doc.describe(i)), doc.set_value(i, ""))
            }
        }
        "blank-value" => {
            let i = *rng.pick(&doc.leaves())?;
            let v = *rng.pick(&[" ", "   ", "\t", "\n\t\t", " \r\n ", "\u{A0}", " \u{2003} ", "\u{3000}"])?;
            m(format!("whitespace-only value {v:?} in {}", doc.describe(i)), doc.set_value(i, v))
        }
        "pad-value" => {
            let i = *rng.pick(&doc.leaves())?;
            let v = doc.text_value(i)?.trim();
            let pad = *rng.pick(&[" ", "  ", "\n\t\t\t", "\t"])?;
            let new = match rng.below(3) {
                0 => format!("{pad}{v}"),
                1 => format!("{v}{pad}"),
                _ => format!("{pad}{v}{pad}"),
            };
            let new = if rng.chance(30) && v.contains(' ') { new.replacen(' ', "   ", 1) } else { new };
            m(format!("value {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "long-value" => {
            let i = *rng.pick(&doc.leaves())?;
            let v = doc.text_value(i)?.trim();
            let len = *rng.pick(&[v.chars().count() + 1, 2, 3, 4, 8, 9, 15, 18, 35, 36, 70, 71, 256, 512, 513, 600])?;
            if len <= v.chars().count() {
                return None;
            }
            let fill = if is_number(v) && !v.contains('.') {
                '7'
            } else if is_number(v) {
                return None;
            } else if rng.chance(30) {
                'é'
            } else if v.bytes().all(|c| c.is_ascii_alphabetic()) {
                'Q'
            } else {
                'x'
            };
            let mut new = v.to_string();
            while new.chars().count() < len {
                new.push(fill);
            }
            m(format!("value of {} made {len} characters long with {fill:?}", doc.describe(i)), doc.set_value(i, &new))
        }
        "letters-in-number" => {
            let i = *rng.pick(&doc.numeric_leaves())?;
            let v = doc.text_value(i)?.trim();
            let at = rng.below(v.len() + 1);
            let letter = *rng.pick(&["A", "x", "O", "l", "e"])?;
            let new = format!("{}{letter}{}", &v[..at], &v[at..]);
            m(format!("value {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "fraction-digits" => {
            let i = *rng.pick(&doc.numeric_leaves())?;
            let v = doc.text_value(i)?.trim();
            let int = v.split('.').next()?;
            let n = 1 + rng.below(8);
            let frac: String = if rng.chance(25) {
                format!("5{}", "0".repeat(n))
            } else {
                (0..n).map(|k| char::from(b'1' + ((k * 3 + n) % 9) as u8)).collect()
            };
            let new = format!("{int}.{frac}");
            m(format!("value {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "total-digits" => {
            let i = *rng.pick(&doc.numeric_leaves())?;
            let v = doc.text_value(i)?.trim();
            let n = *rng.pick(&[3, 5, 6, 8, 11, 12, 13, 16, 17, 18, 19])?;
            let mut int: String = v.split('.').next()?.trim_start_matches(['-', '+']).to_string();
            while int.len() < n {
                int.push('3');
            }
            let new = match rng.below(5) {
                0 | 1 => format!("{int}.5"),
                2 => format!("{}.{}", v.split('.').next()?, "0".repeat(n)),
                _ => int,
            };
            m(format!("value {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "number-lexical" => {
            let i = *rng.pick(&doc.numeric_leaves())?;
            let v = doc.text_value(i)?.trim();
            let int = v.split('.').next()?;
            let new = match rng.below(13) {
                0 => format!("+{v}"),
                1 => format!("-{v}"),
                2 => format!("0{v}"),
                3 => format!("{int}."),
                4 => format!(".{}", int.trim_start_matches('-')),
                5 => format!("{int}.000"),
                6 => format!("{int}e2"),
                7 => format!("{int},5"),
                8 => format!("000000000000000000{v}"),
                9 => format!("{v}.0"),
                10 => "-0".to_string(),
                11 => format!("+.{}", int.trim_start_matches('-')),
                _ => format!("{v}-"),
            };
            m(format!("value {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "bad-code" => {
            let codes: Vec<usize> = doc.leaves().into_iter().filter(|&i| els[i].local().ends_with("Code")).collect();
            let enums: Vec<usize> =
                codes.iter().copied().filter(|&i| matches!(els[i].local(), "FunctionCode" | "ContainerCode")).collect();
            let i = if !enums.is_empty() && rng.chance(50) { *rng.pick(&enums)? } else { *rng.pick(&codes)? };
            let v = doc.text_value(i)?.trim();
            let new: String = if v.bytes().all(|c| c.is_ascii_digit()) {
                let alts = ["0", "1", "2", "8", "10", "12", "15", "99", "00", "013"];
                alts.iter().map(|s| s.to_string()).filter(|s| s != v).nth(rng.below(9))?
            } else {
                v.chars()
                    .map(|c| match c {
                        'A'..='Z' => 'Q',
                        'a'..='z' => 'q',
                        '0'..='9' => '9',
                        c => c,
                    })
                    .collect()
            };
            if new == v {
                return None;
            }
            m(format!("code {v:?} -> {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "bad-datetime" => {
            let dts: Vec<usize> = doc.leaves().into_iter().filter(|&i| els[i].local() == "DateTimeString").collect();
            let i = *rng.pick(&dts)?;
            let v = doc.text_value(i)?.trim();
            let new = match rng.below(8) {
                0 => format!("19{}", v.get(2..)?),
                1 => format!("{v}Z"),
                2 => v.get(..v.len() - 1)?.to_string(),
                3 => format!("{}-{}-{}", v.get(..4)?, v.get(4..6)?, v.get(6..8)?),
                4 => format!("{}12:00:00", v.get(..8)?),
                5 => format!("{}120000+01", v.get(..8)?),
                6 => format!("{}120000Z", v.get(..8)?),
                _ => format!("{}120000+1", v.get(..8)?),
            };
            m(format!("date-time {v:?} -> {new:?} in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "multibyte-value" => {
            let lettered: Vec<usize> = doc
                .leaves()
                .into_iter()
                .filter(|&i| doc.text_value(i).is_some_and(|v| v.bytes().any(|c| c.is_ascii_alphabetic())))
                .collect();
            let i = *rng.pick(&lettered)?;
            let v = doc.text_value(i)?.trim();
            let repl = *rng.pick(&["é", "Ω", "€", "𝄞", "中"])?;
            let new: String = if rng.chance(50) {
                v.chars().map(|c| if c.is_ascii_alphabetic() { repl.to_string() } else { c.to_string() }).collect()
            } else {
                let k = v.find(|c: char| c.is_ascii_alphabetic())?;
                format!("{}{repl}{}", &v[..k], &v[k + 1..])
            };
            m(format!("value {new:?} (same length in characters) in {}", doc.describe(i)), doc.set_value(i, &new))
        }
        "escaped-value" => {
            let i = *rng.pick(&doc.leaves())?;
            let e = &els[i];
            let v = doc.text_value(i)?;
            let (how, new) = match rng.below(5) {
                0 => ("character references", v.chars().map(|c| format!("&#{};", c as u32)).collect::<String>()),
                1 => ("CDATA", format!("<![CDATA[{v}]]>")),
                2 => {
                    let k = v.char_indices().nth(v.chars().count() / 2).map(|x| x.0).unwrap_or(0);
                    ("comment inside", format!("{}<!-- c -->{}", &v[..k], &v[k..]))
                }
                3 => ("hex reference for the first character", {
                    let c = v.chars().next()?;
                    format!("&#x{:X};{}", c as u32, &v[c.len_utf8()..])
                }),
                _ => ("processing instruction after", format!("{v}<?pi x?>")),
            };
            m(format!("value {new:?} ({how}) in {}", doc.describe(i)), doc.splice(e.tag_end, e.content_end, &new))
        }
        "drop-attribute" | "drop-formatcode" => {
            let cands: Vec<(usize, usize)> = doc
                .plain_attrs()
                .into_iter()
                .filter(|&(i, k)| kind != "drop-formatcode" || els[i].attrs[k].name == "formatCode")
                .collect();
            let &(i, k) = rng.pick(&cands)?;
            let a = &els[i].attrs[k];
            m(format!("drop attribute {} of {}", a.name, doc.describe(i)), doc.splice(a.ws_start, a.end, ""))
        }
        "add-attribute" => {
            let i = *rng.pick(&inner(doc))?;
            let attr = match rng.below(9) {
                0 => " foo=\"1\"",
                1 => " x:flag=\"1\" xmlns:x=\"urn:example:x\"",
                2 => " currencyID=\"GBP\"",
                3 => " unitCode=\"KGM\"",
                4 => " xsi:nil=\"true\"",
                5 => " formatCode=\"102\"",
                6 => " languageID=\"en\"",
                7 => " xml:lang=\"en\"",
                _ => " xml:space=\"preserve\"",
            };
            if els[i].attrs.iter().any(|a| attr.starts_with(&format!(" {}=", a.name)))
                || (attr.contains("xsi:") && !doc.prefix_bound(i, "xsi"))
                || (attr.contains("x:flag") && doc.prefix_bound(i, "x"))
            {
                return None;
            }
            m(format!("add{attr} to {}", doc.describe(i)), doc.add_to_tag(i, attr))
        }
        "bad-attribute-value" => {
            let cands: Vec<(usize, usize)> =
                doc.plain_attrs().into_iter().filter(|&(i, k)| !els[i].attrs[k].name.starts_with("xsi:")).collect();
            let &(i, k) = rng.pick(&cands)?;
            let a = &els[i].attrs[k];
            let new = match a.name.as_str() {
                "currencyID" => *rng.pick(&["euro", "eu", "EURO", "gbp", "EU1", "", " GBP", "GB P"])?,
                "formatCode" => *rng.pick(&["103", "1O2", "", "102 ", " 304", "3040", "203"])?,
                "unitCode" => *rng.pick(&["", "KGMKGMKGM", "   ", "kg m"])?,
                "listAgencyID" => *rng.pick(&["", "9999", "abc"])?,
                _ => *rng.pick(&["", "   ", "x y", "é"])?,
            };
            let old = &xml[a.value_start..a.value_end];
            if new == old {
                return None;
            }
            m(
                format!("{}={new:?} (was {old:?}) on {}", a.name, doc.describe(i)),
                doc.splice(a.value_start, a.value_end, new),
            )
        }
        "escaped-attribute" => {
            let cands: Vec<(usize, usize)> =
                doc.plain_attrs().into_iter().filter(|&(i, k)| !els[i].attrs[k].name.starts_with("xsi:")).collect();
            let &(i, k) = rng.pick(&cands)?;
            let a = &els[i].attrs[k];
            let old = &xml[a.value_start..a.value_end];
            if old.contains('&') || old.is_empty() {
                return None;
            }
            let new = match rng.below(6) {
                0 => old.chars().map(|c| format!("&#{};", c as u32)).collect(),
                1 => format!("{old}&#9;"),
                2 => format!("{old}\t"),
                3 => format!("\n{old}"),
                4 => format!("{old}&#10;"),
                _ => format!("{old} "),
            };
            m(
                format!("{}={new:?} (was {old:?}) on {}", a.name, doc.describe(i)),
                doc.splice(a.value_start, a.value_end, &new),
            )
        }
        "text-in-element-content" => {
            let i = *rng.pick(&doc.parents())?;
            let e = &els[i];
            let kids = &e.children;
            let at = match rng.below(3) {
                0 => e.tag_end,
                1 => els[kids[rng.below(kids.len())]].end,
                _ => e.content_end,
            };
            let text = *rng.pick(&["stray text", "x", "&amp;", "&#65;", "<![CDATA[y]]>"])?;
            m(format!("text {text:?} inside {}", doc.describe(i)), doc.splice(at, at, text))
        }
        "reprefix" => {
            let i = *rng.pick(&inner(doc))?;
            let e = &els[i];
            let uri = doc.resolve(i, e.prefix())?;
            let local = e.local().to_string();
            let (new, decl, how) = match rng.below(4) {
                0 | 1 => (format!("q:{local}"), format!(" xmlns:q=\"{uri}\""), "same namespace, new prefix"),
                2 if e.children.is_empty() && e.prefix().is_some() => {
                    (local.clone(), format!(" xmlns=\"{uri}\""), "same namespace, default")
                }
                _ => {
                    // a prefix in scope that is bound to another namespace
                    let others: Vec<String> = (0..els.len())
                        .flat_map(|j| els[j].attrs.iter())
                        .filter_map(|a| a.name.strip_prefix("xmlns:").map(|p| (p, &xml[a.value_start..a.value_end])))
                        .filter(|&(p, u)| u != uri && p != "xsi" && doc.prefix_bound(i, p))
                        .map(|(p, _)| p.to_string())
                        .collect();
                    (format!("{}:{local}", rng.pick(&others)?), String::new(), "prefix of another namespace")
                }
            };
            if new == e.qname {
                return None;
            }
            let text = doc.renamed(i, &new);
            let at = e.start + 1 + new.len();
            let text = format!("{}{decl}{}", &text[..at], &text[at..]);
            m(format!("rename {} to <{new}{decl}> ({how})", doc.describe(i)), text)
        }
        "insert-element" => {
            let p = *rng.pick(&doc.parents())?;
            let kids = &els[p].children;
            let at = match rng.below(kids.len() + 1) {
                0 => els[kids[0]].start,
                k => els[kids[k - 1]].end,
            };
            let (what, text) = match rng.below(4) {
                0 => ("unknown element".to_string(), "<Unknown>1</Unknown>".to_string()),
                1 => ("foreign element".to_string(), "<x:Extra xmlns:x=\"urn:example:x\">1</x:Extra>".to_string()),
                2 => {
                    let j = *rng.pick(&inner(doc))?;
                    (format!("copy of {}", doc.describe(j)), xml[els[j].start..els[j].end].to_string())
                }
                _ => {
                    // a child of another element with the same name as the parent
                    let twins: Vec<usize> =
                        (0..els.len()).filter(|&j| j != p && els[j].qname == els[p].qname).collect();
                    let t = *rng.pick(&twins)?;
                    let c = *rng.pick(&els[t].children)?;
                    (
                        format!("copy of {} from a twin parent", doc.describe(c)),
                        xml[els[c].start..els[c].end].to_string(),
                    )
                }
            };
            m(format!("insert {what} into {}", doc.describe(p)), doc.splice(at, at, &text))
        }
        "move-element" => {
            let i = *rng.pick(&inner(doc))?;
            let ps: Vec<usize> = doc
                .parents()
                .into_iter()
                .filter(|&p| Some(p) != els[i].parent && !(els[i].start <= els[p].start && els[p].end <= els[i].end))
                .collect();
            let p = *rng.pick(&ps)?;
            let at = if rng.chance(50) { els[p].tag_end } else { els[p].content_end };
            let piece = &xml[els[i].start..els[i].end];
            let (a, b) = (els[i].start, els[i].end);
            let text = if at <= a {
                format!("{}{piece}{}{}", &xml[..at], &xml[at..a], &xml[b..])
            } else {
                format!("{}{}{piece}{}", &xml[..a], &xml[b..at], &xml[at..])
            };
            m(format!("move {} into <{}> line {}", doc.describe(i), els[p].qname, doc.line(els[p].start)), text)
        }
        "insert-markup" => {
            let p = *rng.pick(&doc.parents())?;
            let kids = &els[p].children;
            let at = match rng.below(kids.len() + 1) {
                0 => els[p].tag_end,
                k => els[kids[k - 1]].end,
            };
            let what = *rng.pick(&[
                "<!-- inserted -->",
                "<?pi data?>",
                "\n\t\t",
                "<![CDATA[ ]]>",
                "<![CDATA[]]>",
                "&#32;",
                "&#10;",
                "&#xA0;",
                "<![CDATA[x]]>",
            ])?;
            m(format!("insert {what:?} into {}", doc.describe(p)), doc.splice(at, at, what))
        }
        "xml-prolog" => {
            if xml.starts_with("<?xml") || xml.starts_with('\u{feff}') {
                return None;
            }
            let what = *rng.pick(&[
                "<?xml version=\"1.0\"?>\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
                "\u{feff}",
                "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<!-- leading comment -->\n",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n",
                "<?xml version=\"1.1\"?>\n",
                "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n",
                "\n\n",
            ])?;
            m(format!("prepend {what:?}"), format!("{what}{xml}"))
        }
        "repeat-many" => {
            let cands: Vec<usize> = inner(doc)
                .into_iter()
                .filter(|&i| doc.siblings(i).iter().any(|&j| els[j].qname == els[i].qname))
                .collect();
            let is_item = |i: usize| matches!(els[i].local(), "GovernmentAgencyGoodsItem" | "ConsignmentItem");
            let items: Vec<usize> = inner(doc).into_iter().filter(|&i| is_item(i)).collect();
            let i = if !items.is_empty() && rng.chance(15) { items[0] } else { *rng.pick(&cands)? };
            let same = 1 + doc.siblings(i).iter().filter(|&&j| els[j].qname == els[i].qname).count();
            let target =
                if is_item(i) && rng.chance(60) { *rng.pick(&[999, 1000])? } else { *rng.pick(&[9, 10, 99, 100])? };
            if target <= same {
                return None;
            }
            let copy = &xml[els[i].start..els[i].end];
            m(
                format!("{target} copies of {} ({same} before)", doc.describe(i)),
                doc.splice(els[i].end, els[i].end, &copy.repeat(target - same)),
            )
        }
        "xsi-type" => {
            let i = *rng.pick(&inner(doc))?;
            if !doc.prefix_bound(i, "xsi") || els[i].attrs.iter().any(|a| a.name.starts_with("xsi:")) {
                return None;
            }
            let t = *rng.pick(&[
                " xsi:type=\"xs:string\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"",
                " xsi:type=\"xs:anyType\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"",
                " xsi:type=\"u:CodeType\" xmlns:u=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:6\"",
                " xsi:type=\"Nope\"",
                " xsi:nil=\"false\"",
                " xsi:schemaLocation=\"urn:example:x nothing.xsd\"",
                " xsi:noNamespaceSchemaLocation=\"nothing.xsd\"",
            ])?;
            m(format!("add{t} to {}", doc.describe(i)), doc.add_to_tag(i, t))
        }
        "child-in-leaf" => {
            let i = *rng.pick(&doc.leaves())?;
            let e = &els[i];
            let v = doc.text_value(i)?;
            let child = match rng.below(3) {
                0 => format!("<{q}>{v}</{q}>", q = e.qname),
                1 => "<ID>1</ID>".to_string(),
                _ => "<x:Extra xmlns:x=\"urn:example:x\"/>".to_string(),
            };
            let new = if rng.chance(50) { child.clone() } else { format!("{v}{child}") };
            m(format!("content {new:?} in {}", doc.describe(i)), doc.splice(e.tag_end, e.content_end, &new))
        }
        "malformed" => {
            let i = *rng.pick(&inner(doc))?;
            let e = &els[i];
            match rng.below(4) {
                0 if !e.empty_tag => m(
                    format!("end tag of {} misspelled", doc.describe(i)),
                    doc.splice(e.content_end, e.end, &format!("</{}Z>", e.qname)),
                ),
                1 => m(format!("'<' before {}", doc.describe(i)), doc.splice(e.start, e.start, "a < b ")),
                2 => m(format!("drop everything after {}", doc.describe(i)), xml[..e.end].to_string()),
                _ => {
                    m(format!("duplicate attribute on {}", doc.describe(i)), doc.add_to_tag(i, " dup=\"1\" dup=\"2\""))
                }
            }
        }
        _ => None,
    };
    out.filter(|mu| mu.xml != xml)
}

/// A generated mutant with its identity.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Stable id, `<kind>-<nnn>`.
    pub id: String,
    /// The declaration it comes from (path relative to the corpus).
    pub source: String,
    /// The mutant.
    pub mutant: Mutant,
}

/// Mutants of `docs` (path, text): for each kind of [`KINDS`] its count, spread over the documents.
/// Each mutant has its own PRNG stream derived from the seed, its kind and its number, so adding
/// a kind does not change the others.
pub fn generate(docs: &[(String, String)], seed: u64) -> Vec<Generated> {
    let scanned: Vec<Doc> = docs.iter().map(|(_, x)| scan(x)).collect();
    let mut out = Vec::new();
    if docs.is_empty() {
        return out;
    }
    for (k, &(kind, count)) in KINDS.iter().enumerate() {
        let mut start = k * 41;
        for n in 0..count {
            let mut rng = Rng::new(seed ^ ((k as u64 + 1) << 40) ^ (n as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
            // Documents in a stride coprime with 308 so each kind visits many of them.
            for attempt in 0..docs.len() {
                let d = (start + n * 13 + attempt) % docs.len();
                if let Some(m) = mutate(&scanned[d], kind, &mut rng) {
                    out.push(Generated { id: format!("{kind}-{n:03}"), source: docs[d].0.clone(), mutant: m });
                    start += attempt;
                    break;
                }
            }
        }
    }
    out
}

/// Whether `xml` is well-formed as far as quick-xml checks (matching end tags, single root).
pub fn well_formed(xml: &str) -> bool {
    let mut r = NsReader::from_str(xml);
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => return depth == 0 && roots == 1,
            Err(_) => return false,
            _ => {}
        }
    }
}
