#!/usr/bin/env bash
# Export benchmark: the real jar (-Xmx64m) exports every lead of a sandbox CRM running in its own JVM,
# over HTTP on loopback, with leads.export.run-on-start=true, and the output file's rows are counted.
#   csv     60,000 leads from the Close API style to CSV (the default format)
#   jsonl   the same leads as gzipped JSON lines
#   paged   60,000 leads from the page-numbered API style to CSV
#   scale   4 x 60,000 leads to CSV: the live set must not grow with the number of leads (the dedupe
#           table of 8-byte id fingerprints aside: about 2 MiB per 100,000 leads)
#   latency 20,000 leads behind 100 ms per request (LATENCY_LEADS, LATENCY_MS), each read path against
#           reading page after page: Close bulk (auto), Close search in 16 date_updated ranges at a time and
#           as one walk, Close pages and the paged CRM read 16 at a time and one page after another
#           (leads.export.concurrency=1)
#   million 1,000,000 leads (MILLION) behind Close's max_skip of 250,000, exported complete by the default
#           read path (the bulk export) at -Xmx64m
#   events  the event read of incremental runs (leads deleted and merged away): EVENTS_LEADS (100,000) leads
#           and 30 days of EVENTS_PER_DAY (5,000) changes a day in the sandbox's event log (1 in 10 a deletion,
#           1 in 10 a merge), EVENTS_LATENCY_MS (0) per request; a full run, then incremental runs whose last
#           success is set 1 and 29 days back
# Usage: benchmarks/export-benchmark.sh [csv|jsonl|paged|scale|latency|million|events|all]   (default: csv jsonl paged)
# Env: LEADS (default 60000), HEAP (default 64m), LATENCY_PATHS (default "bulk search pages paged"). Figures go to stdout; work files to benchmarks/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
LEADS=${LEADS:-60000}
HEAP=${HEAP:-64m}
what=${1:-default}
source benchmarks/common.sh

# run_export NAME FILE_NAME JAVA_OPTS... : runs the jar until the export's report appears; sets REPORT,
# FILE (the published file), PEAK_KB (peak resident memory), HEAP_PEAK_KB (most heap in use, before a GC)
# and LIVE_KB (most live objects found by a full GC, sampled every 2 s while the export runs)
run_export() {
  local name=$1 file=$2; shift 2
  local data="$OUT/export-$name-data"
  [ "${KEEP_DATA:-no}" = yes ] || rm -rf "$data"   # KEEP_DATA=yes: the state of the last run of NAME stays
  mkdir -p "$data"
  java "-Xmx$HEAP" "-Xlog:gc:file=$OUT/export-$name-gc.log" -Dleads.crm.url="$SANDBOX_URL" -Dleads.data-dir="$data" \
       -Dleads.import.enabled=false -Dleads.export.run-on-start=true -Dleads.export.start-delay-ms=0 \
       -Dleads.export.file-name="$file" "$@" -jar "$JAR" > "$OUT/export-$name.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  local report="$data/reports/$file.export.json" peak=0 rss live=0 bytes tick=0
  while [ ! -f "$report" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the export died: $OUT/export-$name.log" >&2; exit 1; fi
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    # every 2 s once the export runs: the live objects after a full GC (what memory really holds)
    # (not in timed-only runs: each jcmd is a JVM start, seconds of CPU on a small machine)
    if [ "${SAMPLE_LIVE:-yes}" = yes ] && [ $((tick++ % 10)) = 9 ] && grep -q "export $file: started" "$OUT/export-$name.log"; then
      bytes=$(jcmd "$pid" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}')
      [ "${bytes:-0}" -gt "$live" ] && live=$bytes
    fi
    sleep 0.2
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  REPORT=$report; FILE="$data/outbox/$file"; PEAK_KB=$peak; LIVE_KB=$((live / 1024))
  # gc log lines end like "Pause Young (Normal) (G1 Evacuation Pause) 38M->9M(64M) 3.1ms"
  HEAP_PEAK_KB=$(grep -o '[0-9]*M->[0-9]*M' "$OUT/export-$name-gc.log" | awk -F'M->|M' '{ if ($1 > m) m = $1 } END { print m * 1024 }')
}

# rows FILE : CSV records (the seeded leads have no line breaks in cells) or JSON lines
rows() {
  case "$1" in
    *.csv.gz) echo $(( $(gzip -dc "$1" | wc -l) - 1 )) ;;
    *.gz) gzip -dc "$1" | wc -l ;;
    *.csv) echo $(( $(wc -l < "$1") - 1 )) ;;
    *) wc -l < "$1" ;;
  esac
}

