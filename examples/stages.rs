//! One validation stage over the UK corpus, for instruction counting under callgrind (the
//! shared 2-core VM makes wall-clock ratios noisy; instruction counts are stable):
//! `benches/instructions.sh` runs every stage and prints the table. By hand:
//! `cargo run --release --example stages -- STAGE [LOOPS] [uk|generated]` prints MiB/s (the
//! UK corpus by default; `generated`: seeded declarations of 10 and 100 goods items).
//!
//! Stages: `floor` (quick-xml reading every event with namespaces, attributes and text, as in
//! benches/support/stages.rs), `xsd` (the UK DMS 2.15 schema set), `structure` (built-in 3.6
//! without business rules), `rules` (built-in 3.6 with its rule pack), `profile` (the same with the
//! uk-cds profile). `ics-structure` and `ics-rules` validate HMRC's 1,868 ICS1 rule cases
//! (`../shared/corpus/uk-ics1`) with the CC315A schema alone and with the uk-ics1 profile,
//! whatever the input named.

#[path = "../benches/support/generator.rs"]
mod generator;
#[path = "../benches/support/stages.rs"]
mod stages;

use stages::floor;
use std::hint::black_box;

/// The measured work (callgrind counts only this function: `--toggle-collect=stages::run`).
#[inline(never)]
fn run(docs: &[Vec<u8>], validator: Option<&wcodm::Validator>, loops: usize) -> usize {
    let mut n = 0;
    for _ in 0..loops {
        for d in docs {
            n += match validator {
                None => floor(black_box(d)),
                Some(v) => v.validate(black_box(d)).diagnostics.len(),
            };
        }
    }
    n
}

fn main() {
    let mut args = std::env::args().skip(1);
    let stage = args.next().unwrap_or_else(|| "rules".into());
    let loops: usize = args.next().and_then(|l| l.parse().ok()).unwrap_or(1);
    let input = args.next().unwrap_or_else(|| "uk".into());
    let root = stages::uk_corpus();
    let uk = || root.as_deref().expect("the UK corpus (set WCODM_SHARED)");
    let docs: Vec<Vec<u8>> = match input.as_str() {
        // Generated declarations: 30 of 10 goods items and 3 of 100 (seeds 42 to 74), 1.1 MB.
        "generated" => (0..33u64)
            .map(|i| generator::declaration(if i < 30 { 10 } else { 100 }, 42 + i, &[]).into_bytes())
            .collect(),
        "uk" => stages::valid_declarations(uk()),
        other => panic!("unknown input {other} (uk, generated)"),
    };
    let ics = root.as_deref().map(|r| r.join("../uk-ics1"));
    let docs = if stage.starts_with("ics-") { ics_cases(ics.as_deref().expect("../shared")) } else { docs };
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let validator = match stage.as_str() {
        "floor" => None,
        "xsd" => {
            Some(wcodm::Validator::from_xsd_path(uk().join("schemas/customs/wrapper_submit.xsd")).expect("UK set"))
        }
        "structure" => Some(wcodm::Version::V3_6.structure_validator().expect("3.6")),
        "rules" => Some(wcodm::Version::V3_6.validator().expect("3.6")),
        "profile" => Some(
            wcodm::Version::V3_6
                .validator()
                .and_then(|v| v.with_profile(&wcodm::profile::Profile::builtin("uk-cds")?))
                .expect("3.6 with uk-cds"),
        ),
        "ics-structure" | "ics-rules" => {
            let v = wcodm::Validator::from_xsd_path(ics.expect("../shared").join("schemas/CC315A-v11-2.xsd"))
                .expect("CC315A compiles");
            Some(if stage == "ics-rules" {
                let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/profiles/uk-ics1");
                v.with_profile(&wcodm::profile::Profile::load(dir).expect("uk-ics1")).expect("uk-ics1 compiles")
            } else {
                v
            })
        }
        other => panic!("unknown stage {other} (floor, xsd, structure, rules, profile, ics-structure, ics-rules)"),
    };
    let t = std::time::Instant::now();
    black_box(run(&docs, validator.as_ref(), loops));
    let s = t.elapsed().as_secs_f64();
    println!(
        "{stage}: {} documents, {bytes} bytes x {loops}: {:.1} MiB/s",
        docs.len(),
        (bytes * loops) as f64 / s / 1048576.0
    );
}

/// HMRC's ICS1 rule cases, in name order.
fn ics_cases(root: &std::path::Path) -> Vec<Vec<u8>> {
    let dir = std::fs::read_dir(root.join("cases/ruleTestCases315")).expect("uk-ics1 cases");
    let mut files: Vec<_> =
        dir.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "xml")).collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).expect("case")).collect()
}
