//! Write generated declarations for benchmarks and peer comparisons:
//! `cargo run --release --example generate -- OUTDIR [ITEMS...]` writes `items-N.xml` for each
//! N (default 1 10 100 999), seed 42, valid against the UK DMS 2.15 schema set and the built-in
//! 3.6 rule set.

#[path = "../benches/support/generator.rs"]
mod generator;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "generated".into()));
    let mut sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1, 10, 100, 999];
    }
    std::fs::create_dir_all(&out)?;
    for n in sizes {
        let path = out.join(format!("items-{n}.xml"));
        std::fs::write(&path, generator::declaration(n, 42, &[]))?;
        println!("{}", path.display());
    }
    Ok(())
}
