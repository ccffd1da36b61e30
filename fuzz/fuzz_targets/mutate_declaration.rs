//! Structured mutation of a valid declaration, so the fuzzer reaches deep into content models
//! and facets rather than the parser: the input is a list of edits (delete, duplicate or swap a
//! line, replace a value with fuzz bytes) applied to `fuzz/seeds/declaration.xml`. The in-memory
//! and streamed verdicts must agree and nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static VALIDATOR: LazyLock<wcodm::Validator> = LazyLock::new(|| {
    wcodm::Validator::from_xsd_files(
        "customs.xsd",
        [("customs.xsd".to_string(), include_str!("../schema/customs.xsd").to_string())],
    )
    .expect("fuzz schema compiles")
});

const SEED: &str = include_str!("../seeds/declaration.xml");

fuzz_target!(|data: &[u8]| {
    let mut lines: Vec<Vec<u8>> = SEED.lines().map(|l| l.as_bytes().to_vec()).collect();
    let mut ops = data.chunks(4);
    while let Some(op) = ops.next() {
        let [kind, a, b, len] = [0, 1, 2, 3].map(|i| op.get(i).copied().unwrap_or(0));
        if lines.is_empty() {
            break;
        }
        let i = usize::from(a) % lines.len();
        let j = usize::from(b) % lines.len();
        match kind % 5 {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(j, l);
            }
            2 => lines.swap(i, j),
            3 => {
                // Replace the text between the first '>' and the next '<' with fuzz bytes.
                let fill: Vec<u8> = ops.next().unwrap_or(&[]).iter().copied().cycle().take(usize::from(len % 40)).collect();
                let l = &mut lines[i];
                if let Some(gt) = l.iter().position(|&c| c == b'>')
                    && let Some(lt) = l[gt..].iter().position(|&c| c == b'<')
                {
                    l.splice(gt + 1..gt + lt, fill);
                }
            }
            _ => {
                let l = &mut lines[i];
                if !l.is_empty() {
                    let k = usize::from(b) % l.len();
                    l[k] = len;
                }
            }
        }
    }
    let xml = lines.join(&b'\n');
    let v = &*VALIDATOR;
    let a = v.validate(&xml);
    let b = v.validate_reader_in_windows(&xml[..], 7, 64);
    assert_eq!(a.is_valid(), b.is_valid(), "in-memory and streamed verdicts differ");
});
