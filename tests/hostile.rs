//! Hostile input, one case per test: every message is untrusted, so each of these inputs must end
//! in an error diagnostic with the right code, bounded by wcodm's own limits (`wcodm::Limits`,
//! `wcodm::Options`), never by a test timeout, and never by a panic, a hang or unbounded memory.
//!
//! Large inputs (a million nested elements, a 100 MB text node, a million attributes, a 10 MB
//! name) are generated lazily by [`Lazy`], a `BufRead` that produces its bytes on demand in 64 KiB
//! chunks and counts how many were consumed, so the test itself never allocates them and can
//! prove that wcodm stopped reading early. A counting global allocator ([`meter`]) measures the
//! peak memory of one validation on its own thread, so memory bounds are asserted too.
//!
//! Multi-case tests collect every failing case before failing ([`Failures`]), so one run lists
//! all the inputs wcodm mishandles.

use std::io::{self, BufRead, Read, Write as _};
use std::panic::{AssertUnwindSafe, catch_unwind};

use wcodm::{Code, Options, Report, Validator};

// ---- measuring memory -------------------------------------------------------------------------

/// A global allocator that counts, per thread, the bytes currently allocated and their peak, so a
/// test can bound the memory one validation uses (tests run on parallel threads; each measures its
/// own). Sizes are what was requested, capacity included, whether or not the pages were touched.
mod meter {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static CURRENT: Cell<usize> = const { Cell::new(0) };
        static PEAK: Cell<usize> = const { Cell::new(0) };
    }

    fn add(n: usize) {
        let _ = CURRENT.try_with(|c| {
            let v = c.get() + n;
            c.set(v);
            let _ = PEAK.try_with(|p| p.set(p.get().max(v)));
        });
    }

    fn sub(n: usize) {
        let _ = CURRENT.try_with(|c| c.set(c.get().saturating_sub(n)));
    }

    pub struct Meter;

    #[allow(unsafe_code)]
    // SAFETY: every call is forwarded unchanged to the system allocator; only counters change.
    unsafe impl GlobalAlloc for Meter {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: same contract as ours.
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                add(layout.size());
            }
            p
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: same contract as ours.
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                add(layout.size());
            }
            p
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: same contract as ours.
            unsafe { System.dealloc(ptr, layout) };
            sub(layout.size());
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: same contract as ours.
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                sub(layout.size());
                add(new_size);
            }
            p
        }
    }

    /// Run `f` and return its result with the most bytes this thread held at once meanwhile,
    /// above what it held before.
    pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let base = CURRENT.with(Cell::get);
        PEAK.with(|p| p.set(base));
        let r = f();
        (r, PEAK.with(Cell::get) - base)
    }
}

#[global_allocator]
static METER: meter::Meter = meter::Meter;

const MIB: usize = 1 << 20;

// ---- the schema --------------------------------------------------------------------------------

/// A small rule set: a declaration with a text element (`Note`), an integer element (`Quantity`),
/// a recursive element (`Item` contains an optional `Item`, so deep nesting is schema-valid) and
/// an element whose type admits any attribute (`Open`).
const XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Declaration" type="DeclarationType"/>
  <xs:element name="Item" type="ItemType"/>
  <xs:element name="Note" type="xs:string"/>
  <xs:element name="Open" type="OpenType"/>
  <xs:complexType name="DeclarationType">
    <xs:sequence>
      <xs:element name="Note" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="Quantity" type="xs:integer" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element ref="Item" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="id" type="xs:token"/>
  </xs:complexType>
  <xs:complexType name="ItemType">
    <xs:sequence>
      <xs:element name="Item" type="ItemType" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="OpenType">
    <xs:anyAttribute processContents="lax"/>
  </xs:complexType>
</xs:schema>"#;

/// A small valid declaration: XML declaration, attribute, text with non-ASCII characters, an
/// entity and a character reference, an integer, nested recursive elements. It ends exactly at
/// its last `>`, so every proper prefix of it is truncated.
const VALID: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Declaration id=\"D-1\">\
<Note>Caf\u{e9} &amp; cr\u{e8}me &#x20AC; \u{1F4E6}</Note><Quantity>12</Quantity>\
<Item><Item/></Item></Declaration>";

fn validator() -> Validator {
    Validator::from_xsd_files("hostile.xsd", [("hostile.xsd".to_string(), XSD.to_string())])
        .expect("the test schema compiles")
}

fn compile(xsd: &str) -> Result<Validator, wcodm::Error> {
    Validator::from_xsd_files("s.xsd", [("s.xsd".to_string(), xsd.to_string())])
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

const LIMIT_CODES: [Code; 5] =
    [Code::LimitDepth, Code::LimitAttributes, Code::LimitName, Code::LimitToken, Code::LimitSize];

/// Longest diagnostic message accepted: messages quote values (wcodm shortens them to 80
/// characters) but must not echo whole tokens of a hostile input.
const MAX_MESSAGE: usize = 4096;

/// What is wrong with the report, if it does not reject the input with a first diagnostic whose
/// code is one of `allowed` (any code when `allowed` is empty).
fn rejection_problem(r: &Report, allowed: &[Code]) -> Option<String> {
    if r.is_valid() || r.error_count() == 0 {
        return Some(format!("reported valid: {r:?}"));
    }
    if let Some(d) = r.diagnostics.iter().find(|d| d.message.len() > MAX_MESSAGE) {
        return Some(format!(
            "a {} diagnostic has a {}-byte message (echoing the input?): {:?}...",
            d.code,
            d.message.len(),
            d.message.chars().take(120).collect::<String>()
        ));
    }
    let first = r.diagnostics[0].code;
    if !allowed.is_empty() && !allowed.contains(&first) {
        let allowed: Vec<&str> = allowed.iter().map(|c| c.as_str()).collect();
        return Some(format!("first diagnostic is {first}, expected one of {allowed:?}: {r:?}"));
    }
    None
}

/// The report rejects the input, and its first diagnostic has one of `allowed` codes.
#[track_caller]
fn assert_rejected(r: &Report, allowed: &[Code], what: &str) {
    if let Some(p) = rejection_problem(r, allowed) {
        panic!("{what}: {p}");
    }
}

/// Collects the failing cases of a multi-case test, so one run reports all of them.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn rejected(&mut self, r: &Report, allowed: &[Code], what: &str) {
        if let Some(p) = rejection_problem(r, allowed) {
            self.0.push(format!("{what}: {p}"));
        }
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    #[track_caller]
    fn finish(self) {
        assert!(self.0.is_empty(), "{} case(s) failed:\n  {}", self.0.len(), self.0.join("\n  "));
    }
}

