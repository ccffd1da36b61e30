//! Differential test against the reference validator, libxml2's `xmllint`.
//!
//! 1. `mutants_get_xmllints_verdict`: the 308 valid UK declarations of the corpus are mutated
//!    (`support/mutate.rs`, fixed seed: elements deleted, duplicated, swapped, renamed, moved or put
//!    in another namespace; values broken for each facet kind; attributes dropped, added or broken;
//!    text and markup put in element-only content; a few not well-formed) into more than 2,000
//!    mutants. Each is validated by wcodm and by `xmllint --schema wrapper_submit.xsd`; agreement
//!    must be at least 99.5% and every disagreement must be listed, with its cause, in
//!    `tests/differential-known.tsv` (columns: mutant, kind, source, wcodm, xmllint, cause).
//! 2. `corpus_verdicts_and_lines_match_the_reference`: the 313 corpus files get the verdict of
//!    `expected.tsv`, and the rejected ones an error on the first line xmllint reports.
//! 3. `mutator_is_deterministic_and_keeps_mutants_well_formed`: the generator itself.
//!
//! They skip (with a note) when the corpus (`$WCODM_SHARED` or `../shared`) or `xmllint` is missing.
//! `WCODM_DIFF_KEEP=1` keeps the mutants on disk (with an `index.tsv`); `WCODM_DIFF_VERBOSE=1`
//! prints every disagreement in full, listed or not.

mod common;
#[path = "support/mutate.rs"]
mod mutate;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

const SEED: u64 = 0x5743_4f44_4d32_3135; // "WCODM215"
const SCHEMA: &str = "schemas/customs/wrapper_submit.xsd";

fn corpus() -> Option<PathBuf> {
    let c = common::uk_corpus()?;
    common::have_xmllint().then_some(c)
}

/// xmllint's verdict on one file.
#[derive(Debug, Clone, Default)]
struct Lint {
    /// `FILE validates`.
    valid: bool,
    /// Its `LINE: ...` messages (file name stripped).
    messages: Vec<String>,
}

/// Runs xmllint over `files` in batches (in parallel), one verdict per file.
fn xmllint(schema: &Path, files: &[PathBuf]) -> Vec<Lint> {
    const BATCH: usize = 150; // 150 temp paths of < 100 bytes each: far below ARG_MAX
    let results: Mutex<Vec<Lint>> = Mutex::new(vec![Lint::default(); files.len()]);
    let next = AtomicUsize::new(0);
    let batches: Vec<(usize, &[PathBuf])> = files.chunks(BATCH).enumerate().map(|(k, c)| (k * BATCH, c)).collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&(offset, chunk)) = batches.get(k) else { break };
                    let o = Command::new("xmllint")
                        .arg("--noout")
                        .arg("--schema")
                        .arg(schema)
                        .args(chunk)
                        .output()
                        .expect("run xmllint");
                    let stderr = String::from_utf8_lossy(&o.stderr);
                    let index: HashMap<String, usize> =
                        chunk.iter().enumerate().map(|(i, f)| (f.display().to_string(), i)).collect();
                    let mut local = vec![Lint::default(); chunk.len()];
                    for line in stderr.lines() {
                        if let Some(f) = line.strip_suffix(" validates") {
                            if let Some(&i) = index.get(f) {
                                local[i].valid = true;
                            }
                        } else if let Some((f, _)) = line.split_once(':')
                            && let Some(&i) = index.get(f)
                        {
                            local[i].messages.push(line[f.len() + 1..].to_string());
                        }
                    }
                    let mut all = results.lock().unwrap();
                    for (i, l) in local.into_iter().enumerate() {
                        all[offset + i] = l;
                    }
                }
            });
        }
    });
    results.into_inner().unwrap()
}

fn verdict(valid: bool) -> &'static str {
    if valid { "valid" } else { "invalid" }
}

