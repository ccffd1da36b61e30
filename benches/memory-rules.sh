#!/usr/bin/env bash
# Peak memory (max RSS, /usr/bin/time) of validating one declaration grown to more and more goods
# items, with the business rules and national profiles on: does anything the rules keep (rule
# states, condition atoms, verdicts waiting for a condition) grow with the items?
#
# The messages are real ones grown by examples/grow.rs (the first goods item repeated N times,
# renumbered, the header's item count set to N):
# - two UK declarations CDS accepted, on which built-in rules + uk-cds report nothing: an H1
#   import (TT_FI002a) and a B1 export (TT_EX025a). Up to 999 items (the WCO maximum) they stay
#   valid with no diagnostic at all; past 999 the schema reports the 1,000th item once and the
#   pass still reads the whole file (no error cap is reached);
# - an ICS1 entry summary declaration HMRC's rule engine accepts (E_ENS_DAT_MESSAGE.1.3, 5 items),
#   with the CC315A schema and the uk-ics1 profile: 4 rule errors whatever N (the totals no
#   longer add up, the 4 other items keep their numbers, more than 999 items), so it too is read
#   to the end.
#
# usage: benches/memory-rules.sh [-o OUT.md]       ../shared (or WCODM_SHARED) for the messages
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=""
while getopts "o:" o; do case $o in o) OUT=$OPTARG;; *) exit 2;; esac; done
SHARED=${WCODM_SHARED:-$(cd .. && pwd)/shared}
UK=$SHARED/corpus/uk-dms-2.15/declarations
ICS=$SHARED/corpus/uk-ics1
XSD=$SHARED/corpus/uk-dms-2.15/schemas/customs/wrapper_submit.xsd
W=${TMPDIR:-/tmp}/wcodm-memory-rules; rm -rf "$W"; mkdir -p "$W"
cargo build --release --quiet
cargo build --release --quiet --example grow
WCODM=$PWD/target/release/wcodm
GROW=$PWD/target/release/examples/grow

peak() { # label, command...: "| label | MB | seconds | exit | diagnostics |"
  local label=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s%N)
  /usr/bin/time -f %M -o "$W/rss" "$@" >"$W/out" 2>&1 || rc=$?
  t1=$(date +%s%N)
  local n; n=$( { grep -o '"code":' "$W/out" || true; } | wc -l)
  awk -v l="$label" -v k="$(tail -n 1 "$W/rss")" -v t=$(( (t1 - t0) / 1000000 )) -v rc=$rc -v n="$n" \
    'BEGIN {printf "| %s | %.1f | %.2f | %d | %d |\n", l, k / 1024, t / 1000, rc, n}'
}

{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p') x $(nproc); $(date -u +%F); load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Command: benches/memory-rules.sh"
  echo
  echo "| run | peak RSS MB | seconds | exit | diagnostics |"
  echo "|---|---:|---:|---:|---:|"
  for src in "H1 TT_FI002a/TT_FI002a.xml" "B1 TT_EX025a/Step1_TT_EX025a.xml"; do
    read -r cat file <<<"$src"
    for n in 1 10 100 999 5000 20000; do
      f=$W/$cat-$n.xml
      "$GROW" "$UK/$file" "$f" "$n" GovernmentAgencyGoodsItem SequenceNumeric GoodsItemQuantity
      mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN {printf "%.1f", b / 1e6}')
      peak "UK $cat, $n items ($mb MB): UK XSD (structure only)" "$WCODM" validate --format ndjson --schema "$XSD" "$f"
      peak "UK $cat, $n items ($mb MB): built-in 3.6 + rules" "$WCODM" validate --format ndjson "$f"
      peak "UK $cat, $n items ($mb MB): built-in 3.6 + rules + uk-cds" "$WCODM" validate --format ndjson --profile uk-cds "$f"
      rm -f "$f"
    done
  done
  for n in 10 999 20000 100000; do
    f=$W/ics-$n.xml
    "$GROW" "$ICS/cases/ruleTestCases315/E_ENS_DAT_MESSAGE.1.3.xml" "$f" "$n" GOOITEGDS IteNumGDS7 TotNumOfIteHEA305
    mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN {printf "%.1f", b / 1e6}')
    peak "ICS1 IE315, $n items ($mb MB): CC315A" "$WCODM" validate --format ndjson --schema "$ICS/schemas/CC315A-v11-2.xsd" "$f"
    peak "ICS1 IE315, $n items ($mb MB): CC315A + uk-ics1" "$WCODM" validate --format ndjson \
      --schema "$ICS/schemas/CC315A-v11-2.xsd" --profile schemas/profiles/uk-ics1 "$f"
    rm -f "$f"
  done
} | tee ${OUT:+"$OUT"}
