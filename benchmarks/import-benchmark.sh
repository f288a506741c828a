#!/usr/bin/env bash
# Import benchmark: the real jar against a sandbox CRM in its own JVM, over HTTP on loopback.
#   speed      600 companies, 50 ms server latency: one request at a time vs concurrent (speed-up)
#   ratelimit  800 companies under three limiter shapes (an announced 40/s window, a silent 40/s token
#              bucket, 80/s announced over a hidden 30/s organisation bucket): rate reached, share of 429s
#   memory     1,000,000 rows / 500,000 companies with the jar at -Xmx512m
#   dryrun     the same file as a dry run (leads.import.dry-run=true, matching on: a search per 25 leads), -Xmx512m
#   bigcompany one company of 50,000 contacts (a big account's export, about 5 MB; every 20th row a person again)
#              with the jar at -Xmx128m (BIGCOMPANY_HEAP=256m for another heap): one lead, every distinct person once
# Usage: benchmarks/import-benchmark.sh [speed|ratelimit|memory|dryrun|bigcompany|all]   (default: all)
# Figures go to stdout; work files to benchmarks/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
source benchmarks/common.sh

# make_csv FILE COMPANIES CONTACTS_PER_COMPANY : companies spread over the file, not adjacent; phones valid
# San Francisco numbers (415, exchanges 230-299)
make_csv() {
  awk -v n="$2" -v k="$3" 'BEGIN {
    print "Company Name,First Name,Last Name,Email,Phone";
    for (j = 0; j < k; j++) for (i = 0; i < n; i++)
      printf "Company %d Inc,First%d,Last%d,p%d.%d@company%d.example.com,+1415%03d%04d\n", i, j, i, j, i, i, 230 + i % 70, (i * 10 + j) % 10000;
  }' > "$1"
}

