# Shared by the benchmark scripts: sourced, not run. Run from the repository root.
# Sets OUT (work files, git-ignored) and JAR (a copy of the built jar: a rebuild of target/ during a
# long run must not swap classes under the running JVMs); kills every started process on exit.
OUT=benchmarks/out
[ -f target/crm-lead-routes.jar ] || mvn -q -B package -DskipTests
mkdir -p "$OUT"
JAR=$OUT/$(basename "$0" .sh).jar
cp target/crm-lead-routes.jar "$JAR"

pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start_sandbox NAME ARGS... : starts SandboxMain in its own JVM (seeding may take a while);
# sets SANDBOX_URL and SANDBOX_PID; its log is $OUT/NAME-sandbox.log
start_sandbox() {
  local name=$1; shift
  java -Xmx3g -cp "$JAR" org.leadroutes.sandbox.SandboxMain --port=0 "$@" > "$OUT/$name-sandbox.log" 2>&1 &
  SANDBOX_PID=$!; pids+=("$SANDBOX_PID")
  for _ in $(seq 1 3000); do
    SANDBOX_URL=$(sed -n 's/^sandbox CRM listening on //p' "$OUT/$name-sandbox.log")
    [ -n "$SANDBOX_URL" ] && return 0
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "sandbox did not start: $OUT/$name-sandbox.log" >&2; exit 1
}

# json FILE KEY : a top-level value of a report file
json() { sed -n "s/.*\"$2\" : \\([^,]*\\).*/\\1/p" "$1" | head -1 | tr -d '"'; }
