//! README.md's samples of output are what the tool prints: each ```text block whose first line
//! is `$ wcodm ARGS...` is run (from the repository's root, without colour) and its output
//! (standard output, then standard error, as a terminal shows them) compared with the rest of
//! the block. README's Rust samples are doc-tests (src/lib.rs).

use std::path::Path;
use std::process::Command;

/// (command line, expected output) of each sample.
fn samples(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = readme;
    while let Some(start) = rest.find("```text\n$ wcodm ") {
        let body = &rest[start + "```text\n".len()..];
        let end = body.find("\n```").expect("a sample block ends");
        let (command, expected) = body[..end + 1].split_once('\n').unwrap();
        out.push((command.trim_start_matches("$ ").to_string(), expected.to_string()));
        rest = &body[end..];
    }
    out
}

/// A block of output that is not a sample (no `$ wcodm` line to run) could drift unseen.
#[test]
fn readme_output_blocks_are_samples() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for block in readme.split("```text\n").skip(1) {
        let block = block.split("\n```").next().unwrap();
        let output = ["error[", "warning[", "most frequent problems", "valid   ", "invalid "];
        if output.iter().any(|o| block.contains(o)) {
            assert!(block.starts_with("$ wcodm "), "README shows output without the command that prints it:\n{block}");
        }
    }
}

#[test]
fn readme_samples_are_what_the_tool_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let samples = samples(&readme);
    assert_eq!(samples.len(), 6, "the samples README holds");
    for (command, expected) in samples {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_wcodm"))
            .args(&args)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let shown = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(shown, expected, "README sample `{command}`");
    }
}

/// The counts README states in prose are the built-in data's.
#[test]
fn readme_counts_are_the_data() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let rules = wcodm::Version::V3_6.rule_pack().unwrap().rules.len();
    assert!(
        readme.contains(&format!("is the built-in one: {rules} rules, each with")),
        "README's rule count is not {rules}"
    );
    let rows = wcodm::Version::V3_6.model().unwrap().rows().len();
    assert!(
        readme.contains(&format!("the Declaration and its MetaData envelope: {rows} classes")),
        "README's 3.6 row count is not {rows}"
    );
}
