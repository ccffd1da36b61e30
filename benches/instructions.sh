#!/usr/bin/env bash
# Instructions per stage over the UK corpus, counted by callgrind: stable on a noisy shared VM,
# where wall-clock ratios move by 15% or more. Each stage runs in its own process; only the
# validation loop is counted (examples/stages.rs, function `run`), not reading or compiling.
#
# usage: benches/instructions.sh            (needs valgrind; ../shared or WCODM_SHARED)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example stages
shared=${WCODM_SHARED:-$(cd .. && pwd)/shared}
out=${TMPDIR:-/tmp}/wcodm-instructions; mkdir -p "$out"
declare -A ins
for stage in floor xsd structure rules; do
  WCODM_SHARED=$shared valgrind --tool=callgrind --callgrind-out-file="$out/$stage" \
    --toggle-collect='stages::run' target/release/examples/stages "$stage" 1 >/dev/null 2>&1
  ins[$stage]=$(callgrind_annotate "$out/$stage" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
done
bytes=$(awk -F'\t' 'NR>1 && $2=="valid" {print $1}' "$shared/corpus/uk-dms-2.15/expected.tsv" \
  | sed "s|^|$shared/corpus/uk-dms-2.15/|" | xargs cat | wc -c)
printf 'UK corpus: 308 valid declarations, %s bytes, one pass\n\n' "$bytes"
printf '| stage | instructions | per byte | floor / stage |\n|---|---:|---:|---:|\n'
for stage in floor xsd structure rules; do
  awk -v s="$stage" -v i="${ins[$stage]}" -v b="$bytes" -v f="${ins[floor]}" \
    'BEGIN {printf "| %s | %d | %.1f | %.0f%% |\n", s, i, i / b, 100 * f / i}'
done
awk -v r="${ins[rules]}" -v s="${ins[structure]}" \
  'BEGIN {printf "\nbusiness rules add %.1f%% instructions over structure-only\n", 100 * (r - s) / s}'
