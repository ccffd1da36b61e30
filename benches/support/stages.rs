//! What the stage measurements share (`benches/validate.rs` and `examples/stages.rs`): where the
//! UK corpus is, its valid declarations, and the quick-xml floor every stage is compared with.

use quick_xml::events::Event;
use quick_xml::reader::NsReader;
use std::path::{Path, PathBuf};

/// The UK CDS corpus (`$WCODM_SHARED` or `../shared`, `corpus/uk-dms-2.15`), if it is there.
pub fn uk_corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("WCODM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    Some(shared.join("corpus/uk-dms-2.15")).filter(|c| c.is_dir())
}

/// The declarations `expected.tsv` marks valid, read whole.
pub fn valid_declarations(root: &Path) -> Vec<Vec<u8>> {
    let tsv = std::fs::read_to_string(root.join("expected.tsv")).expect("expected.tsv");
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (file, verdict) = (f.next()?, f.next()?);
            (verdict == "valid").then(|| std::fs::read(root.join(file)).expect("declaration"))
        })
        .collect()
}

/// What quick-xml alone costs: every event read (borrowed from the input, as wcodm reads
/// messages in memory), namespaces resolved, attributes iterated and text unescaped, the same
/// work any streaming validator must do at least.
pub fn floor(doc: &[u8]) -> usize {
    let mut r = NsReader::from_reader(doc);
    let mut n = 0;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let (ns, _) = r.resolver().resolve_element(e.name());
                n += matches!(ns, quick_xml::name::ResolveResult::Bound(_)) as usize;
                for a in e.attributes().flatten() {
                    n += a.value.len();
                }
            }
            Ok(Event::Text(t)) => n += t.xml10_content().len(),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    n
}
