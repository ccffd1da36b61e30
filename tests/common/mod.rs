//! Helpers shared by the integration tests: where `../shared` is, and what a test does when
//! something it needs is missing.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared data folder: `$WCODM_SHARED`, or `../shared` beside the repository.
pub fn shared() -> PathBuf {
    std::env::var_os("WCODM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// Whether the tests run in CI: `CI` set (as CI services set it, and `.ci/run` runs with
/// `CI=true`) to anything but `false` or `0`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Something a test needs is missing: it is skipped with a note on a developer's machine, and
/// fails in CI, where a test that quietly skips would let the run pass without it.
pub fn missing(what: &str) {
    assert!(!in_ci(), "{what}: CI is set, so this fails instead of skipping");
    eprintln!("skipped: {what}");
}

/// A folder of `../shared`, or None (with a note; a failure in CI) when it is not there.
pub fn shared_dir(relative: &str) -> Option<PathBuf> {
    let d = shared().join(relative);
    if d.is_dir() {
        Some(d)
    } else {
        missing(&format!("{} not found (set WCODM_SHARED)", d.display()));
        None
    }
}

/// The UK CDS corpus, or None (with a note; a failure in CI) when it is not there.
pub fn uk_corpus() -> Option<PathBuf> {
    shared_dir("corpus/uk-dms-2.15")
}

/// Whether xmllint (the reference validator) runs; when not, a note (a failure in CI).
pub fn have_xmllint() -> bool {
    let ok = std::process::Command::new("xmllint").arg("--version").output().is_ok();
    if !ok {
        missing("xmllint not found on PATH (.ci/setup, or apt-get install -y libxml2-utils)");
    }
    ok
}

/// A folder of its own under the system's temporary folder, removed when dropped: where a test
/// writes the files it makes (messages, rule packs, lists). `name` tells tests of one process
/// apart.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("wcodm-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Write `text` to the file `name` in the folder; its path.
    pub fn file(&self, name: &str, text: impl AsRef<[u8]>) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }

    /// Write a rule pack named `name` holding `rules` (each a rule as its JSON object) to
    /// `name.json`; its path.
    pub fn pack(&self, name: &str, rules: &[&str]) -> String {
        self.file(&format!("{name}.json"), format!(r#"{{"name": "{name}", "rules": [{}]}}"#, rules.join(",\n")))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