/// Validate a message both in memory and through a reader: the two entry points must agree.
fn both(v: &Validator, xml: &[u8]) -> [(&'static str, Report); 2] {
    [("validate", v.validate(xml)), ("validate_reader", v.validate_reader(xml))]
}

// ---- a lazily generated input ------------------------------------------------------------------

/// One part of a generated input.
enum Seg {
    /// These bytes, this many times.
    Repeat(Vec<u8>, u64),
    /// `before{i}after` for i in 0..count (distinct attribute names, for instance).
    Numbered(&'static str, &'static str, u64),
}

fn lit(s: &str) -> Seg {
    Seg::Repeat(s.as_bytes().to_vec(), 1)
}

fn rep(s: &str, n: u64) -> Seg {
    Seg::Repeat(s.as_bytes().to_vec(), n)
}

const CHUNK: usize = 64 * 1024;

/// A `BufRead` producing its segments on demand, CHUNK bytes at a time. `served` counts the bytes
/// the consumer has consumed: it proves how far wcodm read before it stopped.
struct Lazy {
    segs: Vec<Seg>,
    seg: usize,
    unit: u64,
    chunk: Vec<u8>,
    pos: usize,
    served: u64,
}

impl Lazy {
    fn new(segs: Vec<Seg>) -> Self {
        Lazy { segs, seg: 0, unit: 0, chunk: Vec::with_capacity(CHUNK + 64), pos: 0, served: 0 }
    }

    /// Total length of the input it would produce if read to the end.
    fn total_len(&self) -> u64 {
        self.segs
            .iter()
            .map(|s| match s {
                Seg::Repeat(p, n) => p.len() as u64 * n,
                Seg::Numbered(a, b, n) => {
                    let digits: u64 = (0..*n).map(|i| i.to_string().len() as u64).sum();
                    (a.len() + b.len()) as u64 * n + digits
                }
            })
            .sum()
    }

    fn refill(&mut self) {
        self.chunk.clear();
        self.pos = 0;
        while self.chunk.len() < CHUNK {
            let Some(seg) = self.segs.get(self.seg) else { break };
            let count = match seg {
                Seg::Repeat(_, n) | Seg::Numbered(_, _, n) => *n,
            };
            if self.unit >= count {
                self.seg += 1;
                self.unit = 0;
                continue;
            }
            match seg {
                Seg::Repeat(p, _) => self.chunk.extend_from_slice(p),
                Seg::Numbered(a, b, _) => {
                    write!(self.chunk, "{a}{}{b}", self.unit).expect("writing to a Vec");
                }
            }
            self.unit += 1;
        }
    }
}

impl BufRead for Lazy {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.chunk.len() {
            self.refill();
        }
        Ok(&self.chunk[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.chunk.len() - self.pos);
        self.pos += amt;
        self.served += amt as u64;
    }
}

impl Read for Lazy {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// The default token limit (16 MiB).
const TOKEN_BYTES: u64 = 16 << 20;

/// Memory one validation may use when a token limit stops it: the token itself may be buffered
/// once (in a growing `Vec`, so up to twice its size in capacity) and copied once more.
const TOKEN_MEMORY: usize = 4 * TOKEN_BYTES as usize;

/// One validation of a lazily generated input: the report, how many bytes wcodm consumed of how
/// many the input has, and the peak memory the validation allocated.
struct Run {
    report: Report,
    served: u64,
    total: u64,
    peak: usize,
}

impl Run {
    fn describe(&self) -> String {
        let c = codes(&self.report);
        format!(
            "read {} of {} bytes, peak allocation {:.1} MiB, {} diagnostic(s) {:?}",
            self.served,
            self.total,
            self.peak as f64 / MIB as f64,
            c.len(),
            &c[..c.len().min(3)]
        )
    }

    /// wcodm stopped reading within `max_read` bytes and allocated at most `max_memory` bytes.
    #[track_caller]
    fn assert_bounded(&self, max_read: u64, max_memory: usize) {
        eprintln!("{}", self.describe());
        assert!(self.served <= max_read, "read too much: {}", self.describe());
        assert!(
            self.peak <= max_memory,
            "used more than {:.0} MiB: {}",
            max_memory as f64 / MIB as f64,
            self.describe()
        );
    }
}

fn run_lazy(v: &Validator, segs: Vec<Seg>) -> Run {
    let mut input = Lazy::new(segs);
    let total = input.total_len();
    let (report, peak) = meter::peak_during(|| v.validate_reader(&mut input));
    Run { report, served: input.served, total, peak }
}

/// A `BufRead` that hands out one byte per `fill_buf`, like a slow socket.
struct OneByte<'a>(&'a [u8]);

impl BufRead for OneByte<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        Ok(&self.0[..self.0.len().min(1)])
    }

    fn consume(&mut self, amt: usize) {
        self.0 = &self.0[amt.min(self.0.len())..];
    }
}

impl Read for OneByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.len().min(buf.len()).min(1);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// Fixed-seed xorshift64*: reproducible "random" bytes without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// ---- sanity: the fixtures -----------------------------------------------------------------------

#[test]
fn the_valid_fixture_is_valid_in_both_modes() {
    let v = validator();
    for (mode, r) in both(&v, VALID.as_bytes()) {
        assert!(r.is_valid(), "{mode}: {r:?}");
    }
    let mut lazy = Lazy::new(vec![lit(VALID)]);
    assert!(v.validate_reader(&mut lazy).is_valid());
}

// ---- entities and DOCTYPE ----------------------------------------------------------------------

