//! The identifier checks on real data: every EORI, MRN, container number, UCR, DUCR, MUCR,
//! customs office and UN/LOCODE in the UK CDS corpus (the 307 files under `declarations/` and
//! the 274 notifications published by HMRC), found by scanning the XML text, checked by
//! [`Scheme::check`].
//!
//! Each distinct value counts once per scheme. The values that fail are listed, with the
//! checker's reason and why the value really is malformed, in `tests/identifiers-corpus.md`;
//! the test reads that table and asserts the same failures, so a change in the checker's verdict
//! on real data shows here. The counts of distinct passing and failing values are asserted below.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use wcodm::identifiers::Scheme;

/// Distinct values passing and failing per scheme, observed on the corpus.
const COUNTS: &[(&str, usize, usize)] = &[
    ("eori", 39, 0),
    ("mrn", 82, 8),
    ("iso6346", 0, 18),
    ("wco-ucr", 12, 1),
    ("ducr", 143, 19),
    ("mucr", 14, 10),
    ("customs-office", 19, 0),
    ("unlocode", 11, 2),
];

/// Parties whose `ID` is an EORI. Not `DomesticDutyTaxParty`: DE 3/40 holds VAT numbers.
const PARTIES: &[&str] = &[
    "AEOMutualRecognitionParty",
    "Agent",
    "AuthorisationHolder",
    "Buyer",
    "Carrier",
    "Consignee",
    "Consignor",
    "Declarant",
    "Exporter",
    "Importer",
    "Seller",
    "Submitter",
];

/// Elements whose `ID` is a customs office.
const OFFICES: &[&str] = &["ExitOffice", "PresentationOffice", "SupervisingOffice"];

/// An element with text and no child elements.
struct Leaf {
    /// Local names from the root to this element.
    path: Vec<String>,
    /// Which parent element (a serial number, unique in the document).
    parent: usize,
    text: String,
}

impl Leaf {
    fn is(&self, parent: &str, name: &str) -> bool {
        let n = self.path.len();
        n >= 2 && self.path[n - 1] == name && self.path[n - 2] == parent
    }
}

/// The leaf elements of `xml`, by plain string scanning: comments, processing instructions and
/// declarations are skipped, prefixes dropped, the five predefined entities decoded, text kept
/// as it is (not trimmed). Tolerates the corpus's not-well-formed files: an end tag closes the
/// nearest open element of its name.
fn leaves(xml: &str) -> Vec<Leaf> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut serial = 0;
    // Where the text of the innermost open element starts, while it has no child element.
    let mut text_from = None;
    let mut i = 0;
    while let Some(offset) = xml[i..].find('<') {
        let at = i + offset;
        let rest = &xml[at..];
        let skip_to = |end: &str| rest.find(end).map_or(xml.len(), |e| at + e + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            i = skip_to(">");
            continue;
        }
        let end = rest.find('>').map_or(xml.len(), |e| at + e);
        let tag = &xml[(at + 1).min(end)..end];
        if let Some(name) = tag.strip_prefix('/') {
            let name = local(name.trim());
            if let (Some(from), Some((open, _))) = (text_from.take(), stack.last())
                && open == name
            {
                let parent = if stack.len() >= 2 { stack[stack.len() - 2].1 } else { 0 };
                let path = stack.iter().map(|(n, _)| n.clone()).collect();
                out.push(Leaf { path, parent, text: decode(&xml[from..at]) });
            }
            if let Some(pos) = stack.iter().rposition(|(open, _)| open == name) {
                stack.truncate(pos);
            }
        } else if tag.ends_with('/') {
            text_from = None;
        } else {
            serial += 1;
            stack.push((local(tag.split_whitespace().next().unwrap_or("")).to_owned(), serial));
            text_from = Some((end + 1).min(xml.len()));
        }
        i = (end + 1).min(xml.len());
    }
    out
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The identifiers in one document, with the scheme each should follow.
fn identifiers(xml: &str) -> Vec<(Scheme, String)> {
    let leaves = leaves(xml);
    let mut found = Vec::new();
    // PreviousDocument: ID and TypeCode, grouped by the PreviousDocument they belong to.
    let mut previous: BTreeMap<usize, (Option<&str>, Option<&str>)> = BTreeMap::new();
    for leaf in &leaves {
        let text = leaf.text.clone();
        if PARTIES.iter().any(|party| leaf.is(party, "ID")) {
            found.push((Scheme::Eori, text));
        } else if leaf.is("Declaration", "ID") {
            found.push((Scheme::Mrn, text));
        } else if leaf.is("TransportEquipment", "ID") {
            found.push((Scheme::Container, text));
        } else if leaf.is("UCR", "TraderAssignedReferenceID") || leaf.is("UCR", "ID") {
            found.push((Scheme::WcoUcr, text));
        } else if OFFICES.iter().any(|office| leaf.is(office, "ID"))
            || leaf.path.last().unwrap() == "DeclarationOfficeID"
        {
            found.push((Scheme::CustomsOffice, text));
        } else if leaf.is("LoadingLocation", "ID") || leaf.is("TradeTerms", "LocationID") {
            found.push((Scheme::UnLocode, text));
        } else if leaf.is("PreviousDocument", "ID") {
            previous.entry(leaf.parent).or_default().0 = Some(&leaf.text);
        } else if leaf.is("PreviousDocument", "TypeCode") {
            previous.entry(leaf.parent).or_default().1 = Some(&leaf.text);
        }
    }
    for (id, type_code) in previous.into_values() {
        let scheme = match type_code {
            Some("MRN") => Scheme::Mrn,
            Some("DCR") => Scheme::Ducr,
            Some("MCR") => Scheme::Mucr,
            _ => continue,
        };
        if let Some(id) = id {
            found.push((scheme, id.to_owned()));
        }
    }
    found
}

