#!/usr/bin/env bash
# Footprint benchmark (issue 30): resident size and start-up of the jar as a user runs it, on the embedded sandbox.
#   service  the README's quick start (the sample drop, one export right after start-up): the CPU time used by
#            "started" and by the export's line, the resident size then, and every IDLE_MINUTES (default 0) after
#   once     a one-row drop with --once and leads.export.enabled=false: CPU time (user+sys), wall time, peak RSS
# Usage: benchmarks/footprint-benchmark.sh [service|once] [script|java]   (default: once script)
#   script: bin/crm-lead-routes (its first run writes the class-data archive: this script makes one first);
#   java:   java -jar with the JVM's defaults. The management port is a free one (camel.management.port=0).
# CPU time, not wall time, compares runs on a machine shared with other builds. Figures go to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-once}; how=${2:-script}
source benchmarks/common.sh
root=$(pwd)
mkdir -p "$OUT/footprint/target" "$OUT/footprint/bin"
# a jar copied again would be newer than its archive: the launcher would write a new one in the measured run
cmp -s "$JAR" "$OUT/footprint/target/crm-lead-routes.jar" || cp "$JAR" "$OUT/footprint/target/crm-lead-routes.jar"
cp bin/crm-lead-routes "$OUT/footprint/bin/"
# command ARGS... : sets cmd, the launcher with ARGS (for java, the -D words before -jar, the rest after)
command() {
  if [ "$how" = java ]; then
    local jvm=() rest=() word
    for word in "$@"; do case $word in -D*) jvm+=("$word") ;; *) rest+=("$word") ;; esac; done
    cmd=(java "${jvm[@]}" -jar "$root/$OUT/footprint/target/crm-lead-routes.jar" "${rest[@]}")
  else
    cmd=("$root/$OUT/footprint/bin/crm-lead-routes" "$@")
  fi
}
cpu() { awk '{printf "%.2f s", ($14 + $15) / 100}' "/proc/$1/stat"; }   # user+sys of a running process

# fresh DIR ROWS : a fresh working folder with the first ROWS rows of the sample in its inbox
fresh() {
  rm -rf "$1"; mkdir -p "$1/data/inbox"
  head -"$2" samples/leads.csv > "$1/data/inbox/leads.csv"
}
if [ "$how" = script ] && [ ! -f "$OUT/footprint/target/crm-lead-routes.jsa" ]; then
  fresh "$OUT/footprint/first" 2
  command -Dcamel.management.port=0 --once
  (cd "$OUT/footprint/first" && "${cmd[@]}" > run.log 2>&1) || true
  echo "first run (writes the archive) done"
fi

if [ "$what" = once ]; then
  dir=$OUT/footprint/once; fresh "$dir" 2
  command -Dcamel.management.port=0 -Dleads.export.enabled=false --once
  (cd "$dir" && /usr/bin/time -f "%U %S %e %M" -o time.txt "${cmd[@]}" > run.log 2>&1) || true
  read -r user sys wall peak < <(tail -1 "$dir/time.txt")   # after a "Command exited with non-zero status" line
  echo "once ($how): one-row drop, exit $(sed -n 's/.*one-shot run done, exit code \([0-9]*\).*/\1/p' "$dir/run.log"):" \
    "CPU $(echo "$user + $sys" | bc) s (user $user, sys $sys), wall $wall s, peak RSS $((peak / 1024)) MiB"
else
  dir=$OUT/footprint/service; fresh "$dir" 100
  command -Dcamel.management.port=0 -Dleads.export.run-on-start=true
  (cd "$dir" && exec "${cmd[@]}" > run.log 2>&1) &
  shell=$!; pids+=("$shell")
  java_pid() { # the JVM: the launcher's process itself (exec) or one of its children or grandchildren
    local p
    for p in "$shell" $(pgrep -P "$shell") $(pgrep -P "$(pgrep -d, -P "$shell" || echo 0)"); do
      [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && { echo "$p"; return; }
    done
  }
  for _ in $(seq 1 3000); do grep -q "started in" "$dir/run.log" 2>/dev/null && break; sleep 0.1; done
  pid=$(java_pid); pids+=("$pid")
  echo "service ($how): CPU at \"started\" $(cpu "$pid")"
  for _ in $(seq 1 6000); do grep -q "published to" "$dir/run.log" && break; sleep 0.1; done
  sleep 2
  echo "service ($how): after the drop and the export: CPU $(cpu "$pid"), RSS $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MiB"
  for minute in $(seq 1 "${IDLE_MINUTES:-0}"); do
    sleep 60
    echo "service ($how): idle $minute min: RSS $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MiB, peak $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status") MiB"
  done
fi
