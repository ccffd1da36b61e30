//! Each built-in version exported as XSD (`wcodm schema export`) gives xmllint's verdicts equal
//! to the built-in rule set's: on the project's examples, on the UK corpus (when `../shared` is
//! present) and on mutants of a generated declaration. Skipped with a note without xmllint.

mod common;
#[path = "../benches/support/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};
use std::process::Command;
use wcodm::Version;

fn xmllint_verdicts(schema: &Path, files: &[PathBuf]) -> Vec<bool> {
    let mut out = Vec::new();
    for chunk in files.chunks(200) {
        let o = Command::new("xmllint").arg("--noout").arg("--schema").arg(schema).args(chunk).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        for f in chunk {
            out.push(stderr.contains(&format!("{} validates", f.display())));
        }
    }
    out
}

fn mutants(base: &str) -> Vec<String> {
    let edits: [(&str, &str); 10] = [
        ("<FunctionCode>9</FunctionCode>", ""),
        ("<TypeCode>IMZ</TypeCode>", "<TypeCode>IMZX</TypeCode>"),
        ("<GoodsItemQuantity>", "<GoodsItemQuantity>1"),
        ("currencyID=\"GBP\"", "currencyID=\"gbp\""),
        ("<SequenceNumeric>1</SequenceNumeric>", "<SequenceNumeric>1.5</SequenceNumeric>"),
        ("<Declarant>", "<Declarant><Name>   </Name>"),
        ("<TransactionNatureCode>1</TransactionNatureCode>", "<TransactionNatureCode>1A</TransactionNatureCode>"),
        ("<CountryCode>", "<CountryCode>X"),
        ("<Importer>", "<Importer foo=\"1\">"),
        ("</GoodsShipment>", "<Extra/></GoodsShipment>"),
    ];
    let mut v: Vec<String> =
        edits.iter().filter(|(a, _)| base.contains(a)).map(|(a, b)| base.replacen(a, b, 1)).collect();
    v.push(base.to_string());
    v
}

#[test]
fn exported_xsd_agrees_with_the_built_in_sets() {
    if !common::have_xmllint() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("wcodm-export-{}", std::process::id()));
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for version in Version::ALL {
        let dir = tmp.join(version.as_str());
        std::fs::create_dir_all(&dir).unwrap();
        let files = version.xsd().unwrap();
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let schema = dir.join(&files[0].0);
        let validator = version.structure_validator().unwrap(); // the XSD carries no business rules
        // Inputs: examples, mutants of a generated declaration claiming this version, the UK corpus.
        let mut inputs: Vec<PathBuf> = Vec::new();
        for sub in ["3.6", "3.7", "4.0-draft"] {
            let mut e: Vec<PathBuf> =
                std::fs::read_dir(root.join("examples").join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
            e.sort();
            inputs.extend(e);
        }
        for (i, m) in mutants(&generator::declaration(3, 9, &[])).into_iter().enumerate() {
            let p = dir.join(format!("mutant-{i}.xml"));
            std::fs::write(&p, m).unwrap();
            inputs.push(p);
        }
        if let Some(corpus) = common::uk_corpus() {
            let tsv = std::fs::read_to_string(corpus.join("expected.tsv")).unwrap();
            inputs.extend(tsv.lines().skip(1).filter_map(|l| l.split('\t').next()).map(|f| corpus.join(f)));
        }
        let reference = xmllint_verdicts(&schema, &inputs);
        for (input, lint) in inputs.iter().zip(reference) {
            let ours = validator.validate(&std::fs::read(input).unwrap()).is_valid();
            compared += 1;
            if ours != lint {
                disagreements.push(format!("{version}: {}: wcodm {ours}, xmllint {lint}", input.display()));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!("compared {compared} verdicts, {} disagreements", disagreements.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
