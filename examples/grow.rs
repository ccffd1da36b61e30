//! A real declaration grown to many goods items, for `benches/memory.sh`: the first goods item
//! of a message is repeated N times (its item number renumbered 1..N, the header's item count
//! set to N), everything else kept as it is. A declaration customs accepted stays valid, or
//! nearly (header totals no longer add up), however many items it gets, so the whole pass runs
//! (no error cap reached) and its peak memory shows whether anything grows with the items.
//!
//! `cargo run --release --example grow -- IN OUT N ITEM SEQ [COUNT]`
//! - ITEM: the goods item element (`GovernmentAgencyGoodsItem`, `GOOITEGDS`),
//! - SEQ: its item number child (`SequenceNumeric`, `IteNumGDS7`),
//! - COUNT: the header's item count (`GoodsItemQuantity`, `TotNumOfIteHEA305`), if any.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, n, item, seq, rest @ ..] = &args[..] else {
        eprintln!("usage: grow IN OUT N ITEM SEQ [COUNT]");
        return ExitCode::from(2);
    };
    let (Ok(text), Ok(n)) = (std::fs::read_to_string(input), n.parse::<usize>()) else {
        eprintln!("grow: cannot read {input}, or N is not a number");
        return ExitCode::from(2);
    };
    match grow(&text, n, item, seq, rest.first().map(String::as_str)) {
        Some(out) if std::fs::write(output, &out).is_ok() => ExitCode::SUCCESS,
        Some(_) => {
            eprintln!("grow: cannot write {output}");
            ExitCode::from(2)
        }
        None => {
            eprintln!("grow: no <{item}> with a <{seq}> in {input}");
            ExitCode::from(2)
        }
    }
}

/// The message with its first `item` element repeated `n` times.
fn grow(text: &str, n: usize, item: &str, seq: &str, count: Option<&str>) -> Option<String> {
    let (open, close) = tag(text, item)?;
    let start = text.find(&open)?;
    let end = start + text[start..].find(&close)? + close.len();
    // The indentation before the item, repeated before each copy.
    let indent = &text[text[..start].rfind('\n').map_or(start, |i| i + 1)..start];
    let block = &text[start..end];
    let (seq_open, seq_close) = tag(block, seq)?;
    let at = block.find(&seq_open)?;
    let at = at + block[at..].find('>')? + 1;
    let to = at + block[at..].find(&seq_close)?;
    let mut out = String::with_capacity(text.len() + n * (block.len() + indent.len() + 1));
    out.push_str(&text[..start]);
    for i in 1..=n {
        if i > 1 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(&block[..at]);
        out.push_str(&i.to_string());
        out.push_str(&block[to..]);
    }
    out.push_str(&text[end..]);
    if let Some(count) = count
        && let Some((c_open, c_close)) = tag(&out, count)
        && let Some(at) = out.find(&c_open)
        && let Some(gt) = out[at..].find('>')
        && let Some(len) = out[at + gt + 1..].find(&c_close)
    {
        out.replace_range(at + gt + 1..at + gt + 1 + len, &n.to_string());
    }
    Some(out)
}

/// The start and end tags of the first element named `local` (with its prefix, if any).
fn tag(text: &str, local: &str) -> Option<(String, String)> {
    let mut from = 0;
    while let Some(i) = text[from..].find(local) {
        let at = from + i;
        from = at + local.len();
        let before = &text[..at];
        let lt = before.rfind('<')?;
        let prefix = &before[lt + 1..];
        let after = text[at + local.len()..].chars().next()?;
        if (prefix.is_empty() || (prefix.ends_with(':') && !prefix.contains(['/', ' ', '>'])))
            && (after == '>' || after == ' ')
        {
            return Some((format!("<{prefix}{local}"), format!("</{prefix}{local}>")));
        }
    }
    None
}
