//! Throughput by stage: the floor (quick-xml reading the same bytes with namespaces, attributes
//! and text, nothing else), the UK XSD set, the built-in 3.6 rule set structure only and with
//! its business rules; on the UK CDS corpus (from `../shared`, skipped with a message when
//! absent) and on generated declarations of 1 to 999 goods items; HMRC's ICS1 rule cases with
//! the CC315A schema alone and with the `uk-ics1` profile. Also the C ABI against the Rust API,
//! thread scaling and compile times.
//!
//! Run: `cargo bench --bench validate`. Inputs are described in BENCHMARKS.md.

#[path = "support/c_abi.rs"]
mod c_abi;
#[path = "support/generator.rs"]
mod generator;
#[path = "support/stages.rs"]
mod stages;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use stages::{floor, uk_corpus, valid_declarations};
use std::hint::black_box;

fn uk(c: &mut Criterion) {
    let Some(root) = uk_corpus() else {
        eprintln!("validate bench: ../shared/corpus/uk-dms-2.15 not found (set WCODM_SHARED); skipped");
        return;
    };
    let docs = valid_declarations(&root);
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let schema = root.join("schemas/customs/wrapper_submit.xsd");
    let v = wcodm::Validator::from_xsd_path(&schema).expect("UK schema compiles");
    let mut g = c.benchmark_group("uk-corpus-308");
    g.throughput(Throughput::Bytes(bytes as u64));

    g.bench_function("floor-quick-xml", |b| b.iter(|| docs.iter().map(|d| floor(black_box(d))).sum::<usize>()));
    g.bench_function("xsd-validate", |b| {
        b.iter(|| docs.iter().filter(|d| v.validate(black_box(d)).is_valid()).count())
    });
    // The built-in 3.6 rule set, structure only and with its business rules.
    let structure = wcodm::Version::V3_6.structure_validator().expect("3.6 compiles");
    let full = wcodm::Version::V3_6.validator().expect("3.6 with rules compiles");
    g.bench_function("builtin-3.6-structure", |b| {
        b.iter(|| docs.iter().filter(|d| structure.validate(black_box(d)).is_valid()).count())
    });
    g.bench_function("builtin-3.6-with-rules", |b| {
        b.iter(|| docs.iter().filter(|d| full.validate(black_box(d)).is_valid()).count())
    });
    // The C ABI against the Rust API, same validator kind, same inputs.
    let rust = wcodm::RuleSets::new();
    let mut cv: *mut c_abi::wcodm_validator = std::ptr::null_mut();
    #[allow(unsafe_code)]
    // SAFETY: valid NUL-terminated string and out pointer.
    let ok = unsafe { c_abi::wcodm_validator_new_builtin(c"auto".as_ptr(), std::ptr::null(), &mut cv) };
    assert_eq!(ok, c_abi::WCODM_OK);
    g.bench_function("builtin-auto-rust-api", |b| {
        b.iter(|| docs.iter().filter(|d| rust.validate(black_box(d), wcodm::Choice::Auto).report.is_valid()).count())
    });
    g.bench_function("builtin-auto-c-abi", |b| {
        b.iter(|| {
            docs.iter()
                .filter(|d| {
                    let mut r: *mut c_abi::wcodm_report = std::ptr::null_mut();
                    #[allow(unsafe_code)]
                    // SAFETY: live validator, d.len() readable bytes, report freed below.
                    unsafe {
                        c_abi::wcodm_validate(cv, d.as_ptr(), d.len(), &mut r);
                        let valid = c_abi::wcodm_report_is_valid(r);
                        c_abi::wcodm_report_free(r);
                        valid
                    }
                })
                .count()
        })
    });
    #[allow(unsafe_code)]
    // SAFETY: from wcodm_validator_new_builtin, not used afterwards.
    unsafe {
        c_abi::wcodm_validator_free(cv)
    };
    g.finish();
    // Scaling: the same corpus split over 1 and 2 threads sharing one compiled validator (the
    // engine alone; `benches/compare.sh scaling` measures the CLI, process start included).
    let mut g = c.benchmark_group("scaling-uk-corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    for threads in [1usize, 2] {
        for (name, validator) in [("xsd", &v), ("builtin-3.6-with-rules", &full)] {
            g.bench_with_input(BenchmarkId::new(name, threads), &threads, |b, &threads| {
                b.iter(|| {
                    // Each thread (the calling one included) takes the next message from a
                    // shared counter, as the CLI's batch does: a thread slowed by the machine
                    // does not leave the other idle at the end.
                    let next = std::sync::atomic::AtomicUsize::new(0);
                    let work = || {
                        let mut valid = 0;
                        while let Some(d) = docs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                            valid += usize::from(validator.validate(d).is_valid());
                        }
                        valid
                    };
                    std::thread::scope(|s| {
                        let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
                        work() + others.into_iter().map(|h| h.join().expect("worker")).sum::<usize>()
                    })
                })
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("compile");
    g.sample_size(20);
    g.bench_function("uk-xsd-set", |b| b.iter(|| wcodm::Validator::from_xsd_path(black_box(&schema)).is_ok()));
    for v in wcodm::Version::ALL {
        g.bench_function(format!("builtin-{v}"), |b| b.iter(|| black_box(v).validator().is_ok()));
    }
    g.finish();
}

/// Generated declarations of 1, 10, 100 and 999 goods items (seed 42, `support/generator.rs`):
/// the floor, the built-in 3.6 rule set structure only and with its business rules (in memory
/// and streamed), and the UK schema set when `../shared` is present.
fn generated(c: &mut Criterion) {
    let structure = wcodm::Version::V3_6.structure_validator().expect("3.6 compiles");
    let full = wcodm::Version::V3_6.validator().expect("3.6 with rules compiles");
    let uk = uk_corpus().map(|root| {
        wcodm::Validator::from_xsd_path(root.join("schemas/customs/wrapper_submit.xsd")).expect("UK schema compiles")
    });
    let mut g = c.benchmark_group("generated");
    for items in [1usize, 10, 100, 999] {
        let doc = generator::declaration(items, 42, &[]);
        assert!(full.validate(doc.as_bytes()).is_valid(), "generated declaration of {items} items is valid");
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.bench_with_input(BenchmarkId::new("floor-quick-xml", items), doc.as_bytes(), |b, d| {
            b.iter(|| floor(black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("builtin-3.6-structure", items), doc.as_bytes(), |b, d| {
            b.iter(|| structure.validate(black_box(d)).is_valid())
        });
        g.bench_with_input(BenchmarkId::new("builtin-3.6-with-rules", items), doc.as_bytes(), |b, d| {
            b.iter(|| full.validate(black_box(d)).is_valid())
        });
        // The same through a reader: the streamed path, in windows (files over 8 MiB in the CLI).
        g.bench_with_input(BenchmarkId::new("builtin-3.6-with-rules-streamed", items), doc.as_bytes(), |b, d| {
            b.iter(|| full.validate_reader(black_box(d)).is_valid())
        });
        if let Some(v) = &uk {
            assert!(v.validate(doc.as_bytes()).is_valid(), "generated declaration of {items} items is UK-valid");
            g.bench_with_input(BenchmarkId::new("xsd-validate", items), doc.as_bytes(), |b, d| {
                b.iter(|| v.validate(black_box(d)).is_valid())
            });
        }
    }
    g.finish();
}

/// HMRC's ICS1 rule cases (`../shared/corpus/uk-ics1/cases/ruleTestCases315`, 1,868 IE315
/// messages): the CC315A schema alone, and with the `uk-ics1` profile's 187 rules.
fn ics1(c: &mut Criterion) {
    let root = std::env::var_os("WCODM_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("corpus/uk-ics1");
    let Ok(dir) = std::fs::read_dir(root.join("cases/ruleTestCases315")) else {
        eprintln!("validate bench: ../shared/corpus/uk-ics1 not found (set WCODM_SHARED); skipped");
        return;
    };
    let mut files: Vec<_> =
        dir.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "xml")).collect();
    files.sort();
    let docs: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let structure = wcodm::Validator::from_xsd_path(root.join("schemas/CC315A-v11-2.xsd")).expect("CC315A compiles");
    let pack = wcodm::rules::RulePack::from_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/profiles/uk-ics1/rules.json"),
    )
    .expect("uk-ics1 loads");
    let rules = structure.clone().with_rules(&[pack]).expect("uk-ics1 compiles");
    let mut g = c.benchmark_group("ics1-rule-cases-1868");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("cc315a-structure", |b| {
        b.iter(|| docs.iter().map(|d| structure.validate(black_box(d)).diagnostics.len()).sum::<usize>())
    });
    g.bench_function("cc315a-with-uk-ics1", |b| {
        b.iter(|| docs.iter().map(|d| rules.validate(black_box(d)).diagnostics.len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, uk, generated, ics1);
criterion_main!(benches);