fn billion_laughs() -> String {
    let mut s = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Note [\n  <!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        s.push_str(&format!("  <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    s.push_str("]>\n<Note>&lol9;</Note>");
    s
}

#[test]
fn billion_laughs_is_refused() {
    let v = validator();
    let doc = billion_laughs();
    for (mode, r) in both(&v, doc.as_bytes()) {
        assert_rejected(&r, &[Code::XmlDoctype], mode);
        assert_eq!(r.diagnostics.len(), 1, "{mode}: validation stops at the DOCTYPE: {r:?}");
        // Nothing was expanded: no diagnostic carries the entity's replacement text.
        assert!(!r.to_json().contains("lollol"), "{mode}: {r:?}");
        assert_eq!(r.diagnostics[0].line, 2, "{mode}: reported at the DOCTYPE");
    }
}

#[test]
fn huge_internal_dtd_subset_is_refused_within_the_token_limit() {
    // A DOCTYPE whose internal subset is 100 MB: wcodm must not buffer it all to refuse it.
    let v = validator();
    let run = run_lazy(
        &v,
        vec![
            lit("<!DOCTYPE Note [\n"),
            Seg::Numbered("<!ENTITY e", " \"0123456789012345678901234567890123456789\">\n", 2_000_000),
            lit("]>\n<Note>&e1;</Note>"),
        ],
    );
    assert_rejected(&run.report, &[Code::LimitToken, Code::XmlDoctype], "huge DTD");
    run.assert_bounded(TOKEN_BYTES + 2 * CHUNK as u64, TOKEN_MEMORY);
}

#[test]
fn external_entities_are_refused() {
    let v = validator();
    let cases: [&[u8]; 4] = [
        b"<!DOCTYPE Note SYSTEM \"file:///etc/passwd\"><Note>x</Note>",
        b"<!DOCTYPE Note PUBLIC \"-//X//Y\" \"http://127.0.0.1:1/evil.dtd\"><Note>x</Note>",
        b"<?xml version=\"1.0\"?>\n<!DOCTYPE Note [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<Note>&e;</Note>",
        b"<!DOCTYPE Note [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]><Note>&e;</Note>",
    ];
    let mut f = Failures::default();
    for xml in cases {
        for (mode, r) in both(&v, xml) {
            let what = format!("{mode} {}", String::from_utf8_lossy(xml));
            f.rejected(&r, &[Code::XmlDoctype], &what);
            f.check(r.diagnostics.len() == 1, || format!("{what}: more than one diagnostic: {r:?}"));
            f.check(!r.to_json().contains("root:"), || format!("{what}: file content leaked: {r:?}"));
        }
    }
    f.finish();
}

#[test]
fn undefined_entity_reference_is_a_syntax_error() {
    let v = validator();
    let cases: [&[u8]; 4] =
        [b"<Note>&foo;</Note>", b"<Note>a &e; b</Note>", b"<Declaration id=\"&foo;\"/>", b"<Note>&nbsp;</Note>"];
    let mut f = Failures::default();
    for xml in cases {
        for (mode, r) in both(&v, xml) {
            f.rejected(&r, &[Code::XmlSyntax], &format!("{mode} {}", String::from_utf8_lossy(xml)));
        }
    }
    f.finish();
}

// ---- size limits, generated lazily --------------------------------------------------------------

#[test]
fn million_nested_elements_hit_the_depth_limit() {
    let v = validator();
    assert_eq!(v.options().limits.max_depth, 256);
    let n = 1_000_000;
    let run = run_lazy(&v, vec![rep("<Item>", n), rep("</Item>", n)]);
    let r = &run.report;
    assert_rejected(r, &[Code::LimitDepth], "million nested elements");
    assert_eq!(r.diagnostics.len(), 1, "{r:?}");
    // Reported at the 257th start tag, after reading one chunk of a 13 MB input, with memory for
    // 256 open elements.
    assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (1, 256 * 6 + 1), "{r:?}");
    run.assert_bounded(CHUNK as u64, MIB);
}

#[test]
fn depth_limit_is_exact_256_valid_257_refused() {
    let v = validator();
    let doc = |n: usize| format!("{}{}", "<Item>".repeat(n), "</Item>".repeat(n));
    for (mode, r) in both(&v, doc(256).as_bytes()) {
        assert!(r.is_valid(), "{mode}: 256 levels are allowed: {r:?}");
    }
    for (mode, r) in both(&v, doc(257).as_bytes()) {
        assert_rejected(&r, &[Code::LimitDepth], mode);
    }
}

#[test]
fn hundred_megabyte_text_node_hits_the_token_limit() {
    let v = validator();
    assert_eq!(v.options().limits.max_token_bytes, TOKEN_BYTES);
    let run = run_lazy(&v, vec![lit("<Note>"), rep(&"x".repeat(4096), 25_600), lit("</Note>")]);
    assert!(run.total > 100 << 20);
    assert_rejected(&run.report, &[Code::LimitToken], "100 MB text");
    assert_eq!(run.report.diagnostics.len(), 1, "{:?}", run.report);
    run.assert_bounded(TOKEN_BYTES + 2 * CHUNK as u64, TOKEN_MEMORY);
}

#[test]
fn hundred_megabyte_text_of_newlines_hits_the_token_limit() {
    // Same as above with a text run made of line breaks, which wcodm counts for line numbers:
    // the memory bound must not depend on what the bytes are.
    let v = validator();
    let run = run_lazy(&v, vec![lit("<Note>"), rep(&"\n".repeat(4096), 25_600), lit("</Note>")]);
    assert_rejected(&run.report, &[Code::LimitToken], "100 MB of newlines");
    run.assert_bounded(TOKEN_BYTES + 2 * CHUNK as u64, TOKEN_MEMORY);
}

#[test]
fn hundred_megabyte_whitespace_in_element_content_hits_the_token_limit() {
    // Whitespace between child elements is not collected as a value, but is still one token.
    let v = validator();
    let run = run_lazy(&v, vec![lit("<Declaration>"), rep(&" \n".repeat(2048), 25_600), lit("</Declaration>")]);
    assert_rejected(&run.report, &[Code::LimitToken], "100 MB of whitespace");
    run.assert_bounded(TOKEN_BYTES + 2 * CHUNK as u64, TOKEN_MEMORY);
}

#[test]
fn text_outside_the_root_is_refused_without_reading_on() {
    // `/dev/zero`, `yes`, `/dev/urandom`, or words after the root element: text outside the
    // root element is an error at its first character that is not blank, so an endless stream
    // is refused there, with the message a short one gets, not after the token limit.
    let v = validator();
    let endless = 1 << 40;
    let cases = [
        ("NULs", vec![rep("\0", endless)], "character U+0000 is not allowed in XML", (1, 1)),
        ("`yes`", vec![rep("y\n", endless)], "text outside the root element", (1, 1)),
        ("blanks, then words", vec![lit(" \r\n\t"), rep("word ", endless)], "text outside the root element", (2, 2)),
        ("binary bytes", vec![lit("\n"), rep("\u{1}\u{2}", endless)], "character U+0001 is not allowed in XML", (2, 1)),
        (
            "words after the root",
            vec![lit("<Declaration/>\n  "), rep("y", endless)],
            "text outside the root element",
            (2, 3),
        ),
    ];
    let mut f = Failures::default();
    for (what, segs, message, at) in cases {
        let run = run_lazy(&v, segs);
        let first = run.report.diagnostics.first();
        f.check(
            first.is_some_and(|d| {
                d.code == Code::XmlSyntax
                    && d.message == format!("not well-formed: {message}")
                    && (d.line, d.column) == at
            }),
            || format!("{what}: expected xml-syntax {message:?} at {at:?}: {}", run.describe()),
        );
        f.check(run.served <= 2 * CHUNK as u64, || format!("{what}: read on: {}", run.describe()));
    }
    f.finish();
}

#[test]
fn oversized_text_in_memory_hits_the_token_limit() {
    // The in-memory entry point enforces the same limit on a text value (with a smaller limit,
    // so the test does not need a large buffer).
    let mut o = Options::default();
    o.limits.max_token_bytes = 64 * 1024;
    let v = validator().with_options(o);
    let doc = format!("<Note>{}</Note>", "x".repeat(1 << 20));
    for (mode, r) in both(&v, doc.as_bytes()) {
        assert_rejected(&r, &[Code::LimitToken], mode);
    }
}

#[test]
fn oversized_comment_attribute_and_tag_hit_the_token_limit() {
    // README: "one tag, text run, comment or CDATA section" larger than `max_token_bytes` is
    // `limit-token`. With a 64 KiB limit and 1 MiB tokens, in memory, through a `&[u8]` reader
    // (which hands its whole content to one `fill_buf`) and through an 8 KiB `BufReader`.
    let mut o = Options::default();
    o.limits.max_token_bytes = 64 * 1024;
    let v = validator().with_options(o);
    let big = "x".repeat(1 << 20);
    let cases = [
        ("text", format!("<Note>{big}</Note>")),
        ("CDATA section", format!("<Note><![CDATA[{big}]]></Note>")),
        ("comment after the root", format!("<Note>x</Note><!--{big}-->")),
        ("comment in element content", format!("<Declaration><!--{big}--></Declaration>")),
        ("whitespace in element content", format!("<Declaration>{}</Declaration>", " ".repeat(1 << 20))),
        ("attribute value", format!("<Open a=\"{big}\"/>")),
        ("processing instruction", format!("<?pi {big}?><Note>x</Note>")),
    ];
    let mut f = Failures::default();
    for (what, doc) in &cases {
        for (mode, r) in both(&v, doc.as_bytes()) {
            f.rejected(&r, &[Code::LimitToken], &format!("{mode}: {what}"));
        }
        let r = v.validate_reader(io::BufReader::with_capacity(8192, doc.as_bytes()));
        f.rejected(&r, &[Code::LimitToken], &format!("BufReader: {what}"));
    }
    f.finish();
}

#[test]
fn million_attributes_hit_a_limit() {
    // On an element whose type admits any attribute, so only the limit can stop it. The tag is
    // about 12 MB, under the 16 MiB token limit: the attribute limit (256) stops it.
    let v = validator();
    let run = run_lazy(&v, vec![lit("<Open"), Seg::Numbered(" a", "=\"1\"", 1_000_000), lit("/>")]);
    assert!(run.total < TOKEN_BYTES);
    assert_rejected(&run.report, &[Code::LimitAttributes], "million attributes on Open");
    assert_eq!(run.report.diagnostics.len(), 1, "{:?}", run.report);
    run.assert_bounded(run.total, TOKEN_MEMORY);
}

#[test]
fn million_undeclared_attributes_report_the_attribute_limit() {
    // On an element that declares none of them: each is an `unexpected-attribute` error, but the
    // limit breach must still be reported (it is what stopped validation) rather than be hidden
    // behind the error cap (100 by default, below the 256-attribute limit).
    let v = validator();
    let run = run_lazy(&v, vec![lit("<Declaration"), Seg::Numbered(" a", "=\"1\"", 1_000_000), lit("/>")]);
    let r = &run.report;
    assert!(!r.is_valid());
    run.assert_bounded(run.total, TOKEN_MEMORY);
    let c = codes(r);
    assert!(
        r.diagnostics.iter().any(|d| LIMIT_CODES.contains(&d.code)),
        "no limit diagnostic among {} diagnostics (truncated: {}): {:?}",
        c.len(),
        r.truncated,
        &c[..c.len().min(5)]
    );
}

#[test]
fn million_attributes_past_the_token_limit_hit_a_limit() {
    // Long attribute values push the tag past 16 MiB before the attribute limit can be checked.
    let v = validator();
    let value: &'static str = Box::leak(format!("=\"{}\"", "v".repeat(100)).into_boxed_str());
    let run = run_lazy(&v, vec![lit("<Open"), Seg::Numbered(" a", value, 1_000_000), lit("/>")]);
    assert_rejected(&run.report, &LIMIT_CODES, "million long attributes");
    assert_eq!(run.report.diagnostics[0].code, Code::LimitToken, "{:?}", run.report);
    run.assert_bounded(TOKEN_BYTES + 2 * CHUNK as u64, TOKEN_MEMORY);
}

#[test]
fn ten_megabyte_element_name_hits_a_limit() {
    let v = validator();
    let names = [Code::LimitName, Code::LimitToken];
    let mut f = Failures::default();
    let huge = || rep(&"n".repeat(1024), 10 * 1024);
    let cases = [
        ("empty tag", vec![lit("<"), huge(), lit("/>")], &names[..]),
        ("start tag", vec![lit("<"), huge(), lit(">x")], &names[..]),
        ("with an attribute", vec![lit("<"), huge(), lit(" a=\"1\">x")], &names[..]),
        ("nested in a valid element", vec![lit("<Declaration><"), huge(), lit("/></Declaration>")], &names[..]),
        ("attribute name", vec![lit("<Open "), huge(), lit("=\"1\"/>")], &names[..]),
        // Not a complete tag (the input ends inside it) or a closing tag that cannot match:
        // any error will do, as long as it comes within the limits.
        ("unterminated", vec![lit("<"), huge()], &[][..]),
        ("closing tag", vec![lit("<Note>x</"), huge(), lit(">")], &[][..]),
    ];
    for (what, segs, allowed) in cases {
        let run = run_lazy(&v, segs);
        f.rejected(&run.report, allowed, what);
        f.check(run.peak <= TOKEN_MEMORY, || format!("{what}: {}", run.describe()));
        eprintln!("10 MB name, {what}: {}", run.describe());
    }
    f.finish();
}

#[test]
fn two_kilobyte_names_hit_the_name_limit() {
    let v = validator();
    let name = "n".repeat(2048);
    let cases = [
        format!("<{name}/>"),
        format!("<{name}>x</{name}>"),
        format!("<Declaration><{name}/></Declaration>"),
        format!("<Open {name}=\"1\"/>"),
        format!("<Open xmlns:{name}=\"urn:x\"/>"),
        format!("<Declaration {name}=\"1\"/>"),
    ];
    let mut f = Failures::default();
    for doc in &cases {
        for (mode, r) in both(&v, doc.as_bytes()) {
            let what = format!("{mode} {}...", &doc[..doc.len().min(40)]);
            f.rejected(&r, &[Code::LimitName, Code::LimitToken], &what);
        }
    }
    // A name at the limit is fine (it is just not expected there).
    let ok = format!("<Declaration><{}/></Declaration>", "n".repeat(1024));
    for (mode, r) in both(&v, ok.as_bytes()) {
        f.rejected(&r, &[Code::UnexpectedElement], &format!("{mode}: 1 KiB name"));
    }
    f.finish();
}

// ---- encodings ------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_rejected() {
    let v = validator();
    let cases: [(&str, &[u8]); 12] = [
        ("lone continuation byte", b"<Note>a\x80b</Note>"),
        ("lone continuation byte, first byte", b"\x80<Note>x</Note>"),
        ("overlong '/'", b"<Note>\xC0\xAF</Note>"),
        ("overlong 3-byte", b"<Note>\xE0\x80\xAF</Note>"),
        ("encoded surrogate", b"<Note>\xED\xA0\x80</Note>"),
        ("beyond U+10FFFF", b"<Note>\xF4\x90\x80\x80</Note>"),
        ("0xFF", b"<Note>\xFF</Note>"),
        ("truncated at end after root", b"<Note>x</Note>\xE2\x82"),
        ("truncated inside text", b"<Note>\xE2\x82</Note>"),
        ("in an attribute value", b"<Declaration id=\"\xFF\"/>"),
        ("in an element name", b"<No\xFFte>x</No\xFFte>"),
        ("in a comment", b"<Note>x</Note><!--\xC3-->"),
    ];
    let mut f = Failures::default();
    for (what, xml) in cases {
        for (mode, r) in both(&v, xml) {
            f.rejected(&r, &[Code::XmlSyntax, Code::XmlEncoding], &format!("{mode}: {what}"));
        }
    }
    // In CDATA, too.
    for (mode, r) in both(&v, b"<Note><![CDATA[\xE2\x82]]></Note>") {
        f.rejected(&r, &[Code::XmlSyntax, Code::XmlEncoding], &format!("{mode}: CDATA"));
    }
    f.finish();
}

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for u in (if bom { "\u{FEFF}" } else { "" }).encode_utf16().chain(s.encode_utf16()) {
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

fn utf32(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for c in (if bom { "\u{FEFF}" } else { "" }).chars().chain(s.chars()) {
        let u = c as u32;
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn utf16_and_utf32_are_encoding_errors() {
    let v = validator();
    let doc = VALID;
    let mut cases = Vec::new();
    for (le, end) in [(true, "LE"), (false, "BE")] {
        for (bom, b) in [(true, "with BOM"), (false, "without BOM")] {
            cases.push((format!("UTF-16 {end} {b}"), utf16(doc, le, bom)));
            cases.push((format!("UTF-32 {end} {b}"), utf32(doc, le, bom)));
        }
    }
    let mut f = Failures::default();
    for (what, bytes) in &cases {
        for (mode, r) in both(&v, bytes) {
            f.rejected(&r, &[Code::XmlEncoding], &format!("{mode}: {what}"));
        }
    }
    f.finish();
}

/// Found by the second differential generator: a file declaring US-ASCII that holds UTF-8
/// bytes was read as UTF-8 and accepted; libxml2 refuses it. ASCII content still passes.
#[test]
fn declared_us_ascii_with_non_ascii_bytes_is_an_encoding_error() {
    let v = validator();
    let ascii = "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<Declaration id=\"D-1\">\
<Note>Caf&#xE9;</Note><Quantity>12</Quantity><Item><Item/></Item></Declaration>";
    for (mode, r) in both(&v, ascii.as_bytes()) {
        assert!(r.is_valid(), "{mode}: {r:?}");
    }
    let non_ascii = VALID.replacen("encoding=\"UTF-8\"", "encoding=\"US-ASCII\"", 1);
    let mut f = Failures::default();
    for (mode, r) in both(&v, non_ascii.as_bytes()) {
        f.rejected(&r, &[Code::XmlEncoding], &format!("{mode}: UTF-8 text under US-ASCII"));
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (2, 32), "{mode}: at the byte (the é of Café)");
    }
    // At the byte, not at the start of the markup that holds it: libxml2 reports line 4 here,
    // and so did the differential test's mutants of the UK corpus.
    let comment = "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<Declaration id=\"D-1\"><!-- one\n two\n  \u{a3} three -->\
<Note>x</Note><Quantity>12</Quantity><Item><Item/></Item></Declaration>";
    for (mode, r) in both(&v, comment.as_bytes()) {
        f.rejected(&r, &[Code::XmlEncoding], &format!("{mode}: £ in a comment under US-ASCII"));
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (4, 3), "{mode}: at the £");
    }
    let attribute = "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<Declaration\n id=\"D-\u{e9}\">\
<Note>x</Note><Quantity>12</Quantity><Item><Item/></Item></Declaration>";
    for (mode, r) in both(&v, attribute.as_bytes()) {
        f.rejected(&r, &[Code::XmlEncoding], &format!("{mode}: é in an attribute under US-ASCII"));
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (3, 8), "{mode}: at the é");
    }
    f.finish();
}

