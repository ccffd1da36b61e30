//! The C ABI from C. `tests/c/api_test.c` (the whole API and every error path) and
//! `tests/c/threads_test.c` (validators shared by eight pthreads, every report equal to the
//! single-threaded one) are compiled with `-Wall -Wextra -Werror -fsanitize=address,undefined`
//! against the static library of this test run's profile (built here with `cargo build --lib`
//! when missing or stale) and run; and the checked-in header must match what the pinned
//! cbindgen generates (`tests/c/check_header.sh`; skipped with a note when that cbindgen is
//! not installed). Skipped with a note when there is no C compiler.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where this test binary's profile puts its artifacts: target/[triple/]<profile>, from
/// target/[triple/]<profile>/deps/c_api-xxxx.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).expect("test binary under target/<profile>/deps").to_path_buf()
}

/// Build `libwcodm.a` for this test run's profile (a no-op when it is up to date) and return
/// its path. Built once per test process.
fn static_lib() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let profile_dir = profile_dir();
        let profile = profile_dir.file_name().unwrap().to_str().unwrap().to_string();
        // The target directory is the nearest ancestor cargo tagged; a directory between it
        // and the profile is a target triple.
        let target_dir = profile_dir
            .ancestors()
            .find(|d| d.join("CACHEDIR.TAG").is_file())
            .unwrap_or_else(|| profile_dir.parent().unwrap())
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(root()).args(["build", "--lib", "--quiet", "--target-dir"]).arg(&target_dir);
        match profile.as_str() {
            "debug" => {}
            "release" => {
                cmd.arg("--release");
            }
            other => {
                cmd.args(["--profile", other]);
            }
        }
        if let Some(triple) = profile_dir.parent().filter(|p| *p != target_dir).and_then(Path::file_name) {
            cmd.arg("--target").arg(triple);
        }
        let status = cmd.status().expect("run cargo build --lib");
        assert!(status.success(), "cargo build --lib failed: {status}");
        let lib = profile_dir.join("libwcodm.a");
        assert!(lib.is_file(), "cargo build --lib made no {}", lib.display());
        lib
    })
}

fn have_cc() -> bool {
    match Command::new("cc").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            common::missing("C tests: no C compiler (`cc`) on PATH");
            false
        }
    }
}

