#!/usr/bin/env bash
# Wall-clock stage ratios over the UK corpus, measured side by side: the five stages of
# examples/stages.rs (floor, UK XSD, built-in 3.6 structure-only, built-in 3.6 with rules, the same with the uk-cds profile) run in
# turn, ROUNDS times, each run validating the corpus LOOPS times in one process; the table gives
# each stage's median throughput and the ratios the targets in BENCHMARKS.md are stated in.
# Interleaving the stages keeps a slow spell of the shared machine from landing on one stage only
# (criterion runs one benchmark after the other).
#
# usage: benches/ratios.sh [ROUNDS] [LOOPS] [uk|generated]
#   default 9 rounds of 20 loops over the UK corpus (../shared or WCODM_SHARED); `generated`:
#   33 seeded declarations of 10 and 100 goods items (1.1 MB; 100 loops is about 20 of the UK's)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}; loops=${2:-20}; input=${3:-uk}
export WCODM_SHARED=${WCODM_SHARED:-$(cd .. && pwd)/shared}
cargo build --release --quiet --example stages
stages=(floor xsd structure rules profile)
declare -A runs
for _ in $(seq 1 "$rounds"); do
  for s in "${stages[@]}"; do
    runs[$s]+="$(target/release/examples/stages "$s" "$loops" "$input" | awk '{print $(NF-1)}') "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A med
printf '| stage | median MiB/s | runs (MiB/s) |\n|---|---:|---|\n'
for s in "${stages[@]}"; do
  med[$s]=$(echo "${runs[$s]}" | median)
  printf '| %s | %s | %s|\n' "$s" "${med[$s]}" "${runs[$s]}"
done
awk -v f="${med[floor]}" -v x="${med[xsd]}" -v s="${med[structure]}" -v r="${med[rules]}" -v p="${med[profile]}" 'BEGIN {
  printf "\nfloor speed reached: UK XSD %.0f%%, structure %.0f%%, full with rules %.0f%%; rules add %.1f%% time over structure\n",
    100 * x / f, 100 * s / f, 100 * r / f, 100 * (s / r - 1)
  printf "built-in rules + uk-cds profile add %.1f%% time over structure\n", 100 * (s / p - 1) }'