#[test]
fn utf8_bom_is_accepted() {
    let v = validator();
    let mut doc = b"\xEF\xBB\xBF".to_vec();
    doc.extend_from_slice(VALID.as_bytes());
    for (mode, r) in both(&v, &doc) {
        assert!(r.is_valid(), "{mode}: {r:?}");
    }
    // Still checked after the BOM.
    for (mode, r) in both(&v, b"\xEF\xBB\xBF<Quantity>x</Quantity>") {
        assert_rejected(&r, &[Code::UnknownRoot], mode);
    }
    for (mode, r) in both(&v, b"\xEF\xBB\xBF<Note>x</Note>") {
        assert!(r.is_valid(), "{mode}: {r:?}");
    }
}

#[test]
fn second_utf8_bom_is_not_skipped() {
    // Only the first U+FEFF is a byte order mark; a second one is a character before the root
    // element, which XML does not allow.
    let v = validator();
    let mut f = Failures::default();
    for (mode, r) in both(&v, b"\xEF\xBB\xBF\xEF\xBB\xBF<Note>x</Note>") {
        f.rejected(&r, &[Code::XmlSyntax], &format!("{mode}: two BOMs"));
    }
    for (mode, r) in both(&v, b"<Note>x</Note>\xEF\xBB\xBF") {
        f.rejected(&r, &[Code::XmlSyntax], &format!("{mode}: U+FEFF after the root"));
    }
    f.finish();
}

