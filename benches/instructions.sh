#!/usr/bin/env bash
# Instructions per stage over the UK corpus (or generated declarations), counted by callgrind:
# stable on a noisy shared VM, where wall-clock ratios move by 15% or more. Each stage runs in
# its own process; only the validation loop is counted (examples/stages.rs, function `run`),
# not reading or compiling.
#
# usage: benches/instructions.sh [uk|generated]   (needs valgrind; ../shared or WCODM_SHARED)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example stages
input=${1:-uk}
shared=${WCODM_SHARED:-$(cd .. && pwd)/shared}
out=${TMPDIR:-/tmp}/wcodm-instructions; mkdir -p "$out"
declare -A ins
for stage in floor xsd structure rules; do
  WCODM_SHARED=$shared valgrind --tool=callgrind --callgrind-out-file="$out/$stage" \
    --toggle-collect='stages::run' target/release/examples/stages "$stage" 1 "$input" >"$out/$stage.txt" 2>/dev/null
  ins[$stage]=$(callgrind_annotate "$out/$stage" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
done
# "STAGE: N documents, B bytes x 1: ..." as examples/stages prints it.
docs=$(awk '{print $2}' "$out/floor.txt"); bytes=$(awk '{print $4}' "$out/floor.txt")
printf '%s input: %s declarations, %s bytes, one pass\n\n' "$input" "$docs" "$bytes"
printf '| stage | instructions | per byte | floor / stage |\n|---|---:|---:|---:|\n'
for stage in floor xsd structure rules; do
  awk -v s="$stage" -v i="${ins[$stage]}" -v b="$bytes" -v f="${ins[floor]}" \
    'BEGIN {printf "| %s | %d | %.1f | %.0f%% |\n", s, i, i / b, 100 * f / i}'
done
awk -v r="${ins[rules]}" -v s="${ins[structure]}" \
  'BEGIN {printf "\nbusiness rules add %.1f%% instructions over structure-only\n", 100 * (r - s) / s}'
