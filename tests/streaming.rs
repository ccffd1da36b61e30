//! The two ways of reading a message (in memory, zero-copy; streamed through a reader in
//! windows, bounded memory) must give identical reports: same codes, lines, columns, paths and
//! messages. Checked with windows of 1 to 64 bytes, which cut every kind of token somewhere,
//! on every instance of the XSD conformance cases, the examples, tricky markup and seeded
//! mutations of it, and, when `../shared` is present, on the UK corpus.

mod common;

use std::io::BufReader;
use std::path::{Path, PathBuf};
use wcodm::{Report, Validator};

fn same(v: &Validator, name: &str, xml: &[u8]) -> Vec<String> {
    let a = v.validate(xml);
    let mut problems = Vec::new();
    let mut differs = |how: String, b: Report| {
        if a != b {
            problems
                .push(format!("{name} ({how}):\n  in memory: {:?}\n  streamed:  {:?}", a.diagnostics, b.diagnostics));
        }
    };
    // The reader's chunks do not matter (windows are filled whatever they are); the windows'
    // sizes decide where tokens are cut.
    for cap in [1usize, 4096] {
        differs(format!("chunk {cap}"), v.validate_reader(BufReader::with_capacity(cap, xml)));
    }
    for (first, most) in [(1, 1), (1, 5), (3, 7), (16, 64), (64, 1 << 20)] {
        differs(format!("windows {first} to {most}"), v.validate_reader_in_windows(xml, first, most));
    }
    problems
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "xml"));
    v.sort();
    v
}

#[test]
fn conformance_cases_and_examples_read_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xsd");
    let mut problems = Vec::new();
    let mut n = 0;
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    cases.sort();
    for case in cases.iter().filter(|c| c.join("schema.xsd").is_file()) {
        let Ok(v) = Validator::from_xsd_path(case.join("schema.xsd")) else { continue };
        for f in xml_files(case) {
            n += 1;
            problems.extend(same(&v, &f.display().to_string(), &std::fs::read(&f).unwrap()));
        }
    }
    for (dir, version) in [("3.6", wcodm::Version::V3_6), ("3.7", wcodm::Version::V3_7)] {
        let v = version.validator().unwrap();
        for f in xml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(dir)) {
            n += 1;
            problems.extend(same(&v, &f.display().to_string(), &std::fs::read(&f).unwrap()));
        }
    }
    assert!(n > 100, "only {n} instances found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn uk_corpus_reads_the_same_both_ways() {
    let Some(corpus) = common::uk_corpus() else { return };
    let v = Validator::from_xsd_path(corpus.join("schemas/customs/wrapper_submit.xsd")).unwrap();
    let tsv = std::fs::read_to_string(corpus.join("expected.tsv")).unwrap();
    let mut problems = Vec::new();
    for line in tsv.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        let xml = std::fs::read(corpus.join(file)).unwrap();
        problems.extend(same(&v, file, &xml));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Markup that holds `<` or `>` of its own, byte order marks, line ends, references and
/// errors: what a window's end may cut, read with a schema that takes any content and
/// checks the values of `v`.
const TRICKY: &[&str] = &[
    "<r a=\"x>y\">t<!-- a < b > c --><![CDATA[ < > ]]><?pi x < y?>&amp;&#x3C;<x b='>'/></r>",
    "\u{FEFF}<r>\r\n<x>one\r\ntwo</x>\n</r>",
    "\u{FEFF}<r><!-- a < b --></r>",
    "\u{FEFF}\u{FEFF}<r/>",
    "<r><x/>\u{FEFF}t<x>\u{FEFF}</x></r>",
    "<r><x></y></r>",
    "<r></r></r>",
    "</r>",
    "<r><x>",
    "<r><!-- a -- b --></r>",
    "<!DOCTYPE r [ <!ELEMENT r ANY> ]><r/>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <x a=\"1\" a=\"2\"/>\n</r>",
    "<r a=\"1\"\n   b=\"2\">text that is rather longer than the smallest windows, on one line</r>\n",
    "<r><x>&nope;</x></r>",
    "<r>\u{1}</r>",
    "",
    "   ",
    "\u{FEFF}",
    "<r/><r/>",
    "<r/>trailing",
    "<r><v>a\r\nb</v><v>&amp;&lt;&#x3E;</v><v> \r\n </v><v>abcd</v></r>",
];

const ANY: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r"><xs:complexType mixed="true"><xs:sequence>
    <xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType></xs:element>
  <xs:element name="v"><xs:simpleType><xs:restriction base="xs:string">
    <xs:maxLength value="3"/></xs:restriction></xs:simpleType></xs:element>
</xs:schema>"#;

#[test]
fn tricky_markup_reads_the_same_both_ways() {
    let v = Validator::from_xsd_files("any.xsd", [("any.xsd".into(), ANY.into())]).unwrap();
    let problems: Vec<String> = TRICKY.iter().flat_map(|doc| same(&v, doc, doc.as_bytes())).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn mutated_markup_reads_the_same_both_ways() {
    // Seeded edits that make and break markup where windows are cut.
    const BITS: &[&str] =
        &["<", ">", "</", "<!--", "-->", "]]>", "<![CDATA[", "\u{FEFF}", "\r\n", "&", ";", "\"", "<x>", "</x>"];
    let v = Validator::from_xsd_files("any.xsd", [("any.xsd".into(), ANY.into())]).unwrap();
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut problems = Vec::new();
    for round in 0..10000 {
        let mut doc = TRICKY[round % TRICKY.len()].as_bytes().to_vec();
        for _ in 0..1 + next(3) {
            let at = next(doc.len() + 1);
            let bit = BITS[next(BITS.len())].as_bytes();
            if next(2) == 0 {
                doc.splice(at..at, bit.iter().copied());
            } else {
                doc.drain(at..(at + bit.len()).min(doc.len()));
            }
        }
        problems.extend(same(&v, &String::from_utf8_lossy(&doc), &doc));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