#[test]
fn declared_non_utf8_encoding_is_an_encoding_error() {
    let v = validator();
    for enc in ["ISO-8859-1", "iso-8859-1", "latin1", "windows-1252", "UTF-16", "Shift_JIS", "EBCDIC-US"] {
        let doc = format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n<Note>x</Note>");
        for (mode, r) in both(&v, doc.as_bytes()) {
            assert_rejected(&r, &[Code::XmlEncoding], &format!("{mode}: {enc}"));
            assert_eq!(r.diagnostics[0].line, 1, "{r:?}");
        }
    }
    for enc in ["UTF-8", "utf-8", "US-ASCII"] {
        let doc = format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n<Note>x</Note>");
        for (mode, r) in both(&v, doc.as_bytes()) {
            assert!(r.is_valid(), "{mode}: {enc}: {r:?}");
        }
    }
}

#[test]
fn reader_chunking_does_not_change_the_verdict() {
    // A reader that returns one byte per read (a slow socket) must give the same answers.
    let v = validator();
    let mut f = Failures::default();
    let r = v.validate_reader(OneByte(VALID.as_bytes()));
    f.check(r.is_valid(), || format!("valid declaration, one byte at a time: {r:?}"));
    let r = v.validate_reader(io::BufReader::with_capacity(1, VALID.as_bytes()));
    f.check(r.is_valid(), || format!("valid declaration, BufReader of capacity 1: {r:?}"));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(VALID.as_bytes());
    let r = v.validate_reader(OneByte(&bom));
    f.check(r.is_valid(), || format!("UTF-8 BOM, one byte at a time: {r:?}"));
    let r = v.validate_reader(io::BufReader::with_capacity(2, &bom[..]));
    f.check(r.is_valid(), || format!("UTF-8 BOM, BufReader of capacity 2: {r:?}"));
    for (what, bytes) in [
        ("UTF-16 LE with BOM", utf16(VALID, true, true)),
        ("UTF-16 BE without BOM", utf16(VALID, false, false)),
        ("UTF-32 LE with BOM", utf32(VALID, true, true)),
    ] {
        let r = v.validate_reader(OneByte(&bytes));
        f.rejected(&r, &[Code::XmlEncoding], &format!("{what}, one byte at a time"));
    }
    f.finish();
}

