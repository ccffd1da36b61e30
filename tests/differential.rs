//! Differential test against the reference validator: mutants of the 308 valid UK declarations
//! (elements deleted, duplicated, swapped, renamed or moved to another namespace; values broken
//! for each facet kind; attributes dropped, added or broken; text put in element-only content)
//! are validated by wcodm and by xmllint with the UK DMS 2.15 schema set, and the verdicts are
//! compared. Every disagreement must be listed, with its cause, in `tests/differential-known.tsv`.
//! Also: the 313 corpus files get the verdict of `expected.tsv`, with an error on the line
//! xmllint reports. Skipped (with a note) without `../shared` or xmllint.

mod common;

use quick_xml::events::Event;
use quick_xml::reader::NsReader;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let c = common::uk_corpus()?;
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: xmllint not found (apt-get install -y libxml2-utils)");
        return None;
    }
    Some(c)
}

/// One element of a document: byte spans of the start tag and the whole element.
#[derive(Debug, Clone)]
struct Elem {
    start: usize,
    start_tag_end: usize,
    end: usize,
    qname: String,
    parent: Option<usize>,
    leaf: bool,
    attrs: Vec<String>,
}

fn elements(xml: &str) -> Vec<Elem> {
    let mut r = NsReader::from_str(xml);
    let mut out: Vec<Elem> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    loop {
        let pos = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let empty = xml.as_bytes()[..r.buffer_position() as usize].ends_with(b"/>");
                let attrs =
                    e.attributes().flatten().map(|a| a.key.0.to_string()).filter(|k| !k.starts_with("xmlns")).collect();
                let i = out.len();
                if let Some(&p) = stack.last() {
                    out[p].leaf = false;
                }
                out.push(Elem {
                    start: pos,
                    start_tag_end: r.buffer_position() as usize,
                    end: r.buffer_position() as usize,
                    qname: e.name().0.to_string(),
                    parent: stack.last().copied(),
                    leaf: true,
                    attrs,
                });
                if !empty {
                    stack.push(i);
                }
            }
            Ok(Event::End(_)) => {
                if let Some(i) = stack.pop() {
                    out[i].end = r.buffer_position() as usize;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

const KINDS: [&str; 14] = [
    "delete",
    "duplicate",
    "swap",
    "rename-unknown",
    "rename-sibling",
    "wrong-namespace",
    "empty-value",
    "long-value",
    "letters-in-value",
    "many-decimals",
    "blank-value",
    "drop-attribute",
    "add-attribute",
    "text-in-element-content",
];

fn splice(s: &str, a: usize, b: usize, with: &str) -> String {
    format!("{}{}{}", &s[..a], with, &s[b..])
}

/// One mutant of `kind`, or None when the document offers no place for it.
fn mutate(xml: &str, els: &[Elem], kind: &str, rng: &mut Rng) -> Option<String> {
    let inner: Vec<usize> = (1..els.len()).filter(|&i| els[i].parent.is_some()).collect();
    let leaves: Vec<usize> =
        inner.iter().copied().filter(|&i| els[i].leaf && els[i].end > els[i].start_tag_end).collect();
    let pick = |v: &[usize], rng: &mut Rng| (!v.is_empty()).then(|| v[rng.below(v.len())]);
    let value = |i: usize| (els[i].start_tag_end, els[i].end - (els[i].qname.len() + 3));
    match kind {
        "delete" => pick(&inner, rng).map(|i| splice(xml, els[i].start, els[i].end, "")),
        "duplicate" => pick(&inner, rng).map(|i| splice(xml, els[i].end, els[i].end, &xml[els[i].start..els[i].end])),
        "swap" => {
            let pairs: Vec<(usize, usize)> = inner
                .iter()
                .filter_map(|&i| {
                    let j = (i + 1..els.len()).find(|&j| els[j].parent == els[i].parent)?;
                    (els[j].start >= els[i].end && els[i].qname != els[j].qname).then_some((i, j))
                })
                .collect();
            let (i, j) = pairs.get(rng.below(pairs.len().max(1)))?.to_owned();
            let (a, b) = (&xml[els[i].start..els[i].end], &xml[els[j].start..els[j].end]);
            Some(format!("{}{}{}{}{}", &xml[..els[i].start], b, &xml[els[i].end..els[j].start], a, &xml[els[j].end..]))
        }
        "rename-unknown" | "rename-sibling" => {
            let i = pick(&inner, rng)?;
            let q = &els[i].qname;
            let new = if kind == "rename-unknown" {
                format!("{q}X")
            } else {
                let sibs: Vec<&Elem> = els.iter().filter(|e| e.parent == els[i].parent && e.qname != *q).collect();
                let s = sibs.get(rng.below(sibs.len().max(1)))?;
                s.qname.clone()
            };
            let body = &xml[els[i].start..els[i].end];
            let renamed = body.replacen(&format!("<{q}"), &format!("<{new}"), 1);
            let renamed = match renamed.rfind(&format!("</{q}>")) {
                Some(k) => format!("{}</{new}>{}", &renamed[..k], &renamed[k + q.len() + 3..]),
                None => renamed,
            };
            Some(splice(xml, els[i].start, els[i].end, &renamed))
        }
        "wrong-namespace" => {
            let i = pick(&inner, rng)?;
            let at = els[i].start + 1 + els[i].qname.len();
            Some(splice(xml, at, at, " xmlns=\"urn:example:wrong\""))
        }
        "empty-value" | "long-value" | "letters-in-value" | "many-decimals" | "blank-value" => {
            let i = pick(&leaves, rng)?;
            let (a, b) = value(i);
            let old = xml[a..b].trim();
            let new = match kind {
                "empty-value" => String::new(),
                "long-value" => "A".repeat(600),
                "letters-in-value" => format!("{old}X"),
                "many-decimals" => format!("{}.1234567", old.split('.').next().unwrap_or("1")),
                _ => "   ".to_string(),
            };
            (a <= b).then(|| splice(xml, a, b, &new))
        }
        "drop-attribute" => {
            let with: Vec<usize> = inner.iter().copied().filter(|&i| !els[i].attrs.is_empty()).collect();
            let i = pick(&with, rng)?;
            let tag = &xml[els[i].start..els[i].start_tag_end];
            let attr = &els[i].attrs[rng.below(els[i].attrs.len())];
            let k = tag.find(&format!(" {attr}="))?;
            let q = tag[k..].find(['"', '\'']).map(|q| k + q)?;
            let close = tag[q + 1..].find(tag.as_bytes()[q] as char).map(|c| q + 1 + c)?;
            Some(splice(xml, els[i].start + k, els[i].start + close + 1, ""))
        }
        "add-attribute" => {
            let i = pick(&inner, rng)?;
            let at = els[i].start + 1 + els[i].qname.len();
            let attr =
                if els[i].attrs.iter().any(|a| a == "currencyID") { " currencyID=\"euro\"" } else { " foo=\"1\"" };
            let tag = &xml[els[i].start..els[i].start_tag_end];
            let new_tag = if attr.contains("currencyID") {
                tag.replacen(
                    &format!("currencyID=\"{}\"", tag.split("currencyID=\"").nth(1)?.split('"').next()?),
                    "currencyID=\"euro\"",
                    1,
                )
            } else {
                return Some(splice(xml, at, at, attr));
            };
            Some(splice(xml, els[i].start, els[i].start_tag_end, &new_tag))
        }
        "text-in-element-content" => {
            let parents: Vec<usize> = inner.iter().copied().filter(|&i| !els[i].leaf).collect();
            let i = pick(&parents, rng)?;
            Some(splice(xml, els[i].start_tag_end, els[i].start_tag_end, "stray text"))
        }
        _ => None,
    }
    .filter(|m| m != xml)
}

fn xmllint(schema: &Path, files: &[PathBuf]) -> Vec<(bool, Option<u32>)> {
    let mut out = Vec::new();
    for chunk in files.chunks(250) {
        let o = Command::new("xmllint").arg("--noout").arg("--schema").arg(schema).args(chunk).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        for f in chunk {
            let name = f.display().to_string();
            let ok = stderr.contains(&format!("{name} validates"));
            let line = stderr
                .lines()
                .find(|l| l.starts_with(&format!("{name}:")))
                .and_then(|l| l[name.len() + 1..].split(':').next()?.trim().parse().ok());
            out.push((ok, line));
        }
    }
    out
}

#[test]
fn mutants_get_xmllints_verdict() {
    let Some(c) = corpus() else { return };
    let schema = c.join("schemas/customs/wrapper_submit.xsd");
    let v = wcodm::Validator::from_xsd_path(&schema).unwrap();
    let tsv = std::fs::read_to_string(c.join("expected.tsv")).unwrap();
    let docs: Vec<(String, String)> = tsv
        .lines()
        .skip(1)
        .filter(|l| l.split('\t').nth(1) == Some("valid"))
        .filter_map(|l| {
            let f = l.split('\t').next()?;
            Some((f.to_string(), String::from_utf8(std::fs::read(c.join(f)).ok()?).ok()?))
        })
        .collect();
    assert_eq!(docs.len(), 308);
    let tmp = std::env::temp_dir().join(format!("wcodm-differential-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut rng = Rng(20261128);
    let mut mutants: Vec<(String, String, PathBuf)> = Vec::new(); // (kind, source, file)
    for round in 0..7 {
        for (n, (file, xml)) in docs.iter().enumerate() {
            let els = elements(xml);
            let kind = KINDS[(n + round * 5) % KINDS.len()];
            if let Some(m) = mutate(xml, &els, kind, &mut rng) {
                let p = tmp.join(format!("m{:05}-{kind}.xml", mutants.len()));
                std::fs::write(&p, m).unwrap();
                mutants.push((kind.to_string(), file.clone(), p));
            }
        }
    }
    assert!(mutants.len() >= 2000, "only {} mutants", mutants.len());
    let files: Vec<PathBuf> = mutants.iter().map(|m| m.2.clone()).collect();
    let reference = xmllint(&schema, &files);
    let known = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential-known.tsv"))
        .unwrap_or_default();
    let mut per_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new(); // total, agree, invalid
    let mut unexplained = Vec::new();
    for ((kind, source, path), (lint_ok, _)) in mutants.iter().zip(&reference) {
        let ours = v.validate(&std::fs::read(path).unwrap());
        let e = per_kind.entry(kind.clone()).or_default();
        e.0 += 1;
        e.2 += usize::from(!*lint_ok);
        if ours.is_valid() == *lint_ok {
            e.1 += 1;
        } else {
            let id = format!("{}\t{kind}\t{source}", path.file_name().unwrap().to_string_lossy());
            if !known.lines().any(|l| l.starts_with(&id)) {
                unexplained.push(format!(
                    "{id}\twcodm={}\txmllint={}\t{:?}",
                    ours.is_valid(),
                    lint_ok,
                    ours.diagnostics.first().map(|d| &d.message)
                ));
            }
        }
    }
    let (total, agree) = per_kind.values().fold((0, 0), |a, e| (a.0 + e.0, a.1 + e.1));
    eprintln!("{:<26} {:>6} {:>8} {:>8}", "kind", "mutants", "invalid", "agree");
    for (k, (t, a, inv)) in &per_kind {
        eprintln!("{k:<26} {t:>6} {inv:>8} {a:>8}");
    }
    eprintln!("total {total}, agreement {agree}/{total} = {:.2}%", 100.0 * agree as f64 / total as f64);
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(agree * 1000 >= total * 995, "agreement below 99.5%");
    assert!(
        unexplained.is_empty(),
        "disagreements not listed in tests/differential-known.tsv:\n{}",
        unexplained.join("\n")
    );
}

#[test]
fn corpus_verdicts_and_lines_match_the_reference() {
    let Some(c) = corpus() else { return };
    let v = wcodm::Validator::from_xsd_path(c.join("schemas/customs/wrapper_submit.xsd")).unwrap();
    let tsv = std::fs::read_to_string(c.join("expected.tsv")).unwrap();
    let mut problems = Vec::new();
    let mut n = 0;
    for l in tsv.lines().skip(1) {
        let cols: Vec<&str> = l.split('\t').collect();
        let report = v.validate(&std::fs::read(c.join(cols[0])).unwrap());
        n += 1;
        match cols[1] {
            "valid" if !report.is_valid() => {
                problems.push(format!("{}: expected valid, got {:?}", cols[0], report.diagnostics[0]))
            }
            "valid" => {}
            _ => {
                let line: u32 = cols[2].split(':').next().unwrap().trim().parse().unwrap();
                if report.is_valid() || !report.diagnostics.iter().any(|d| d.line == line) {
                    problems
                        .push(format!("{}: expected an error on line {line}, got {:?}", cols[0], report.diagnostics));
                }
            }
        }
    }
    assert_eq!(n, 313);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
