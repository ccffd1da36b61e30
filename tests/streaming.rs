//! The two ways of reading a message (in memory, zero-copy; streamed through a reader, bounded
//! memory) must give identical reports: same codes, lines, columns, paths and messages. Checked
//! on every instance of the XSD conformance cases and, when `../shared` is present, on the UK
//! corpus, with readers that hand out data in awkward chunk sizes.

mod common;

use std::io::BufReader;
use std::path::{Path, PathBuf};
use wcodm::{Report, Validator};

fn same(v: &Validator, name: &str, xml: &[u8]) -> Vec<String> {
    let a = v.validate(xml);
    let mut problems = Vec::new();
    for cap in [1usize, 7, 4096] {
        let b: Report = v.validate_reader(BufReader::with_capacity(cap, xml));
        if a != b {
            problems.push(format!(
                "{name} (chunk {cap}):\n  in memory: {:?}\n  streamed:  {:?}",
                a.diagnostics, b.diagnostics
            ));
        }
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
fn conformance_cases_read_the_same_both_ways() {
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
