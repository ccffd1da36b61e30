//! The C ABI from C: `tests/c/api_test.c` (the whole API and every error path) and
//! `tests/c/threads_test.c` (one validator shared by four pthreads, results equal to the
//! single-threaded run), compiled with `-Wall -Wextra -Werror -fsanitize=address,undefined`
//! against the static library this test run built, and run. Skipped with a note without `cc`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lib_dir() -> PathBuf {
    // target/<profile>/deps/c_api-xxxx -> target/<profile>
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

fn build(name: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = lib_dir();
    if !lib.join("libwcodm.a").is_file() {
        eprintln!("skipped: {} has no libwcodm.a", lib.display());
        return None;
    }
    let out = std::env::temp_dir().join(format!("wcodm-{name}-{}", std::process::id()));
    let status = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined", "-g"])
        .arg("-I")
        .arg(root.join("include"))
        .arg(root.join("tests/c").join(format!("{name}.c")))
        .arg(lib.join("libwcodm.a"))
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => Some(out),
        Ok(s) => panic!("cc failed on {name}.c: {s}"),
        Err(e) => {
            eprintln!("skipped: cc not available ({e})");
            None
        }
    }
}

fn run(exe: &Path, args: &[PathBuf]) {
    let out = Command::new(exe)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ASAN_OPTIONS", "detect_leaks=1")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(exe);
    assert!(
        out.status.success(),
        "{} failed: {}\n{}",
        exe.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_whole_api_and_every_error_path() {
    if let Some(exe) = build("api_test") {
        run(&exe, &[]);
    }
}

#[test]
fn one_validator_many_threads() {
    let Some(exe) = build("threads_test") else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["3.6", "3.7", "4.0-draft"] {
        let mut e: Vec<PathBuf> =
            std::fs::read_dir(root.join("examples").join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
        e.sort();
        files.extend(e);
    }
    let corpus = std::env::var_os("WCODM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"))
        .join("corpus/uk-dms-2.15/declarations");
    if let Ok(dirs) = std::fs::read_dir(&corpus) {
        let mut d: Vec<PathBuf> = dirs.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
        d.sort();
        for dir in d.iter().take(40) {
            if let Ok(fs) = std::fs::read_dir(dir) {
                files.extend(
                    fs.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "xml")),
                );
            }
        }
    }
    run(&exe, &files);
}
