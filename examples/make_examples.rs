//! Regenerate the example declarations under `examples/<version>/` (seeded, deterministic):
//! `cargo run --example make_examples`. Each invalid example breaks one thing, named in its file.

#[path = "../benches/support/generator.rs"]
mod generator;

use generator::Inject;

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let write = |path: &str, text: String| std::fs::write(dir.join(path), text);
    let v36 = generator::declaration(3, 1, &[]);
    write("3.6/import-3-items.xml", v36.clone())?;
    write("3.6/invalid-description-too-long.xml", generator::declaration(3, 1, &[Inject::OverlongText]))?;
    write("3.6/invalid-letters-in-gross-mass.xml", generator::declaration(3, 1, &[Inject::LettersInNumber]))?;
    write("3.6/invalid-items-out-of-order.xml", generator::declaration(3, 1, &[Inject::WrongOrder]))?;
    let v37 = generator::declaration(2, 2, &[])
        .replace(">3.6</md:WCODataModelVersionCode>", ">3.7</md:WCODataModelVersionCode>");
    write("3.7/import-2-items.xml", v37.clone())?;
    write(
        "3.7/invalid-unknown-attribute.xml",
        generator::declaration(2, 2, &[Inject::UnknownAttribute]).replace(">3.6<", ">3.7<"),
    )?;
    let v40 = generator::declaration(2, 3, &[])
        .replace(">3.6</md:WCODataModelVersionCode>", ">4.0</md:WCODataModelVersionCode>");
    write("4.0-draft/import-2-items.xml", v40.clone())?;
    // 4.0-draft makes the trader's reference (LRN) mandatory: a 3.6 habit that breaks on upgrade.
    let start = v40.find("    <FunctionalReferenceID>").expect("LRN");
    let end = v40.find("</FunctionalReferenceID>\n").expect("LRN end") + "</FunctionalReferenceID>\n".len();
    write("4.0-draft/invalid-no-lrn.xml", format!("{}{}", &v40[..start], &v40[end..]))?;
    Ok(())
}
