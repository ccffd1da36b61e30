//! The public Rust API, listed: every public item a user of the crate can name (modules,
//! types, functions, constants, fields, variants, methods, trait impls), read from rustdoc's
//! JSON output and compared with the checked-in `tests/public_api.txt`, so an accidental
//! widening (or narrowing) of the API shows in review as a change to that file.
//!
//! rustdoc's JSON output is unstable: it is asked for with `RUSTC_BOOTSTRAP=1` (as CI builds
//! the fuzz targets). After an intended change, `WCODM_BLESS=1 cargo test --test public_api`
//! rewrites the listing.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// rustdoc's JSON for the library, built into this test's target directory.
fn rustdoc_json() -> Value {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/public_api-xxxx -> target
    let target = exe.ancestors().nth(3).expect("test binary under target/<profile>/deps").to_path_buf();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(root())
        .env("RUSTC_BOOTSTRAP", "1")
        .env_remove("RUSTDOCFLAGS")
        .args(["rustdoc", "--lib", "--quiet", "--target-dir"])
        .arg(&target)
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo rustdoc failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let file: PathBuf = target.join("doc").join("wcodm.json");
    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap()
}

/// Walks the public items from the crate root, writing one line per item.
struct Lister<'a> {
    index: &'a serde_json::Map<String, Value>,
    lines: BTreeSet<String>,
}

impl<'a> Lister<'a> {
    fn item(&self, id: &Value) -> Option<&'a Value> {
        self.index.get(&id.to_string())
    }

    /// The item `id`, public at `path`.
    fn walk(&mut self, id: &Value, path: &str) {
        let Some(item) = self.item(id) else { return };
        if item["visibility"] != "public" && !path.is_empty() {
            return;
        }
        let Some((kind, inner)) = item["inner"].as_object().and_then(|o| o.iter().next()) else { return };
        match kind.as_str() {
            "module" => {
                if !path.is_empty() {
                    self.lines.insert(format!("mod {path}"));
                }
                let base = if path.is_empty() { "wcodm".to_string() } else { path.to_string() };
                for child in inner["items"].as_array().into_iter().flatten() {
                    let name = self.item(child).and_then(|c| c["name"].as_str()).unwrap_or("");
                    self.walk(child, &format!("{base}::{name}"));
                }
            }
            "use" => {
                let name = inner["name"].as_str().unwrap_or("?");
                let at = path.rsplit_once("::").map_or(path, |(p, _)| p);
                let target = inner["id"].clone();
                match self.item(&target) {
                    Some(_) if inner["is_glob"] != true => self.walk(&target, &format!("{at}::{name}")),
                    _ => {
                        self.lines
                            .insert(format!("pub use {} as {at}::{name}", inner["source"].as_str().unwrap_or("?")));
                    }
                }
            }
            "struct" => {
                self.lines.insert(format!("struct {path}"));
                let fields = &inner["kind"]["plain"]["fields"];
                for f in fields.as_array().into_iter().flatten() {
                    if let Some(f) = self.item(f).filter(|f| f["visibility"] == "public") {
                        self.lines.insert(format!("field {path}.{}", f["name"].as_str().unwrap_or("?")));
                    }
                }
                self.impls(inner, path);
            }
            "enum" => {
                self.lines.insert(format!("enum {path}"));
                for v in inner["variants"].as_array().into_iter().flatten() {
                    if let Some(v) = self.item(v) {
                        self.lines.insert(format!("variant {path}::{}", v["name"].as_str().unwrap_or("?")));
                    }
                }
                self.impls(inner, path);
            }
            "function" => {
                self.lines.insert(format!("fn {path}"));
            }
            other => {
                self.lines.insert(format!("{} {path}", other.replace('_', " ")));
            }
        }
    }

    /// A type's inherent methods and constants, and the traits it implements (not the
    /// auto traits and blanket impls rustdoc adds).
    fn impls(&mut self, inner: &'a Value, path: &str) {
        for i in inner["impls"].as_array().into_iter().flatten() {
            let Some(imp) = self.item(i).map(|i| &i["inner"]["impl"]) else { continue };
            if imp["is_synthetic"] == true || !imp["blanket_impl"].is_null() {
                continue;
            }
            match imp["trait"].as_object() {
                Some(t) => {
                    let name = t.get("path").or_else(|| t.get("name")).and_then(Value::as_str).unwrap_or("?");
                    self.lines.insert(format!("impl {name} for {path}"));
                }
                None => {
                    for m in imp["items"].as_array().into_iter().flatten() {
                        let Some(m) = self.item(m).filter(|m| m["visibility"] == "public") else { continue };
                        let kind = m["inner"].as_object().and_then(|o| o.keys().next()).map_or("?", |k| k.as_str());
                        let kind = if kind == "function" { "fn" } else { kind };
                        self.lines.insert(format!("{kind} {path}::{}", m["name"].as_str().unwrap_or("?")));
                    }
                }
            }
        }
    }
}

#[test]
fn the_public_api_is_the_checked_in_listing() {
    let json = rustdoc_json();
    let index = json["index"].as_object().expect("an index");
    let mut lister = Lister { index, lines: BTreeSet::new() };
    lister.walk(&json["root"], "");
    let listing: String = lister.lines.iter().map(|l| format!("{l}\n")).collect();
    let file = root().join("tests/public_api.txt");
    if std::env::var_os("WCODM_BLESS").is_some() {
        std::fs::write(&file, &listing).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_default();
    let have: BTreeSet<&str> = listing.lines().collect();
    let had: BTreeSet<&str> = want.lines().collect();
    let added: Vec<&&str> = have.difference(&had).collect();
    let removed: Vec<&&str> = had.difference(&have).collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "the public API differs from tests/public_api.txt (if intended: WCODM_BLESS=1 cargo test --test public_api)\n\
         added: {added:#?}\nremoved: {removed:#?}"
    );
}