fn xml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            xml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
}

/// `(scheme, value, reason)` rows of the failure table in `tests/identifiers-corpus.md`.
fn documented_failures() -> BTreeSet<(String, String, String)> {
    let md =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/identifiers-corpus.md")).unwrap();
    md.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // | scheme | `value` | times | reason | why |
            if cells.len() != 7 || !cells[2].starts_with('`') {
                return None;
            }
            let value = cells[2].strip_prefix('`')?.strip_suffix('`')?;
            Some((cells[1].to_owned(), value.to_owned(), cells[4].to_owned()))
        })
        .collect()
}

/// How often a value occurs, and the checker's verdict on it.
type Seen = (usize, Result<(), String>);

#[test]
fn identifiers_in_the_uk_corpus() {
    let Some(corpus) = common::uk_corpus() else { return };
    let mut files = Vec::new();
    xml_files(&corpus.join("declarations"), &mut files);
    xml_files(&corpus.join("notifications"), &mut files);
    assert!(files.len() > 500, "{} files", files.len());
    // scheme name -> value -> (occurrences, verdict)
    let mut seen: BTreeMap<&str, BTreeMap<String, Seen>> = BTreeMap::new();
    for file in &files {
        let xml = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        for (scheme, value) in identifiers(&xml) {
            let verdict = scheme.check(&value);
            seen.entry(scheme.name()).or_default().entry(value).or_insert((0, verdict)).0 += 1;
        }
    }

    let mut counts = Vec::new();
    let mut failures = BTreeSet::new();
    for &scheme in Scheme::all() {
        let values = seen.remove(scheme.name()).unwrap_or_default();
        let (pass, fail): (Vec<_>, Vec<_>) = values.iter().partition(|(_, (_, verdict))| verdict.is_ok());
        let occurrences = |v: &[(&String, &Seen)]| v.iter().map(|(_, (n, _))| n).sum::<usize>();
        println!(
            "{:<15} {:>4} distinct values pass ({} occurrences), {:>3} fail ({} occurrences)",
            scheme.name(),
            pass.len(),
            occurrences(&pass),
            fail.len(),
            occurrences(&fail),
        );
        for (value, (n, verdict)) in &fail {
            let reason = verdict.as_ref().unwrap_err();
            println!("    {value:?} x{n}: {reason}");
            failures.insert((scheme.name().to_owned(), (*value).clone(), reason.clone()));
        }
        counts.push((scheme.name(), pass.len(), fail.len()));
    }
    assert_eq!(counts, COUNTS, "distinct values (scheme, passing, failing) in the corpus");
    let documented = documented_failures();
    let undocumented: Vec<_> = failures.difference(&documented).collect();
    let gone: Vec<_> = documented.difference(&failures).collect();
    assert!(
        undocumented.is_empty() && gone.is_empty(),
        "failures not in tests/identifiers-corpus.md: {undocumented:#?}\nlisted there but not failing: {gone:#?}"
    );
}

#[test]
fn the_scanner_finds_leaves_and_their_parents() {
    let xml = "<?xml version=\"1.0\"?><md:A xmlns:md=\"x\"><!-- <ID>no</ID> --><P><ID> GB1 </ID><TypeCode>DCR</TypeCode>\
               </P><P><ID>a&amp;b</ID><Empty/></P></md:A>";
    let found: Vec<(String, usize, String)> =
        leaves(xml).into_iter().map(|l| (l.path.join("/"), l.parent, l.text)).collect();
    let expected = [("A/P/ID", 2, " GB1 "), ("A/P/TypeCode", 2, "DCR"), ("A/P/ID", 5, "a&b")];
    assert_eq!(found, expected.map(|(p, n, t)| (p.to_owned(), n, t.to_owned())));
}
