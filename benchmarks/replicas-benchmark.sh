#!/usr/bin/env bash
# Replicas benchmark: several JVMs of the real jar on one data folder, coordinating through a fresh
# database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust), against a sandbox CRM in
# its own JVM over loopback.
#   throughput  20 drops of 40 companies behind an announced 40/s limit: one process, then three
#               replicas: rate reached, share of 429s
#   takeover    three replicas, six drops of 100 companies (25 ms latency): the leader killed (SIGKILL)
#               once two drops are done: kill to the lock taken by another, kill to the next lead created
#   export      fire-to-publish of a scheduled export of 2,000 leads: one process, then three replicas
# Usage: benchmarks/replicas-benchmark.sh [throughput|takeover|export|all]   (default: all)
# Figures go to stdout; work files to benchmarks/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
source benchmarks/common.sh
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "no PostgreSQL at 127.0.0.1:5432: start it (pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)" >&2; exit 1; }

DBS=()
drop_dbs() { for d in "${DBS[@]:-}"; do [ -n "$d" ] && psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done; }
trap 'cleanup; drop_dbs' EXIT

# new_db : creates a database, sets DB_URL
new_db() {
  local name="leads_bench_$RANDOM$RANDOM"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name" >/dev/null
  DBS+=("$name"); DB_URL="jdbc:postgresql://127.0.0.1:5432/$name"
}

now_ms() { date +%s%3N; }

# replica NAME DATA CLUSTER(yes|no) JAVA_OPTS... : starts the jar; appends its pid to REPLICAS
replica() {
  local name=$1 data=$2 cluster=$3; shift 3
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
  local db=()
  [ "$cluster" = yes ] && db=(-Dleads.cluster.jdbc-url="$DB_URL" -Dleads.cluster.username=postgres)
  java -Xmx384m -Dcamel.management.port="$port" -Dleads.crm.url="$SANDBOX_URL" -Dleads.data-dir="$data" \
       -Dleads.import.read-lock-min-age-ms=0 -Dleads.import.poll-delay-ms=200 "${db[@]}" "$@" -jar "$JAR" \
       > "$OUT/$name.log" 2>&1 &
  pids+=("$!"); REPLICAS+=("$!")
}

stop_replicas() {
  for p in "${REPLICAS[@]:-}"; do [ -n "$p" ] && { kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; } || true; done
  REPLICAS=()
}