/// The valid declarations of `expected.tsv`, in its order: (path relative to the corpus, text).
fn valid_declarations(c: &Path) -> Vec<(String, String)> {
    let tsv = std::fs::read_to_string(c.join("expected.tsv")).expect("expected.tsv");
    tsv.lines()
        .skip(1)
        .filter(|l| l.split('\t').nth(1) == Some("valid"))
        .map(|l| {
            let f = l.split('\t').next().unwrap().to_string();
            let text = String::from_utf8(std::fs::read(c.join(&f)).expect("read declaration")).expect("UTF-8");
            (f, text)
        })
        .collect()
}

/// Listed disagreements, keyed by (mutant, source): (wcodm verdict, xmllint verdict).
fn known_disagreements() -> HashMap<(String, String), (String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential-known.tsv");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c.len() >= 6).then(|| ((c[0].to_string(), c[2].to_string()), (c[3].to_string(), c[4].to_string())))
        })
        .collect()
}

#[test]
fn mutator_is_deterministic_and_keeps_mutants_well_formed() {
    let Some(c) = common::uk_corpus() else { return };
    let docs = valid_declarations(&c);
    let a = mutate::generate(&docs, SEED);
    let b = mutate::generate(&docs, SEED);
    assert_eq!(a.len(), b.len());
    assert!(a.iter().zip(&b).all(|(x, y)| x.id == y.id && x.source == y.source && x.mutant.xml == y.mutant.xml));
    for g in &a {
        let wf = mutate::well_formed(&g.mutant.xml);
        match g.mutant.kind {
            // quick-xml does not check duplicate attributes or encodings
            "malformed" => assert!(!wf || g.mutant.xml.contains("dup=\"1\" dup=\"2\""), "{}", g.id),
            "xml-prolog" => {}
            _ => assert!(wf, "{} is not well-formed: {}", g.id, g.mutant.description),
        }
    }
}

