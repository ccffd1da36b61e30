#!/usr/bin/env bash
# Peak memory (max RSS, /usr/bin/time) of validating one very large message at three sizes, and
# a batch of many small ones, with wcodm (built-in 3.6 rules, and the UK schema set) and xmllint
# (tree mode and --stream) on the same files. The large message repeats generated goods items
# far past the schema's 999 (so it is invalid, with its errors capped): the whole file is still
# read, which is what shows whether memory grows with the input.
#
# usage: benches/memory.sh [-o OUT.md]       needs xmllint; ../shared (or WCODM_SHARED) for the UK set
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=""
while getopts "o:" o; do case $o in o) OUT=$OPTARG;; *) exit 2;; esac; done
SHARED=${WCODM_SHARED:-$(cd .. && pwd)/shared}
XSD=$SHARED/corpus/uk-dms-2.15/schemas/customs/wrapper_submit.xsd
W=${TMPDIR:-/tmp}/wcodm-memory; rm -rf "$W"; mkdir -p "$W"
cargo build --release --quiet
cargo build --release --quiet --example generate
WCODM=$PWD/target/release/wcodm
# Seeded generated declarations (benches/support/generator.rs): about 1.8 KB per goods item,
# so 5,500 / 16,500 / 55,000 items make about 10 / 30 / 100 MB.
target/release/examples/generate "$W" 5500 16500 55000 10 >/dev/null
for i in $(seq 1 2000); do cp "$W/items-10.xml" "$W/small-$i.xml"; done
find "$W" -name 'small-*.xml' | sort > "$W/batch.list"

peak() { # label, command...: "label<TAB>MB<TAB>seconds<TAB>exit"
  local label=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -f %M -o "$W/rss" "$@" >"$W/out" 2>&1 || rc=$?
  t1=$(date +%s%N)
  awk -v l="$label" -v k="$(tail -n 1 "$W/rss")" -v t=$(( (t1 - t0) / 1000000 )) -v rc=$rc \
    'BEGIN {printf "| %s | %.1f | %.2f | %d |\n", l, k / 1024, t / 1000, rc}'
}

{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p') x $(nproc); $(date -u +%F); xmllint $(xmllint --version 2>&1 | sed -n 1p | awk '{print $NF}')"
  echo "Command: benches/memory.sh"
  echo
  echo "| run | peak RSS MB | seconds | exit |"
  echo "|---|---:|---:|---:|"
  for n in 5500 16500 55000; do
    f=$W/items-$n.xml
    mb=$(( $(stat -c %s "$f") / 1000000 ))
    peak "one message, $n items ($mb MB): wcodm built-in 3.6 + rules" "$WCODM" validate --format ndjson "$f"
    peak "one message, $n items ($mb MB): wcodm --schema UK" "$WCODM" validate --format ndjson --schema "$XSD" "$f"
    peak "one message, $n items ($mb MB): xmllint --schema UK (tree)" xmllint --noout --schema "$XSD" "$f"
    peak "one message, $n items ($mb MB): xmllint --stream --schema UK" xmllint --noout --stream --schema "$XSD" "$f"
  done
  mb=$(( $(xargs -a "$W/batch.list" cat | wc -c) / 1000000 ))
  peak "batch of 2000 x 10 items ($mb MB): wcodm built-in, 1 thread" "$WCODM" validate --format ndjson --jobs 1 --files-from "$W/batch.list"
  peak "batch of 2000 x 10 items ($mb MB): wcodm built-in, 2 threads" "$WCODM" validate --format ndjson --jobs 2 --files-from "$W/batch.list"
  peak "batch of 2000 x 10 items ($mb MB): xmllint --schema UK (tree)" xargs -a "$W/batch.list" xmllint --noout --schema "$XSD"
} | tee ${OUT:+"$OUT"}