# report NAME LEADS : the figures of the last run_export
report() {
  local leads=$2 got status
  status=$(json "$REPORT" status)
  got=$(rows "$FILE")
  local check="OK"; [ "$got" = "$leads" ] && [ "$status" = published ] || check="MISMATCH"
  echo "$1: $(json "$REPORT" leads) leads, $(json "$REPORT" rows) rows, $(json "$REPORT" pages) pages," \
       "$(json "$REPORT" retries) retries in $(json "$REPORT" durationMillis) ms = $(json "$REPORT" leadsPerSecond) leads/s;" \
       "-Xmx$HEAP: peak RSS $((PEAK_KB / 1024)) MiB, heap peak $((HEAP_PEAK_KB / 1024)) MiB, live set $([ "${SAMPLE_LIVE:-yes}" = yes ] && echo "max $((LIVE_KB / 1024)) MiB" || echo "not sampled");" \
       "file $(basename "$FILE") $(( $(stat -c %s "$FILE") / 1024 )) KiB with $got records (expected $leads: $check)"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
want() { [ "$what" = "$1" ] || [ "$what" = all ] || { [ "$what" = default ] && [ "$1" != scale ] && [ "$1" != latency ] && [ "$1" != million ] && [ "$1" != events ]; }; }

if want csv || want jsonl || want paged; then
  start_sandbox export-main "--seed=$LEADS"
  if want csv; then
    run_export csv bench.csv
    report "close->csv" "$LEADS"
  fi
  if want jsonl; then
    run_export jsonl bench.jsonl.gz -Dleads.export.format=jsonl -Dleads.export.gzip=true
    report "close->jsonl.gz" "$LEADS"
  fi
  if want paged; then
    run_export paged bench-paged.csv -Dleads.crm.api=paged
    report "paged->csv" "$LEADS"
  fi
  kill "$SANDBOX_PID"
fi

if want scale; then
  big=$((LEADS * 4))
  start_sandbox export-scale "--seed=$big"
  run_export scale bench-scale.csv
  report "close->csv x4" "$big"
  kill "$SANDBOX_PID"
fi

if want latency; then
  n=${LATENCY_LEADS:-20000}; ms=${LATENCY_MS:-100}
  SAMPLE_LIVE=no # timed runs: no live-set sampling (its jcmd calls would compete for the CPU)
  start_sandbox export-latency "--seed=$n" "--latency-ms=$ms"
  echo "latency: $n leads, $ms ms per request; one page of 100 after another waits $((n / 100 * ms / 1000)) s at least"
  paths=" ${LATENCY_PATHS:-bulk search pages paged} "
  if [[ $paths == *" bulk "* ]]; then
    run_export bulk bench-bulk.csv
    report "close bulk (auto)" "$n"
  fi
  if [[ $paths == *" search "* ]]; then
    run_export search16 bench-search16.csv -Dleads.export.close-read=search
    report "close search, 16 ranges at a time" "$n"
    run_export search1 bench-search1.csv -Dleads.export.close-read=search -Dleads.export.concurrency=1
    report "close search, one walk" "$n"
  fi
  if [[ $paths == *" pages "* ]]; then
    run_export pages16 bench-pages16.csv -Dleads.export.close-read=pages
    report "close pages, 16 at a time" "$n"
    run_export pages1 bench-pages1.csv -Dleads.export.close-read=pages -Dleads.export.concurrency=1
    report "close pages, one after another" "$n"
  fi
  if [[ $paths == *" paged "* ]]; then
    run_export paged16 bench-paged16.csv -Dleads.crm.api=paged
    report "paged, 16 at a time" "$n"
    run_export paged1 bench-paged1.csv -Dleads.crm.api=paged -Dleads.export.concurrency=1
    report "paged, one after another" "$n"
  fi
  kill "$SANDBOX_PID"
  SAMPLE_LIVE=yes
fi

if want million; then
  m=${MILLION:-1000000}
  start_sandbox export-million "--seed=$m" "--max-skip=250000"
  run_export million bench-million.csv
  report "close->csv, $m leads past max_skip 250,000" "$m"
  ids=$(tail -n +2 "$FILE" | cut -d, -f1 | sort -u | wc -l)
  echo "distinct lead ids in the file: $ids (expected $m)"
  kill "$SANDBOX_PID"
fi

if want events; then
  n=${EVENTS_LEADS:-100000}; per_day=${EVENTS_PER_DAY:-5000}; ms=${EVENTS_LATENCY_MS:-0}
  SAMPLE_LIVE=no
  start_sandbox export-events "--seed=$n" "--history=30:$per_day" "--latency-ms=$ms"
  echo "events: $n leads seeded, then 30 days of $per_day changes a day (1 in 10 a deletion, 1 in 10 a merge), $ms ms per request"
  run_export events bench-events-full.csv -Dleads.export.incremental=true
  echo "events, the first run (every lead): $(json "$REPORT" leads) leads in $(json "$REPORT" durationMillis) ms"
  mark=$(ls "$OUT"/export-events-data/state/*.last-success)
  for days in 1 29; do
    date -u -d "$days days ago" +%Y-%m-%dT%H:%M:%SZ > "$mark"
    KEEP_DATA=yes run_export events "bench-events-$days.csv" -Dleads.export.incremental=true
    echo "events, last success $days days back: $(grep -o "Close's event log.*" "$OUT/export-events.log");" \
         "the run: $(json "$REPORT" leads) leads, $(json "$REPORT" deleted) deleted, $(json "$REPORT" mergedAway) merged away" \
         "in $(json "$REPORT" durationMillis) ms"
  done
  kill "$SANDBOX_PID"
  SAMPLE_LIVE=yes
fi
