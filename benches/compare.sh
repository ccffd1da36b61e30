#!/usr/bin/env bash
# Side-by-side timing of wcodm's CLI and peer XSD validators on the same files with the same
# schema, runs alternating between tools (so a noisy neighbour hurts everyone alike; every other
# round in reverse order, so no tool always follows the same one), medians and ratios against
# wcodm. Every tool validates all files in one process (schema compiled once), except xmllint
# --stream, which recompiles the schema per file (libxml2's design). Each run's CPU time (user +
# system, the shell's `time`) is kept beside its wall-clock time, and so is the CPU the rest of
# the machine used meanwhile (/proc/stat): a two-thread run shares its cores with it.
#
# usage: benches/compare.sh [-r RUNS] [-o OUT.md] [-f] [uk|generated|startup|scaling]...
#        (default: uk generated; RUNS 5, 21 when the only set is scaling)
#   -f         run each timed command under SCHED_FIFO (`chrt -f 10`, needs root or CAP_SYS_NICE):
#              on a shared machine, other processes cannot take a core during a run, which a
#              two-thread run feels and a one-thread run does not (it leaves a core idle). Shows
#              the code's scaling, not the neighbours'; the plain run is the number of record.
#   uk         the 308 valid UK CDS declarations (../shared) with the UK DMS 2.15 schema set
#   generated  200 declarations of 10 goods items + 3 of 999, seed 42, same schema
#   startup    one small UK declaration (TT_IM001a, 13 KB): process start to first verdict
#   scaling    the UK corpus 10 times over (3,080 files, 50 MB), wcodm on 1 and 2 threads; the
#              speed-up is given from the medians, from the fastest runs, and as the median of
#              the rounds' own ratios (1 thread / 2 threads run next to each other in the same
#              round) with its quartiles, which a slow spell of the machine moves less
# needs: xmllint (libxml2-utils); optional: python3 with lxml and xmlschema (pip), java+javac.
# Peer drivers are read from ${WCODM_SHARED:-../shared}/tools/peerbench (not copied here).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=""; OUT=""; FIFO=""
while getopts "r:o:f" o; do case $o in r) RUNS=$OPTARG;; o) OUT=$OPTARG;; f) FIFO="chrt -f 10";; *) exit 2;; esac; done
[ -z "$FIFO" ] || $FIFO true || { echo "compare.sh: -f needs chrt and the right to use SCHED_FIFO"; exit 2; }
shift $((OPTIND-1)); SETS=("${@:-uk generated}"); [ $# -eq 0 ] && SETS=(uk generated)
# Two-thread runs of 0.1 s move with every wake-up elsewhere on the machine: more rounds.
[ -n "$RUNS" ] || { [ "${SETS[*]}" = scaling ] && RUNS=21 || RUNS=5; }
SHARED=${WCODM_SHARED:-$(cd .. && pwd)/shared}
PEER=$SHARED/tools/peerbench
XSD=$SHARED/corpus/uk-dms-2.15/schemas/customs/wrapper_submit.xsd
[ -f "$XSD" ] || { echo "compare.sh: $XSD not found (set WCODM_SHARED)"; exit 2; }
WORK=${TMPDIR:-/tmp}/wcodm-compare; mkdir -p "$WORK"
cargo build --release --quiet
WCODM=$PWD/target/release/wcodm
javac -d "$WORK" "$PEER/Validate.java" 2>/dev/null && HAVE_JAVA=1 || HAVE_JAVA=0
python3 -c 'import lxml' 2>/dev/null && HAVE_LXML=1 || HAVE_LXML=0
python3 -c 'import xmlschema' 2>/dev/null && HAVE_XS=1 || HAVE_XS=0

prepare() { # set -> writes $WORK/$set.list
  case $1 in
    uk) awk -F'\t' -v d="$SHARED/corpus/uk-dms-2.15/" 'NR>1 && $2=="valid" {print d $1}' \
          "$SHARED/corpus/uk-dms-2.15/expected.tsv" > "$WORK/uk.list" ;;
    generated)
      rm -rf "$WORK/gen"; mkdir -p "$WORK/gen"
      cargo run --release --quiet --example generate -- "$WORK/gen/big" 999 >/dev/null
      for i in 1 2; do cp "$WORK/gen/big/items-999.xml" "$WORK/gen/big/items-999-$i.xml"; done
      cargo run --release --quiet --example generate -- "$WORK/gen/small" 10 >/dev/null
      for i in $(seq 1 199); do cp "$WORK/gen/small/items-10.xml" "$WORK/gen/small/items-10-$i.xml"; done
      find "$WORK/gen" -name '*.xml' | sort > "$WORK/generated.list" ;;
    startup) echo "$SHARED/corpus/uk-dms-2.15/declarations/TT_IM001a/Step1_TT_IM001a.xml" > "$WORK/startup.list" ;;
    scaling)
      prepare uk
      for _ in $(seq 1 10); do cat "$WORK/uk.list"; done > "$WORK/scaling.list" ;;
    *) echo "unknown set $1"; exit 2 ;;
  esac
}