// ---- junk ---------------------------------------------------------------------------------

#[test]
fn nul_bytes_are_rejected() {
    let v = validator();
    let cases: [(&str, &[u8]); 8] = [
        ("NUL inside text", b"<Note>a\0b</Note>"),
        ("NUL as the whole text", b"<Note>\0</Note>"),
        ("NUL inside CDATA", b"<Note><![CDATA[a\0b]]></Note>"),
        ("NUL inside an attribute value", b"<Declaration id=\"a\0b\"/>"),
        ("NUL inside an element name", b"<Note\0>x</Note\0>"),
        ("NUL inside a tag", b"<Declaration \0 id=\"a\"/>"),
        ("NUL before the root", b"\0<Note>x</Note>"),
        ("NUL character reference", b"<Note>&#0;</Note>"),
    ];
    let mut f = Failures::default();
    for (what, xml) in cases {
        for (mode, r) in both(&v, xml) {
            f.rejected(&r, &[], &format!("{mode}: {what}"));
        }
    }
    f.finish();
}

#[test]
fn c0_control_characters_are_rejected() {
    // XML 1.0 allows only tab, line feed and carriage return below U+0020, literally or by
    // character reference.
    let v = validator();
    let cases: [(&str, &[u8]); 4] = [
        ("ESC inside text", b"<Note>a\x1Bb</Note>"),
        ("U+0001 inside an attribute value", b"<Declaration id=\"a\x01\"/>"),
        ("&#1; reference", b"<Note>&#1;</Note>"),
        ("&#xFFFE; reference", b"<Note>&#xFFFE;</Note>"),
    ];
    let mut f = Failures::default();
    for (what, xml) in cases {
        for (mode, r) in both(&v, xml) {
            f.rejected(&r, &[], &format!("{mode}: {what}"));
        }
    }
    f.finish();
}

#[test]
fn empty_and_whitespace_only_input_is_an_error() {
    let v = validator();
    let cases: [(&str, &[u8]); 6] = [
        ("empty", b""),
        ("whitespace", b" \n\t\r\n  "),
        ("BOM only", b"\xEF\xBB\xBF"),
        ("XML declaration only", b"<?xml version=\"1.0\"?>"),
        ("comment only", b"<!-- nothing -->"),
        ("a lone '<'", b"<"),
    ];
    let mut f = Failures::default();
    for (what, xml) in cases {
        for (mode, r) in both(&v, xml) {
            f.rejected(&r, &[Code::XmlSyntax, Code::Io], &format!("{mode}: {what}"));
        }
    }
    f.finish();
}

