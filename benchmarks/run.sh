#!/usr/bin/env bash
# Reproduces the tables of docs/benchmarks.md: builds the agent and the benchmarks, then runs
#   1. the JMH task-path benchmark, without and with the agent, interleaved fork by fork, then
#      the pieces of the agent's task path without the agent, and
#   2. the start-up benchmark (no agent, PoolPilot, PoolPilot with enabled=false, OpenTelemetry
#      Java agent), interleaved.
# About 6.5 minutes on a 2-core machine. Results go to benchmarks/target/results/.
# Environment: JAVA (default: java on PATH), SKIP_OTEL=1 to leave the OpenTelemetry agent out,
# JMH_FORKS / JMH_WARMUP / JMH_ITERATIONS (3 / 5 / 5), STARTUP_RUNS (5).
#
# benchmarks/run.sh http [--short]
#   runs only the HTTP overhead benchmark (io.poolpilot.benchmarks.http.HttpOverheadBenchmark): a
#   JDK HttpServer service without an agent, with PoolPilot, with the OpenTelemetry Java agent (both
#   exporting OTLP to a local sink) and with the OpenTelemetry SDK used by hand (sdk-floor); CPU per
#   request at a fixed rate, p99, saturated throughput, memory, threads and start-up, interleaved.
#   About 18 minutes; --short is a 2-minute smoke run.
#   Results: benchmarks/target/results/http.txt. The load generator runs real-time (chrt -r 1) on
#   cpu 1, the services on cpu 0 in sessions of their own with autogroup nice -10, so that other
#   work on a shared machine neither delays the generator nor takes most of the service's core.
#   Environment: HTTP_REALTIME=0 (generator at normal priority), HTTP_SERVICE_NICE ('' for no own
#   session, default -10), HTTP_OPTS (more -Dbench.* settings, see BenchmarkSettings).
#
# benchmarks/run.sh app <application jar> [--short]   (also: benchmarks/app-overhead.sh)
#   the same measurements on a real application, spring-petclinic-rest (docs/benchmarks.md,
#   section 5, says how to get and build it): io.poolpilot.benchmarks.http.AppOverheadBenchmark,
#   no agent, PoolPilot and the OpenTelemetry Java agent; start-up over 7 interleaved rounds, CPU,
#   allocation and latency per request at 100 requests/s over 5 interleaved runs, memory and
#   threads; ends with one 'app-overhead: key=value ...' line. About 25 minutes on a busy 2-core
#   machine; --short about 5.
#   Results: benchmarks/target/results/app-overhead.txt. Same scheduling and environment as http.
#
# Maven runs offline first and goes online only if that fails (a first run that must fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
usage="usage: benchmarks/run.sh [http [--short] | app <application jar> [--short]]"
case "$mode" in
  all | http) ;;
  app)
    app_jar=${2:-}
    if [ ! -f "$app_jar" ]; then
      echo "$usage" >&2
      echo "no application jar at '$app_jar'" >&2
      exit 2
    fi
    app_jar=$(realpath "$app_jar")
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac

JAVA=${JAVA:-java}
OTEL_VERSION=2.31.1
out=benchmarks/target/results
agent=agent/target/poolpilot-agent.jar
jar=benchmarks/target/benchmarks.jar
otel=benchmarks/target/otel/opentelemetry-javaagent-$OTEL_VERSION.jar

maven() { mvn -B -q -o "$@" || mvn -B -q "$@"; }

maven -pl agent,benchmarks -am -DskipTests package
mkdir -p "$out"
otel_opt=()
if [ "${SKIP_OTEL:-0}" != 1 ]; then
  if [ ! -f "$otel" ]; then
    maven org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION \
      -DoutputDirectory=benchmarks/target/otel ||
      echo "could not fetch the OpenTelemetry Java agent; start-up runs without it" >&2
  fi
  [ -f "$otel" ] && otel_opt=("-Dbench.otelAgent=$otel")
fi

machine() {
  echo "date: $(date)"
  echo "nproc: $(nproc)"
  echo "load: $(cat /proc/loadavg)"
  echo "busiest processes:"
  ps -eo pcpu,etime,comm --sort=-pcpu | head -6
}

# An overhead benchmark (http or app) from copies of the jars, so that a rebuild during the run
# changes nothing: main class, results name, then -D settings of its own.
overhead() {
  local main=$1 name=$2
  shift 2
  local short=false
  [ "${short_arg:-}" = --short ] && short=true
  local realtime=()
  if [ "${HTTP_REALTIME:-1}" = 1 ]; then
    if chrt -r 1 true 2>/dev/null; then
      realtime=(chrt -r 1)
    else
      echo "cannot run real-time (chrt -r 1); the load generator runs at normal priority" >&2
    fi
  fi
  local http_opts pin=() services_on=
  read -r -a http_opts <<<"${HTTP_OPTS:-}"
  if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    pin=(taskset -c 1)
    services_on=0
  fi
  local jars=benchmarks/target/run-$name
  rm -rf "$jars" "$out/$name-logs"
  mkdir -p "$jars"
  cp "$agent" "$jar" "$jars/"
  local otel_copy=()
  if [ ${#otel_opt[@]} -gt 0 ]; then
    cp "$otel" "$jars/"
    otel_copy=("-Dbench.otelAgent=$jars/$(basename "$otel")")
  fi
  {
    machine
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    "$JAVA" -version 2>&1
    "${realtime[@]}" "${pin[@]}" "$JAVA" -Dbench.agent="$jars/$(basename "$agent")" \
      "${otel_copy[@]}" -Dbench.short="$short" -Dbench.serviceCpus="$services_on" \
      -Dbench.serviceAutogroupNice="${HTTP_SERVICE_NICE--10}" \
      -Dbench.logDir="$out/$name-logs" "$@" "${http_opts[@]}" \
      -cp "$jars/$(basename "$jar")" "$main"
    echo
    echo "after the run:"
    machine
  } 2>&1 | tee "$out/$name.txt"
}

case "$mode" in
  http)
    short_arg=${2:-}
    overhead io.poolpilot.benchmarks.http.HttpOverheadBenchmark http
    exit 0
    ;;
  app)
    short_arg=${3:-}
    overhead io.poolpilot.benchmarks.http.AppOverheadBenchmark app-overhead -Dbench.app="$app_jar"
    exit 0
    ;;
esac

{
  machine
  "$JAVA" -version 2>&1
} | tee "$out/machine.txt"

"$JAVA" -Dbench.agent="$agent" \
  -Dbench.forks="${JMH_FORKS:-3}" -Dbench.warmup="${JMH_WARMUP:-5}" \
  -Dbench.iterations="${JMH_ITERATIONS:-5}" \
  -cp "$jar" io.poolpilot.benchmarks.RunTaskPathBenchmarks | tee "$out/task-path.txt"

{ echo; echo "between the runs:"; machine; } | tee -a "$out/machine.txt"

"$JAVA" -Dbench.agent="$agent" "${otel_opt[@]}" -Dbench.runs="${STARTUP_RUNS:-5}" \
  -Dbench.logDir="$out/startup-logs" \
  -cp "$jar" io.poolpilot.benchmarks.startup.StartupBenchmark | tee "$out/startup.txt"

{ echo; echo "after the runs:"; machine; } | tee -a "$out/machine.txt"
