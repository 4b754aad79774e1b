#!/usr/bin/env bash
# What one sidecar costs with N agents of P pools each (docs/benchmarks.md, "Sidecar cost and
# scale"). Builds nothing: run `mvn -o -q -pl benchmarks,sidecar -am package -DskipTests` first.
#
#   benchmarks/sidecar-cost.sh [--instances 1,20,200] [--pools 10] [--duration 60] [--warmup 15]
#
# For each N: starts a fresh sidecar (sidecar/target/poolpilot-sidecar.jar) at normal priority with
# SIDECAR_JVM_OPTS (default: the shipped options, as in the README's start command) and a
# random token, then replays N agents under `nice -n 10` (SidecarCostBenchmark), then stops it.
# Prints one table and a line `sidecar-cost: n=... cpu_pct=... rss_mib=... p99_ms=... dropped=...`
# per N. Sidecar output: benchmarks/target/sidecar-cost/sidecar-<N>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
# The README's start command beside one service (a container takes MaxRAMPercentage=50 of its limit
# instead); a sidecar per node drops TieredStopAtLevel and raises Xmx.
SIDECAR_JVM_OPTS=${SIDECAR_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.3 -XX:-UsePerfData -Xms16m -Xmx96m -Xss512k -XX:MaxMetaspaceSize=64m -XX:+ExitOnOutOfMemoryError}
instances=1,20,200
warmup=15
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances=$2; shift 2 ;;
    --warmup) warmup=$2; rest+=("$1" "$2"); shift 2 ;;
    --pools | --duration | --spans) rest+=("$1" "$2"); shift 2 ;;
    *) echo "usage: benchmarks/sidecar-cost.sh [--instances 1,20,200] [--pools P] [--duration S] [--warmup S] [--spans K]" >&2; exit 2 ;;
  esac
done

sidecar_jar=sidecar/target/poolpilot-sidecar.jar
bench_jar=benchmarks/target/benchmarks.jar
for jar in "$sidecar_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "sidecar-cost: $jar missing; build with mvn -o -q -pl benchmarks,sidecar -am package -DskipTests" >&2; exit 1; }
done
out=benchmarks/target/sidecar-cost
mkdir -p "$out"
# Run a copy: a build during the run replaces the jar, and a JVM loading classes from a replaced jar fails.
cp "$sidecar_jar" "$out/poolpilot-sidecar.jar"
sidecar_jar=$out/poolpilot-sidecar.jar
results=$out/results.txt
: >"$results"
echo "sidecar-cost: $(date -u) $("$JAVA" -version 2>&1 | tail -1); load $(cut -d' ' -f1-3 /proc/loadavg); sidecar options: $SIDECAR_JVM_OPTS"

POOLPILOT_BENCH_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export POOLPILOT_BENCH_TOKEN
sidecar_pid=
stop_sidecar() {
  if [ -n "$sidecar_pid" ]; then
    kill "$sidecar_pid" 2>/dev/null || true
    wait "$sidecar_pid" 2>/dev/null || true
  fi
  sidecar_pid=
}
trap stop_sidecar EXIT

for n in ${instances//,/ }; do
  log=$out/sidecar-$n.log
  data=$(mktemp -d "$out/data-XXXXXX")
  # shellcheck disable=SC2086 # the options are words
  gclog=$out/gc-$n.log
  POOLPILOT_SIDECAR_TOKEN=$POOLPILOT_BENCH_TOKEN "$JAVA" $SIDECAR_JVM_OPTS "-Xlog:gc:file=$gclog" -jar "$sidecar_jar" \
    --otlp-port 0 --api-port 0 --data-dir "$data" >"$log" 2>&1 &
  sidecar_pid=$!
  for _ in $(seq 300); do
    grep -q '^poolpilot-sidecar listening:' "$log" && break
    kill -0 "$sidecar_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  line=$(grep -m1 '^poolpilot-sidecar listening:' "$log")
  otlp=$(sed -E 's/.*otlp=([^ ]+).*/\1/' <<<"$line")
  api=$(sed -E 's/.*api=([^ ]+).*/\1/' <<<"$line")
  nice -n 10 "$JAVA" -Xmx512m -cp "$bench_jar" io.poolpilot.benchmarks.sidecar.SidecarCostBenchmark \
    --instances "$n" --otlp "$otlp" --api "$api" --sidecar-pid "$sidecar_pid" --sidecar-log "$log" \
    "${rest[@]}" | tee -a "$results" | grep -v '^table-row:' || true
  stop_sidecar
  rm -rf "$data"
  # The collector's pauses stop the event loops too: count them from the end of the warm-up (the
  # log's clock starts with the JVM, a second or two before the replay).
  awk -v n="$n" -v from="$warmup" '
    /Pause/ {
      t = substr($1, 2) + 0; ms = $NF; sub(/ms$/, "", ms); ms += 0
      if (t < from) next
      pauses++; if (ms > max) max = ms; if (ms > 100) over++
      if ($0 ~ /Pause Full/ && match($0, /->[0-9]+M/)) live = live (live ? "," : "") substr($0, RSTART + 2, RLENGTH - 3)
    }
    END { printf "sidecar-gc: n=%s pauses=%d max_ms=%.1f over_100ms=%d live_after_full_mib=%s\n", n, pauses, max, over, (live ? live : "none") }
  ' "$gclog" | tee -a "$results"
done

echo
echo "| N × pools | sidecar CPU % of a core | RSS MiB start / end / max | threads | answers (from due time) | blocked-thread warnings (whole run) | pools reported / controlled / with desired of expected | generator CPU % | generator send lag p99 ms |"
echo "|---|---|---|---|---|---|---|---|---|"
sed -n 's/^table-row: //p' "$results"
grep '^sidecar-cost: n=\|^sidecar-gc: n=' "$results"