tools() { # name<TAB>command (reads file list from $LIST)
  printf 'wcodm\t%s validate --format ndjson --schema %s --jobs 1 --files-from %s\n' "$WCODM" "$XSD" "$LIST"
  printf 'wcodm-2threads\t%s validate --format ndjson --schema %s --jobs 2 --files-from %s\n' "$WCODM" "$XSD" "$LIST"
  # The built-in 3.6 rule set with its business rules (a different rule set from the UK XSD:
  # shown for its own cost, not as a like-for-like peer comparison).
  printf 'wcodm-builtin\t%s validate --format ndjson --jobs 1 --files-from %s\n' "$WCODM" "$LIST"
  if [ "$SET" = scaling ]; then
    printf 'wcodm-builtin-2threads\t%s validate --format ndjson --jobs 2 --files-from %s\n' "$WCODM" "$LIST"
    return
  fi
  printf 'xmllint\txargs -a %s xmllint --noout --schema %s\n' "$LIST" "$XSD"
  printf 'xmllint-stream\txargs -a %s xmllint --noout --stream --schema %s\n' "$LIST" "$XSD"
  [ $HAVE_LXML = 1 ] && printf 'lxml\txargs -a %s python3 %s/val_lxml.py %s\n' "$LIST" "$PEER" "$XSD"
  [ $HAVE_JAVA = 1 ] && printf 'jaxp\txargs -a %s java -cp %s Validate %s\n' "$LIST" "$WORK" "$XSD"
  [ $HAVE_XS = 1 ] && [ "$SET" = uk ] && printf 'xmlschema\txargs -a %s python3 %s/val_xmlschema.py %s\n' "$LIST" "$PEER" "$XSD"
  true
}

# Busy CPU time of the whole machine so far (ms: user, nice, system, irq, softirq, steal), from
# /proc/stat in clock ticks, into BUSY; read with shell builtins (no process between two runs).
HZ=$(getconf CLK_TCK)
busy() { local _c u n s i w q sq st _r; read -r _c u n s i w q sq st _r < /proc/stat; BUSY=$(( (u + n + s + q + sq + st) * 1000 / HZ )); }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The median and quartiles of the ratios of two lists of times taken in the same rounds.
paired() { awk -v a="$1" -v b="$2" 'BEGIN {
  n = split(a, x, " "); split(b, y, " ")
  for (i = 1; i <= n; i++) r[i] = x[i] / y[i]
  for (i = 2; i <= n; i++) { v = r[i]; for (j = i - 1; j >= 1 && r[j] > v; j--) r[j + 1] = r[j]; r[j + 1] = v }
  printf "%.2fx (quartiles %.2fx-%.2fx)", r[int((n + 1) / 2)], r[int((n + 3) / 4)], r[n + 1 - int((n + 3) / 4)] }'; }