#[test]
fn random_binary_junk_is_an_error_never_a_panic() {
    let v = validator();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..200 {
        let len = rng.below(4097) as usize;
        let buf: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        for mode in ["validate", "validate_reader"] {
            let r = catch_unwind(AssertUnwindSafe(|| {
                if mode == "validate" { v.validate(&buf) } else { v.validate_reader(&buf[..]) }
            }));
            let r = r.unwrap_or_else(|_| panic!("{mode} panicked on junk buffer #{i} ({len} bytes): {buf:02x?}"));
            assert!(!r.is_valid(), "{mode}: junk buffer #{i} reported valid");
            assert!(r.error_count() >= 1, "{mode}: junk buffer #{i}");
        }
    }
}

#[test]
fn mutated_declarations_never_panic() {
    // Random byte edits of the valid declaration: some stay valid, none may panic.
    let v = validator();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let base = VALID.as_bytes();
    let alphabet = b"<>/=\"'&;#![]-?x \n\0\xC3\xA9\xFF";
    for i in 0..2000 {
        let mut doc = base.to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(doc.len() as u64 + 1) as usize;
            let b = alphabet[rng.below(alphabet.len() as u64) as usize];
            match rng.below(3) {
                0 if at < doc.len() => doc[at] = b,
                1 if at < doc.len() => {
                    doc.remove(at);
                }
                _ => doc.insert(at, b),
            }
        }
        for mode in ["validate", "validate_reader"] {
            let r = catch_unwind(AssertUnwindSafe(|| {
                if mode == "validate" { v.validate(&doc) } else { v.validate_reader(&doc[..]) }
            }));
            assert!(r.is_ok(), "{mode} panicked on mutation #{i}: {:?}", String::from_utf8_lossy(&doc));
        }
    }
}

#[test]
fn truncated_declaration_is_never_valid_at_any_offset() {
    let v = validator();
    let doc = VALID.as_bytes();
    for cut in 0..doc.len() {
        let prefix = &doc[..cut];
        for mode in ["validate", "validate_reader", "one byte at a time"] {
            let r = catch_unwind(AssertUnwindSafe(|| match mode {
                "validate" => v.validate(prefix),
                "validate_reader" => v.validate_reader(prefix),
                _ => v.validate_reader(OneByte(prefix)),
            }));
            let r = r.unwrap_or_else(|_| panic!("{mode} panicked on the prefix of {cut} bytes"));
            assert!(
                !r.is_valid(),
                "{mode}: prefix of {cut} bytes reported valid: {:?}",
                String::from_utf8_lossy(prefix)
            );
            assert!(r.error_count() >= 1, "{mode}: prefix of {cut} bytes");
        }
    }
}

// ---- recursive schemas ------------------------------------------------------------------------

const XS: &str = r#"xmlns:xs="http://www.w3.org/2001/XMLSchema""#;

#[track_caller]
fn assert_schema_refused(what: &str, body: &str) {
    let xsd = format!("<xs:schema {XS}>{body}</xs:schema>");
    let t = std::time::Instant::now();
    match compile(&xsd) {
        Ok(_) => panic!("{what}: the schema compiled"),
        Err(e) => eprintln!("{what}: refused in {:?}: {e}", t.elapsed()),
    }
}

#[test]
fn complex_type_extending_itself_is_refused() {
    assert_schema_refused(
        "complexContent extension of itself",
        r#"<xs:element name="r" type="T"/>
           <xs:complexType name="T"><xs:complexContent><xs:extension base="T">
             <xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
           </xs:extension></xs:complexContent></xs:complexType>"#,
    );
    assert_schema_refused(
        "complexContent restriction of itself",
        r#"<xs:complexType name="T"><xs:complexContent><xs:restriction base="T">
             <xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
           </xs:restriction></xs:complexContent></xs:complexType>"#,
    );
    assert_schema_refused(
        "simpleContent extension of itself",
        r#"<xs:complexType name="T"><xs:simpleContent><xs:extension base="T">
             <xs:attribute name="a" type="xs:string"/>
           </xs:extension></xs:simpleContent></xs:complexType>"#,
    );
}

#[test]
fn complex_types_extending_each_other_are_refused() {
    assert_schema_refused(
        "A extends B extends A",
        r#"<xs:element name="r" type="A"/>
           <xs:complexType name="A"><xs:complexContent><xs:extension base="B">
             <xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
           </xs:extension></xs:complexContent></xs:complexType>
           <xs:complexType name="B"><xs:complexContent><xs:extension base="A">
             <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
           </xs:extension></xs:complexContent></xs:complexType>"#,
    );
    assert_schema_refused(
        "A extends B extends C extends A (simpleContent)",
        r#"<xs:complexType name="A"><xs:simpleContent><xs:extension base="B"/></xs:simpleContent></xs:complexType>
           <xs:complexType name="B"><xs:simpleContent><xs:extension base="C"/></xs:simpleContent></xs:complexType>
           <xs:complexType name="C"><xs:simpleContent><xs:extension base="A"/></xs:simpleContent></xs:complexType>"#,
    );
}

