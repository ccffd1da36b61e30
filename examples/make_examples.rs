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
    // Business rules: schema-valid declarations that break one cross-field rule each.
    write(
        "3.6/invalid-rule-net-mass-above-gross.xml",
        v36.replacen("<NetNetWeightMeasure>557<", "<NetNetWeightMeasure>1957<", 1),
    )?;
    write("3.6/invalid-rule-two-currencies.xml", {
        let gbp = "<ItemChargeAmount currencyID=\"GBP\">";
        let second = v36.match_indices(gbp).nth(1).expect("two items").0;
        format!("{}<ItemChargeAmount currencyID=\"EUR\">{}", &v36[..second], &v36[second + gbp.len()..])
    })?;
    write(
        "3.6/invalid-rule-accepted-in-the-future.xml",
        v36.replacen(
            " xmlns=\"urn:wco:datamodel:WCO:DEC-DMS:2\">",
            " xmlns=\"urn:wco:datamodel:WCO:DEC-DMS:2\" xmlns:ds=\"urn:wco:datamodel:WCO:Declaration_DS:DMS:2\">",
            1,
        )
        .replacen(
            "  <Declaration>\n",
            "  <Declaration>\n    <AcceptanceDateTime>\n      \
             <ds:DateTimeString formatCode=\"304\">20991231120000Z</ds:DateTimeString>\n    </AcceptanceDateTime>\n",
            1,
        ),
    )?;
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