TIMEFORMAT='%3U %3S'
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
report=""
for SET in "${SETS[@]}"; do
  prepare "$SET"; LIST=$WORK/$SET.list
  FILES=$(wc -l < "$LIST"); BYTES=$(xargs -a "$LIST" cat | wc -c)
  declare -A times=() cpus=() others=()
  mapfile -t rows < <(tools)
  n=$RUNS; [ "$SET" = startup ] && n=$((RUNS * 10))
  for round in $(seq 1 "$n"); do
    order=("${rows[@]}")
    if (( round % 2 == 0 )); then order=(); for ((k = ${#rows[@]} - 1; k >= 0; k--)); do order+=("${rows[k]}"); done; fi
    for row in "${order[@]}"; do
      name=${row%%$'\t'*}; cmd=${row#*$'\t'}
      # The shell's own clock (microseconds) and the command run from this shell: no `date`
      # or `bash -c` process is timed with it (they added 2-4 ms to every run). The `time`
      # keyword adds no process either; its user and system seconds go to $WORK/cpu.
      busy; b0=$BUSY
      t0=${EPOCHREALTIME/./}; { time eval "$FIFO $cmd" >/dev/null 2>&1 || true; } 2>"$WORK/cpu"; t1=${EPOCHREALTIME/./}
      busy; b1=$BUSY
      times[$name]+="$(( t1 - t0 )) "
      read -r user sys < "$WORK/cpu"; cpu=$(( 10#${user/./} + 10#${sys/./} ))
      # CPU (ms) the rest of the machine used during the run: what a two-thread run shared its
      # cores with (clock ticks: 10 ms steps, so only the mean over the rounds says much).
      cpus[$name]+="$cpu "; others[$name]+="$(( b1 - b0 - cpu )) "
    done
  done
  base=$(echo "${times[wcodm]}" | median)
  table="| tool | median ms | fastest ms | CPU ms (median) | other processes' CPU ms per run (mean) | MB/s (median) | time vs wcodm (1 thread) |\n|---|---:|---:|---:|---:|---:|---:|\n"
  declare -A med=() low=()
  for row in "${rows[@]}"; do
    name=${row%%$'\t'*}; m=$(echo "${times[$name]}" | median); med[$name]=$m
    low[$name]=$(echo "${times[$name]}" | tr ' ' '\n' | grep -v '^$' | sort -n | awk 'NR == 1')
    c=$(echo "${cpus[$name]}" | median)
    o=$(echo "${others[$name]}" | awk '{for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF}')
    mbs=$(awk -v b="$BYTES" -v m="$m" 'BEGIN {printf "%.1f", (m > 0 ? b / 1e6 / (m / 1e6) : 0)}')
    ratio=$(awk -v m="$m" -v b="$base" 'BEGIN {printf "%.2fx", (b > 0 ? m / b : 0)}')
    table+="| $name | $(awk -v m="$m" 'BEGIN {printf "%.1f", m / 1000}') | $(awk -v m="${low[$name]}" 'BEGIN {printf "%.1f", m / 1000}') | $c | $o | $mbs | $ratio |\n"
  done
  if [ "$SET" = scaling ]; then
    table+="\n$(awk -v a="${med[wcodm]}" -v b="${med[wcodm-2threads]}" -v c="${med[wcodm-builtin]}" -v d="${med[wcodm-builtin-2threads]}" \
      'BEGIN {printf "speed-up on 2 threads, medians: %.2fx (UK schema), %.2fx (built-in 3.6 with rules)", a / b, c / d}')"
    table+="\n$(awk -v a="${low[wcodm]}" -v b="${low[wcodm-2threads]}" -v c="${low[wcodm-builtin]}" -v d="${low[wcodm-builtin-2threads]}" \
      'BEGIN {printf "speed-up on 2 threads, fastest runs: %.2fx (UK schema), %.2fx (built-in 3.6 with rules)", a / b, c / d}')"
    table+="\nspeed-up on 2 threads, median of the rounds' ratios: $(paired "${times[wcodm]}" "${times[wcodm-2threads]}") (UK schema), $(paired "${times[wcodm-builtin]}" "${times[wcodm-builtin-2threads]}") (built-in 3.6 with rules)\n"
  fi
  report+="### $SET: $FILES files, $((BYTES / 1000)) KB, $n alternating runs\n\n$table\n"
done
header="Machine: $(lscpu | sed -n 's/^Model name: *//p') x $(nproc); $(date -u +%F); xmllint $(xmllint --version 2>&1 | sed -n 1p | awk '{print $NF}')\nCommand: benches/compare.sh -r $RUNS ${FIFO:+-f }${SETS[*]}\nLoad average (1, 5, 15 min) at the start: $LOAD0; at the end: $(cut -d' ' -f1-3 /proc/loadavg)\nTimes are whole processes (start, schema compile, all files); CPU is user + system.\n\n"
printf '%b' "$header$report" | tee ${OUT:+"$OUT"}