#[test]
fn simple_type_restricting_itself_is_refused() {
    assert_schema_refused(
        "restriction of itself",
        r#"<xs:element name="r" type="S"/>
           <xs:simpleType name="S"><xs:restriction base="S"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>"#,
    );
    assert_schema_refused(
        "S restricts U restricts S",
        r#"<xs:simpleType name="S"><xs:restriction base="U"/></xs:simpleType>
           <xs:simpleType name="U"><xs:restriction base="S"/></xs:simpleType>"#,
    );
    assert_schema_refused("list of itself", r#"<xs:simpleType name="S"><xs:list itemType="S"/></xs:simpleType>"#);
    assert_schema_refused(
        "union with itself",
        r#"<xs:simpleType name="S"><xs:union memberTypes="xs:integer S"/></xs:simpleType>"#,
    );
    assert_schema_refused(
        "restriction of an anonymous restriction of itself",
        r#"<xs:simpleType name="S"><xs:restriction><xs:simpleType><xs:restriction base="S"/></xs:simpleType>
           </xs:restriction></xs:simpleType>"#,
    );
}

#[test]
fn group_referencing_itself_is_refused() {
    assert_schema_refused(
        "group g refers to g",
        r#"<xs:element name="r"><xs:complexType><xs:group ref="g"/></xs:complexType></xs:element>
           <xs:group name="g"><xs:sequence><xs:element name="a" type="xs:string"/><xs:group ref="g"/></xs:sequence></xs:group>"#,
    );
    assert_schema_refused(
        "group g refers to h refers to g",
        r#"<xs:complexType name="T"><xs:sequence><xs:group ref="g" minOccurs="0"/></xs:sequence></xs:complexType>
           <xs:group name="g"><xs:choice><xs:group ref="h"/></xs:choice></xs:group>
           <xs:group name="h"><xs:sequence><xs:group ref="g" minOccurs="0"/></xs:sequence></xs:group>"#,
    );
}

#[test]
fn attribute_group_referencing_itself_is_refused() {
    assert_schema_refused(
        "attributeGroup a refers to a",
        r#"<xs:element name="r"><xs:complexType><xs:attributeGroup ref="a"/></xs:complexType></xs:element>
           <xs:attributeGroup name="a"><xs:attribute name="x" type="xs:string"/><xs:attributeGroup ref="a"/></xs:attributeGroup>"#,
    );
    assert_schema_refused(
        "attributeGroup a refers to b refers to a",
        r#"<xs:complexType name="T"><xs:attributeGroup ref="a"/></xs:complexType>
           <xs:attributeGroup name="a"><xs:attributeGroup ref="b"/></xs:attributeGroup>
           <xs:attributeGroup name="b"><xs:attribute name="y" type="xs:string"/><xs:attributeGroup ref="a"/></xs:attributeGroup>"#,
    );
}

#[test]
fn exponentially_nested_groups_are_refused_quickly() {
    // Not circular, but `g{i}` is a sequence of two `g{i-1}`: a 2 KB schema whose content model
    // has 2^16 element particles. Compilation must stop at its own size cap (20,000 positions)
    // quickly instead of expanding and checking everything. The compile runs on its own thread
    // so that a slow compiler fails this test instead of holding up the suite.
    let n = 16;
    let mut body = String::from(
        r#"<xs:group name="g0"><xs:sequence><xs:element name="a" type="xs:string" minOccurs="0"/></xs:sequence></xs:group>"#,
    );
    for i in 1..=n {
        let p = i - 1;
        body.push_str(&format!(
            r#"<xs:group name="g{i}"><xs:sequence><xs:group ref="g{p}"/><xs:group ref="g{p}"/></xs:sequence></xs:group>"#
        ));
    }
    body.push_str(&format!(
        r#"<xs:element name="r"><xs:complexType><xs:group ref="g{n}"/></xs:complexType></xs:element>"#
    ));
    let xsd = format!("<xs:schema {XS}>{body}</xs:schema>");
    let (tx, rx) = std::sync::mpsc::channel();
    let t = std::time::Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(compile(&xsd).map(|_| ()).map_err(|e| e.to_string()));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(5)) {
        Ok(Ok(())) => panic!("the schema compiled"),
        Ok(Err(e)) => eprintln!("refused in {:?}: {e}", t.elapsed()),
        Err(_) => panic!("compiling a {n}-level doubling group chain did not finish within 5 s"),
    }
}

#[test]
fn element_containing_itself_compiles_and_validates_200_deep() {
    let cases = [
        (
            "named type containing itself",
            r#"<xs:element name="Part" type="PartType"/>
               <xs:complexType name="PartType"><xs:sequence>
                 <xs:element name="Part" type="PartType" minOccurs="0"/>
                 <xs:element name="Code" type="xs:integer" minOccurs="0"/>
               </xs:sequence></xs:complexType>"#,
        ),
        (
            "global element referring to itself",
            r#"<xs:element name="Part"><xs:complexType><xs:sequence>
                 <xs:element ref="Part" minOccurs="0"/>
                 <xs:element name="Code" type="xs:integer" minOccurs="0"/>
               </xs:sequence></xs:complexType></xs:element>"#,
        ),
    ];
    for (what, body) in cases {
        let v = compile(&format!("<xs:schema {XS}>{body}</xs:schema>"))
            .unwrap_or_else(|e| panic!("{what}: legal recursion refused: {e}"));
        let deep = |inner: &str| format!("{}{inner}{}", "<Part>".repeat(200), "</Part>".repeat(200));
        for (mode, r) in both(&v, deep("<Code>7</Code>").as_bytes()) {
            assert!(r.is_valid(), "{what}: {mode}: {r:?}");
        }
        // And it is still checked at depth 200.
        for (mode, r) in both(&v, deep("<Code>seven</Code>").as_bytes()) {
            assert_rejected(&r, &[Code::InvalidValue], &format!("{what}: {mode}"));
            // 201 steps: the first and last six shown, and the depth.
            let path = format!("{}/…{}/Code (201 levels)", "/Part".repeat(6), "/Part".repeat(5));
            assert_eq!(r.diagnostics[0].path, path, "{r:?}");
        }
    }
}

// ---- the error cap ----------------------------------------------------------------------------

#[test]
fn error_cap_truncates_at_max_errors() {
    let mut doc = String::from("<Declaration>");
    for i in 0..10_000 {
        doc.push_str(&format!("<Quantity>x{i}</Quantity>"));
    }
    doc.push_str("</Declaration>");
    let mut o = Options::default();
    o.max_errors = 50;
    let v = validator().with_options(o);
    for (mode, r) in both(&v, doc.as_bytes()) {
        assert_eq!(r.diagnostics.len(), 50, "{mode}");
        assert!(r.truncated, "{mode}");
        assert!(r.diagnostics.iter().all(|d| d.code == Code::InvalidValue), "{mode}: {:?}", codes(&r));
        assert_eq!(r.diagnostics[49].path, "/Declaration/Quantity[50]", "{mode}");
    }
    // The default cap is 100.
    let r = validator().validate(doc.as_bytes());
    assert_eq!((r.diagnostics.len(), r.truncated), (100, true));
    // Exactly max_errors problems: not truncated.
    let mut o = Options::default();
    o.max_errors = 10_000;
    let r = validator().with_options(o).validate(doc.as_bytes());
    assert_eq!((r.diagnostics.len(), r.truncated), (10_000, false));
}