# drops DATA COUNT COMPANIES : writes COUNT csv files into DATA/inbox at once
drops() {
  local data=$1 count=$2 n=$3
  mkdir -p "$data/inbox" "$data/upload"
  for f in $(seq 1 "$count"); do
    awk -v n="$n" -v f="$f" 'BEGIN { print "Company Name,First Name,Email";
      for (i = 0; i < n; i++) printf "Company %d-%d Inc,First%d,p%d@c%d-%d.example.com\n", f, i, i, i, f, i }' \
      > "$data/upload/drop$f.csv"
  done
  mv "$data"/upload/*.csv "$data/inbox/"
}

reports() { ls "$1"/reports/*.report.json 2>/dev/null | wc -l; }
sum() { local total=0 v; for r in "$1"/reports/*.report.json; do v=$(json "$r" "$2"); total=$((total + ${v:-0})); done; echo "$total"; }
# sending_rate : leads/s from the first lead created to the last (the CRM's date_created), the import's own pace
sending_rate() {
  python3 - "$SANDBOX_URL" <<'PY'
import json, sys, urllib.request
from datetime import datetime
url, dates, skip = sys.argv[1], [], 0
while True:
    page = json.load(urllib.request.urlopen(f"{url}/lead/?_limit=100&_skip={skip}&_fields=date_created"))
    dates += [datetime.fromisoformat(l["date_created"].replace("Z", "+00:00")) for l in page["data"]]
    skip += 100
    if not page.get("has_more"):
        break
span = (max(dates) - min(dates)).total_seconds()
print(f"{(len(dates) - 1) / span:.1f} leads/s = {100 * (len(dates) - 1) / span / 40:.0f}%")
PY
}
leads_in_crm() { curl -s "$SANDBOX_URL/lead/?_limit=1&_fields=id" | sed -n 's/.*"total_results" *: *\([0-9]*\).*/\1/p'; }
wait_until() { local deadline=$(( $(now_ms) + $2 * 1000 )); until eval "$1"; do [ "$(now_ms)" -lt "$deadline" ] || { echo "timed out: $1" >&2; exit 1; }; sleep 0.1; done; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
REPLICAS=()

if [ "$what" = throughput ] || [ "$what" = all ]; then
  for n in 1 3; do
    start_sandbox "throughput-$n" --rate-limit=40
    new_db; data="$OUT/throughput-$n-data"; rm -rf "$data"; mkdir -p "$data"
    # the default read lock (a drop taken once it is a second old): a min age of 0 would make Camel's
    # "changed" lock look at each drop twice, a check interval (500 ms) apart, a pause per drop
    for r in $(seq 1 "$n"); do
      replica "throughput-$n-$r" "$data" "$([ "$n" = 1 ] && echo no || echo yes)" -Dleads.import.read-lock-min-age-ms=1000
    done
    # the inbox is read: one process says "import on" once started, a replica "now leads" once it holds the lock
    wait_until "grep -qE '$([ "$n" = 1 ] && echo 'import on;' || echo 'now leads')' $OUT/throughput-$n-*.log" 90
    start=$(now_ms); drops "$data" 20 40
    wait_until "[ \$(reports $data) -eq 20 ]" 300
    millis=$(( $(now_ms) - start )); created=$(sum "$data" leadsCreated); limited=$(sum "$data" rateLimited)
    sending=$(sending_rate)
    stop_replicas; kill "$SANDBOX_PID"
    echo "throughput, $n $([ "$n" = 1 ] && echo "process (no database)" || echo "replicas"): 20 drops, $created leads in ${millis} ms:" \
      "$(awk -v c="$created" -v m="$millis" 'BEGIN {printf "%.1f leads/s = %.0f%% of the 40/s limit", c * 1000 / m, 100 * c * 1000 / m / 40}')," \
      "first to last lead created: $sending, $limited of $((created + limited)) POSTs answered 429 ($(awk -v r="$limited" -v c="$created" 'BEGIN {printf "%.1f", 100 * r / (c + r)}')%)"
  done
fi

if [ "$what" = takeover ] || [ "$what" = all ]; then
  start_sandbox takeover --latency-ms=25
  new_db; data="$OUT/takeover-data"; rm -rf "$data"; mkdir -p "$data"
  for r in a b c; do replica "takeover-$r" "$data" yes -Dleads.cluster.lock-check-ms=2000; done
  wait_until "grep -q 'now leads' $OUT/takeover-*.log" 90
  drops "$data" 6 100
  wait_until "[ \$(reports $data) -ge 2 ]" 300
  leader=$(grep -l 'now leads' "$OUT"/takeover-*.log | head -1); i=0
  for r in a b c; do [ "$OUT/takeover-$r.log" = "$leader" ] && victim=${REPLICAS[$i]}; i=$((i + 1)); done
  before=$(leads_in_crm); kill -9 "$victim"; killed=$(now_ms); wait "$victim" 2>/dev/null || true
  wait_until "[ \$(grep -l 'now leads' $OUT/takeover-*.log | wc -l) -ge 2 ]" 120; locked=$(( $(now_ms) - killed ))
  at_lock=$(leads_in_crm)
  wait_until "[ \$(leads_in_crm) -gt $at_lock ]" 120; next=$(( $(now_ms) - killed ))
  wait_until "[ \$(reports $data) -eq 6 ]" 300; done_ms=$(( $(now_ms) - killed ))
  total=$(leads_in_crm)
  stop_replicas; kill "$SANDBOX_PID"
  echo "takeover: leader killed with $before of 600 leads created: lock taken by another replica after ${locked} ms," \
    "next lead created after ${next} ms (the drop reopened, its ledger read, in-flight leads looked up), all six drops" \
    "done ${done_ms} ms after the kill; $total leads in the CRM (600 expected)"
fi

if [ "$what" = export ] || [ "$what" = all ]; then
  start_sandbox export --seed=2000
  for n in 1 3; do
    new_db; data="$OUT/export-$n-data"; rm -rf "$data"; mkdir -p "$data"
    fire=$(( $(date +%s) + 25 )); cron="$(date -u -d @$fire +'%-S %-M %-H') * * ?"
    for r in $(seq 1 "$n"); do
      replica "export-$n-$r" "$data" "$([ "$n" = 1 ] && echo no || echo yes)" -Dleads.import.enabled=false \
        "-Dleads.export.cron=$cron" -Duser.timezone=UTC
    done
    wait_until "grep -q ': published to ' $OUT/export-$n-*.log" 120
    published=$(grep -h ': published to ' "$OUT"/export-$n-*.log | head -1 | cut -c1-12)
    ms=$(awk -v t="$published" -v f="$(date -u -d @$fire +%H:%M:%S)" 'BEGIN { split(t, a, /[:.]/); split(f, b, ":");
      print (a[1] * 3600 + a[2] * 60 + a[3]) * 1000 + a[4] - (b[1] * 3600 + b[2] * 60 + b[3]) * 1000 }')
    runs=$(grep -h ': published to ' "$OUT"/export-$n-*.log | wc -l)
    stop_replicas
    echo "export, $n $([ "$n" = 1 ] && echo "process (no database)" || echo "replicas"): 2,000 leads, fire to publish ${ms} ms, $runs published run(s)"
  done
  kill "$SANDBOX_PID"
fi