#[test]
fn mutants_get_xmllints_verdict() {
    let Some(c) = corpus() else { return };
    let t0 = std::time::Instant::now();
    let schema = c.join(SCHEMA);
    let v = wcodm::Validator::from_xsd_path(&schema).expect("load the UK schema set");
    let docs = valid_declarations(&c);
    assert_eq!(docs.len(), 308, "expected.tsv should list 308 valid declarations");
    let mutants = mutate::generate(&docs, SEED);
    // The mutator is deterministic (seeded): the count is known exactly.
    assert_eq!(mutants.len(), 3440);

    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let tmp = std::env::temp_dir().join(format!("wcodm-differential-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let files: Vec<PathBuf> = mutants
        .iter()
        .map(|g| {
            let p = tmp.join(format!("{}.xml", g.id));
            std::fs::write(&p, &g.mutant.xml).unwrap();
            p
        })
        .collect();
    let index: String = mutants
        .iter()
        .map(|g| format!("{}\t{}\t{}\t{}\n", g.id, g.mutant.kind, g.source, g.mutant.description.escape_debug()))
        .collect();
    std::fs::write(tmp.join("index.tsv"), index).unwrap();
    let reference = xmllint(&schema, &files);
    let t_lint = t0.elapsed();

    let known = known_disagreements();
    // kind -> (mutants, rejected by xmllint, agreements)
    let mut per_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut listed = 0;
    let mut agreeing_listed = Vec::new();
    let verbose = std::env::var_os("WCODM_DIFF_VERBOSE").is_some();
    for ((g, lint), path) in mutants.iter().zip(&reference).zip(&files) {
        let ours = v.validate(g.mutant.xml.as_bytes());
        let e = per_kind.entry(g.mutant.kind).or_default();
        e.0 += 1;
        e.1 += usize::from(!lint.valid);
        let key = (g.id.clone(), g.source.clone());
        if ours.is_valid() == lint.valid {
            e.2 += 1;
            if known.contains_key(&key) {
                agreeing_listed.push(g.id.clone());
            }
            continue;
        }
        let (w, x) = (verdict(ours.is_valid()), verdict(lint.valid));
        let is_listed = known.get(&key).is_some_and(|(kw, kx)| kw == w && kx == x);
        listed += usize::from(is_listed);
        if !is_listed || verbose {
            let mut s = format!(
                "{}\t{}\t{}\t{w}\t{x}\t{}\n    file: {}\n",
                g.id,
                g.mutant.kind,
                g.source,
                g.mutant.description,
                path.display()
            );
            for m in lint.messages.iter().take(3) {
                s.push_str(&format!("    xmllint: {m}\n"));
            }
            for d in ours.diagnostics.iter().take(3) {
                s.push_str(&format!("    wcodm:   {} {}:{} {} ({})\n", d.code, d.line, d.column, d.message, d.path));
            }
            if is_listed {
                eprintln!("listed disagreement: {s}");
            } else {
                unexplained.push(s);
            }
        }
    }

    let (total, agree) = per_kind.values().fold((0, 0), |a, e| (a.0 + e.0, a.1 + e.2));
    eprintln!("{:<26} {:>7} {:>16} {:>8}", "kind", "mutants", "xmllint-invalid", "agree");
    for (k, (t, inv, a)) in &per_kind {
        eprintln!("{k:<26} {t:>7} {inv:>16} {a:>8}");
    }
    let pct = 100.0 * agree as f64 / total as f64;
    eprintln!(
        "total {total} mutants, agreement {agree}/{total} = {pct:.2}% ({listed} listed disagreements); \
         xmllint {:.1}s, all {:.1}s",
        t_lint.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    for id in &agreeing_listed {
        eprintln!("note: {id} is listed in tests/differential-known.tsv but now agrees with xmllint: remove it");
    }
    if std::env::var_os("WCODM_DIFF_KEEP").is_some() || !unexplained.is_empty() {
        eprintln!("mutants kept in {}", tmp.display());
    } else {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    for u in &unexplained {
        eprintln!("unlisted disagreement: {u}");
    }
    assert!(agree * 1000 >= total * 995, "agreement {pct:.2}% is below 99.5%");
    assert!(
        agreeing_listed.is_empty(),
        "listed in tests/differential-known.tsv but now agreeing with xmllint (remove them): {agreeing_listed:?}"
    );
    assert!(
        unexplained.is_empty(),
        "{} disagreement(s) not listed in tests/differential-known.tsv \
         (mutant, kind, source, wcodm, xmllint, description):\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}

#[test]
fn corpus_verdicts_and_lines_match_the_reference() {
    let Some(c) = corpus() else { return };
    let v = wcodm::Validator::from_xsd_path(c.join(SCHEMA)).expect("load the UK schema set");
    let tsv = std::fs::read_to_string(c.join("expected.tsv")).unwrap();
    let mut problems = Vec::new();
    let mut n = 0;
    for l in tsv.lines().skip(1) {
        let cols: Vec<&str> = l.split('\t').collect();
        let report = v.validate(&std::fs::read(c.join(cols[0])).unwrap());
        n += 1;
        let first = |r: &wcodm::Report| {
            r.diagnostics.first().map(|d| format!("{} {}:{} {}", d.code, d.line, d.column, d.message))
        };
        match cols[1] {
            "valid" => {
                if !report.is_valid() {
                    problems.push(format!("{}: xmllint valid, wcodm invalid: {:?}", cols[0], first(&report)));
                }
            }
            "invalid" | "not-well-formed" => {
                let line: u32 = cols
                    .get(2)
                    .and_then(|e| e.split(':').next())
                    .and_then(|n| n.trim().parse().ok())
                    .expect("xmllint_errors starts with a line number");
                if report.is_valid() {
                    problems.push(format!("{}: xmllint {} (line {line}), wcodm valid", cols[0], cols[1]));
                } else if !report.diagnostics.iter().any(|d| d.line == line) {
                    let lines: Vec<u32> = report.diagnostics.iter().map(|d| d.line).collect();
                    problems.push(format!(
                        "{}: xmllint reports line {line}, wcodm lines {lines:?}: {:?}",
                        cols[0],
                        first(&report)
                    ));
                }
            }
            other => panic!("unknown verdict {other:?} in expected.tsv"),
        }
    }
    assert_eq!(n, 313, "expected.tsv should list 313 declarations");
    assert!(problems.is_empty(), "{} corpus file(s) disagree with xmllint:\n{}", problems.len(), problems.join("\n"));
}