/// Compile `tests/c/<name>.c` against the static library, with warnings as errors and
/// AddressSanitizer + UBSan.
fn compile(name: &str) -> PathBuf {
    let lib = static_lib();
    let out_dir = profile_dir().join("c-tests");
    std::fs::create_dir_all(&out_dir).unwrap();
    let exe = out_dir.join(name);
    let out = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined"])
        .args(["-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer", "-g"])
        .arg(format!("-DWCODM_EXPECT_VERSION=\"{}\"", env!("CARGO_PKG_VERSION")))
        .arg("-I")
        .arg(root().join("include"))
        .arg(root().join("tests/c").join(format!("{name}.c")))
        .arg(lib)
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&exe)
        .output()
        .expect("run cc");
    assert!(
        out.status.success(),
        "cc failed on tests/c/{name}.c:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

/// Run a C test from the repository root; it must exit 0 with no sanitizer report. Its output.
fn run(exe: &Path, args: &[String]) -> String {
    let out = Command::new(exe)
        .args(args)
        .current_dir(root())
        .env("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:halt_on_error=1")
        .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        .output()
        .expect("run the C test");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{} failed ({}):\n{stdout}\n{stderr}", exe.display(), out.status);
    assert!(!stderr.contains("Sanitizer"), "{} reported:\n{stderr}", exe.display());
    println!("{}", stdout.trim());
    stdout.into_owned()
}

fn xml_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().map(Result::unwrap) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                out.push(p.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_whole_api_and_every_error_path() {
    if have_cc() {
        run(&compile("api_test"), &[]);
    }
}

#[test]
fn one_validator_many_threads_same_results() {
    if !have_cc() {
        return;
    }
    let exe = compile("threads_test");
    let fixtures = root().join("tests/c/fixtures");
    let mut args = vec!["--xsd".to_string(), fixtures.join("schema/declaration.xsd").to_string_lossy().into_owned()];
    args.extend(xml_files(&fixtures));
    args.extend(["--builtin".to_string(), "auto".to_string()]);
    args.extend(xml_files(&root().join("examples")));
    if let Some(uk) = common::uk_corpus() {
        args.extend([
            "--xsd".to_string(),
            uk.join("schemas/customs/wrapper_submit.xsd").to_string_lossy().into_owned(),
        ]);
        args.extend(xml_files(&uk.join("declarations")));
    }
    run(&exe, &args);
}

/// HMRC's ICS1 cases through the C ABI with the uk-ics1 profile folder
/// (`wcodm_options_set_profile`, `wcodm_validate_file`): each case's error numbers and
/// locations (`wcodm_report_location`) are the engine's `.ctl` answer, exactly. Cases of
/// several rules: addresses, item counts, a second item, a look-ahead regex, the join of
/// packages' marks (8153), the notify party's "every goods item" (8619), an accepted message.
#[test]
fn ics_cases_give_the_engine_numbers_and_locations() {
    let ics = common::shared().join("corpus/uk-ics1");
    if !ics.is_dir() {
        common::missing(&format!("ICS C test: {} not found", ics.display()));
        return;
    }
    if !have_cc() {
        return;
    }
    let dir = ics.join("cases/ruleTestCases315");
    let names = [
        "TOTNUMOFITEHEA305.0.02",
        "CITCE124.0.0",
        "CITCE124.0.1",
        "CITCE224.0.10",
        "IDEMEATRAGIMEATRA971.0.7",
        "CONREFNUMHEA.1.10",
        "PACGS23.4.01",
        "NOTPAR670.5.22",
        "CITCE124.0.3",
    ];
    let cases: Vec<PathBuf> = names.iter().map(|n| dir.join(format!("{n}.xml"))).filter(|p| p.is_file()).collect();
    assert_eq!(cases.len(), names.len(), "the ICS cases named here exist: {cases:?}");
    let mut args = vec![
        ics.join("schemas/CC315A-v11-2.xsd").to_string_lossy().into_owned(),
        root().join("schemas/profiles/uk-ics1").to_string_lossy().into_owned(),
    ];
    args.extend(cases.iter().map(|p| p.to_string_lossy().into_owned()));
    let out = run(&compile("ics_test"), &args);
    for case in &cases {
        let file = case.to_string_lossy();
        let mut got: Vec<String> = out
            .lines()
            .filter_map(|l| l.strip_prefix(&*file)?.strip_prefix('\t'))
            .filter(|l| *l != "accepted")
            .map(str::to_string)
            .collect();
        got.sort();
        let ctl = std::fs::read_to_string(case.with_extension("ctl")).unwrap();
        let mut want: Vec<String> = ctl
            .split("<err:Error>")
            .skip(1)
            .map(|b| {
                let field = |tag: &str| {
                    let start = b.find(&format!("<err:{tag}>")).unwrap() + tag.len() + 6;
                    b[start..start + b[start..].find("</err:").unwrap()].trim().to_string()
                };
                format!("{}\t{}", field("Number"), field("Location"))
            })
            .collect();
        want.sort();
        assert!(out.lines().any(|l| l.starts_with(&*file)), "{file}: no line in {out}");
        assert_eq!(got, want, "{file}");
    }
}

#[test]
fn the_checked_in_header_is_what_the_pinned_cbindgen_generates() {
    let out = Command::new("bash").arg(root().join("tests/c/check_header.sh")).output().expect("run bash");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    match out.status.code() {
        Some(0) => {}
        Some(2) => common::missing(&format!("header check: {}", text.trim())),
        _ => panic!("include/wcodm.h is out of date:\n{text}"),
    }
}

/// `benches/support/c_abi.rs` declares the C ABI by hand for the Rust programs that drive it as
/// C does (the bench, the `c_abi` fuzz target). It must read `include/wcodm.h` the same way: the
/// diagnostic's fields in the header's order, and only functions the header declares.
#[test]
fn the_bench_bindings_follow_the_header() {
    let header = std::fs::read_to_string(root().join("include/wcodm.h")).unwrap();
    let bindings = std::fs::read_to_string(root().join("benches/support/c_abi.rs")).unwrap();
    let body = |text: &str, open: &str| -> String {
        let from = text.find(open).unwrap_or_else(|| panic!("{open} not found")) + open.len();
        text[from..from + text[from..].find('}').unwrap()].to_string()
    };
    let header_fields: Vec<String> = body(&header, "typedef struct wcodm_diagnostic {")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|l| l.trim_end_matches(';').rsplit([' ', '*']).next().unwrap().to_string())
        .collect();
    let bound_fields: Vec<String> = body(&bindings, "pub struct wcodm_diagnostic {")
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub ")?.split(':').next().map(str::to_string))
        .collect();
    assert_eq!(bound_fields, header_fields, "wcodm_diagnostic's fields");
    for line in bindings.lines() {
        if let Some(name) = line.trim().strip_prefix("pub fn ").and_then(|l| l.split('(').next()) {
            let declared = [' ', '*'].iter().any(|c| header.contains(&format!("{c}{name}(")));
            assert!(declared, "{name} is not in include/wcodm.h");
        }
    }
}