# run_import NAME CSV HEAP JAVA_OPTS... : runs the jar until the drop's report appears;
# sets REPORT (its path), MILLIS (the drop's duration) and PEAK_KB (the jar's peak resident memory)
run_import() {
  local name=$1 csv=$2 heap=$3; shift 3
  local data="$OUT/$name-data"
  rm -rf "$data"; mkdir -p "$data/inbox"
  java "-Xmx$heap" -Dleads.crm.url="$SANDBOX_URL" -Dleads.data-dir="$data" -Dleads.import.read-lock-min-age-ms=0 \
       -Dleads.import.poll-delay-ms=200 -Dleads.import.progress-seconds=10 "$@" -jar "$JAR" > "$OUT/$name-import.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  sleep 2
  cp "$csv" "$data/.upload.csv" && mv "$data/.upload.csv" "$data/inbox/$(basename "$csv")"
  local stem; stem=$(basename "$csv" .csv)
  local report="" peak=0 rss
  while [ -z "$report" ]; do   # reports are named after the archived file: <stem>.<stamp>.csv.report.json
    report=$(ls "$data/reports/$stem".*.csv.report.json 2>/dev/null | head -1 || true)
    if ! kill -0 "$pid" 2>/dev/null; then echo "the import died: $OUT/$name-import.log" >&2; exit 1; fi
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    sleep 0.5
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  REPORT=$report; MILLIS=$(json "$report" durationMillis); PEAK_KB=$peak
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"

if [ "$what" = speed ] || [ "$what" = all ]; then
  make_csv "$OUT/speed.csv" 600 1
  start_sandbox speed --latency-ms=50
  run_import speed-serial "$OUT/speed.csv" 512m -Dleads.import.concurrency=1
  serial=$MILLIS; created_serial=$(json "$REPORT" leadsCreated)
  kill "$SANDBOX_PID"; start_sandbox speed2 --latency-ms=50
  run_import speed-parallel "$OUT/speed.csv" 512m -Dleads.import.concurrency=16
  parallel=$MILLIS; created_parallel=$(json "$REPORT" leadsCreated)
  kill "$SANDBOX_PID"
  echo "speed: 600 leads, 50 ms latency: one at a time ${serial} ms ($created_serial created), 16 concurrent ${parallel} ms ($created_parallel created): $(awk -v a="$serial" -v b="$parallel" 'BEGIN {printf "%.1f", a / b}')x faster"
fi

if [ "$what" = ratelimit ] || [ "$what" = all ]; then
  # three limiter shapes; the binding limit is the lowest one
  make_csv "$OUT/ratelimit.csv" 800 1
  for shape in "window 40 --rate-limit=40" "bucket 40 --rate-limit=40 --limiter=bucket" \
               "organization 30 --rate-limit=80 --organization-rate-limit=30"; do
    set -- $shape; name=$1; binding=$2; shift 2
    start_sandbox "ratelimit-$name" "$@"
    run_import "ratelimit-$name" "$OUT/ratelimit.csv" 512m
    millis=$MILLIS; created=$(json "$REPORT" leadsCreated); limited=$(json "$REPORT" rateLimited)
    rejected=$(json "$REPORT" rejected)
    kill "$SANDBOX_PID"
    echo "ratelimit $name ($*): 800 leads in ${millis} ms, $created created, $rejected rejected:" \
      "$(awk -v c="$created" -v m="$millis" -v b="$binding" 'BEGIN {printf "%.1f leads/s = %.0f%% of the %d/s limit", c * 1000 / m, 100 * c * 1000 / m / b, b}'),"\
      "$limited of $((created + limited)) POSTs answered 429 ($(awk -v r="$limited" -v c="$created" 'BEGIN {printf "%.1f", 100 * r / (c + r)}')%)"
  done
fi

if [ "$what" = memory ] || [ "$what" = all ]; then
  make_csv "$OUT/million.csv" 500000 2
  start_sandbox memory
  # matching off: the sandbox's search scans every lead it holds, which at 500,000 leads measures the
  # sandbox, not the import (against Close a search per 25 leads is a few percent of the calls)
  run_import memory "$OUT/million.csv" 512m -Dleads.import.concurrency=16 -Dleads.import.match=none
  millis=$MILLIS; peak=$PEAK_KB
  kill "$SANDBOX_PID"
  echo "memory: $(json "$REPORT" rows) rows, $(json "$REPORT" leadsCreated) leads created, $(json "$REPORT" contactsCreated) contacts at -Xmx512m: ${millis} ms, peak RSS $((peak / 1024)) MiB, status $(json "$REPORT" status)"
fi

if [ "$what" = dryrun ] || [ "$what" = all ]; then
  [ -f "$OUT/million.csv" ] || make_csv "$OUT/million.csv" 500000 2
  start_sandbox dryrun
  # defaults otherwise: matching on (the sandbox holds no lead, so each batch's search finds none), 16 senders
  run_import dryrun "$OUT/million.csv" 512m -Dleads.import.dry-run=true
  millis=$MILLIS; peak=$PEAK_KB
  kill "$SANDBOX_PID"
  payloads=$(cat "$OUT"/dryrun-data/reports/million.*.csv.payloads.jsonl | wc -l)
  echo "dryrun: $(json "$REPORT" rows) rows, $(json "$REPORT" leads) leads, $payloads payloads written at -Xmx512m:" \
    "${millis} ms, peak RSS $((peak / 1024)) MiB, status $(json "$REPORT" status)"
fi

if [ "$what" = bigcompany ] || [ "$what" = all ]; then
  # one company, 50,000 rows: 47,500 people, each 20th row repeats an earlier person (same name and email,
  # another phone: merged into one contact with both phones)
  awk 'BEGIN {
    print "Company Name,First Name,Last Name,Title,Email,Phone";
    srand(50000);
    for (i = 0; i < 50000; i++) {
      p = (i % 20 == 19) ? int(rand() * i) : i;
      printf "Big Account Corp,First%d,Last%d,Buyer,person%d@bigaccount.example.com,+1415%03d%04d\n", p, p, p, 230 + i % 70, i % 10000;
    }
  }' > "$OUT/bigcompany.csv"
  heap=${BIGCOMPANY_HEAP:-128m}
  start_sandbox bigcompany
  run_import bigcompany "$OUT/bigcompany.csv" "$heap" -Dleads.import.concurrency=16
  millis=$MILLIS; peak=$PEAK_KB
  kill "$SANDBOX_PID"
  echo "bigcompany: $(json "$REPORT" rows) rows of one company, $(json "$REPORT" leadsCreated) lead created with" \
    "$(json "$REPORT" contactsCreated) contacts, $(json "$REPORT" rejected) rejected at -Xmx$heap: ${millis} ms," \
    "peak RSS $((peak / 1024)) MiB, status $(json "$REPORT" status)"
fi
