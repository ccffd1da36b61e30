#!/usr/bin/env bash
# The report page of a large batch: how big it is and how long headless Chromium takes to load
# it. The UK corpus's NDJSON (UK schema, built-in 3.6 rules and the example UK pack) is repeated
# with renamed files up to N records (default 100,000), `wcodm report --from` renders it, and
# Chromium (through chromedriver, on the loopback interface) loads the page R times (default 3);
# the times are those of the page's own navigation entry (DOMContentLoaded, load) and of the
# first contentful paint, the wall time of the WebDriver navigation, and the time the page's
# script takes to sort the table of files by name.
#
# usage: benches/report.sh [N] [R]
# needs: chromium, chromium-driver (Debian; .ci/setup installs them), curl, jq, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}; RUNS=${2:-3}
SHARED=${WCODM_SHARED:-$(cd .. && pwd)/shared}
UK=$SHARED/corpus/uk-dms-2.15
WORK=${TMPDIR:-/tmp}/wcodm-report-bench; mkdir -p "$WORK"
cargo build --release --quiet
WCODM=$PWD/target/release/wcodm

"$WCODM" validate --format ndjson --schema "$UK/schemas/customs/wrapper_submit.xsd" \
  --rules schemas/wco-3.6/rules.json --rules examples/packs/uk-cds.json "$UK/declarations" \
  > "$WORK/uk.ndjson" || true
grep -v '^{"summary":true' "$WORK/uk.ndjson" > "$WORK/records"
per=$(wc -l < "$WORK/records")
: > "$WORK/big.ndjson"
for i in $(seq 0 $(( (N + per - 1) / per - 1 ))); do
  sed "s#/declarations/#/declarations/copy$i/#" "$WORK/records" >> "$WORK/big.ndjson"
done
head -n "$N" "$WORK/big.ndjson" > "$WORK/batch.ndjson"
valid=$(grep -c '"valid":true' "$WORK/batch.ndjson" || true)
echo "{\"summary\":true,\"files\":$N,\"valid\":$valid,\"invalid\":$((N - valid)),\"unreadable\":0,\"top\":[]}" >> "$WORK/batch.ndjson"
echo "NDJSON: $N records, $(du -h "$WORK/batch.ndjson" | cut -f1)"

/usr/bin/time -f '%e %M' -o "$WORK/time" "$WCODM" report --from "$WORK/batch.ndjson" -o "$WORK/report.html" 2>/dev/null || true
read -r secs rss < <(tail -n 1 "$WORK/time")
echo "render: $secs s, peak RSS $((rss / 1024)) MB, page: $(stat -c %s "$WORK/report.html") bytes"

PORT=9515
chromedriver --port=$PORT --allowed-ips=127.0.0.1 >"$WORK/chromedriver.log" 2>&1 &
DRIVER=$!
trap 'kill $DRIVER 2>/dev/null || true; rm -rf "$WORK/profile"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.1; done
rm -rf "$WORK/profile"
caps=$(jq -n --arg dir "$WORK/profile" '{capabilities: {alwaysMatch: {browserName: "chrome", "goog:chromeOptions": {
  binary: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1024", ("--user-data-dir=" + $dir)]}}}}')
session=$(curl -sf -X POST -H 'Content-Type: application/json' -d "$caps" "http://127.0.0.1:$PORT/session" | jq -r .value.sessionId)
api="http://127.0.0.1:$PORT/session/$session"
timing='var n = performance.getEntriesByType("navigation")[0];
var p = performance.getEntriesByName("first-contentful-paint")[0];
return [Math.round(n.domContentLoadedEventEnd), Math.round(n.loadEventEnd), p ? Math.round(p.startTime) : -1];'
# Sorting the table of files by name (the click's handler: keys, sort, rows moved).
sorting='var t = performance.now(); document.querySelector("#file-table th button").click(); return Math.round(performance.now() - t);'
for r in $(seq "$RUNS"); do
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"url":"about:blank"}' "$api/url" >/dev/null
  t0=$(date +%s%N)
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"url\":\"file://$WORK/report.html\"}" "$api/url" >/dev/null
  t1=$(date +%s%N)
  read -r dcl load fcp < <(curl -sf -X POST -H 'Content-Type: application/json' \
    -d "$(jq -n --arg s "$timing" '{script: $s, args: []}')" "$api/execute/sync" | jq -r '.value | @tsv')
  sort=$(curl -sf -X POST -H 'Content-Type: application/json' -d "$(jq -n --arg s "$sorting" '{script: $s, args: []}')" "$api/execute/sync" | jq -r .value)
  echo "run $r: DOMContentLoaded ${dcl} ms, load ${load} ms, first contentful paint ${fcp} ms, navigation $(( (t1 - t0) / 1000000 )) ms; sort by name ${sort} ms"
done
curl -sf -X DELETE "$api" >/dev/null || true
