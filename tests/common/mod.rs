//! Helpers shared by the integration tests: where `../shared` is.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared data folder: `$WCODM_SHARED`, or `../shared` beside the repository.
pub fn shared() -> PathBuf {
    std::env::var_os("WCODM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// The UK CDS corpus, or None (with a note on stderr) when it is not there.
pub fn uk_corpus() -> Option<PathBuf> {
    let c = shared().join("corpus/uk-dms-2.15");
    if c.is_dir() {
        Some(c)
    } else {
        eprintln!("skipped: {} not found (set WCODM_SHARED)", c.display());
        None
    }
}
