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
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
case "$mode" in
  all | http) ;;
  *)
    echo "usage: benchmarks/run.sh [http [--short]]" >&2
    exit 2
    ;;
esac

JAVA=${JAVA:-java}
OTEL_VERSION=2.31.1
out=benchmarks/target/results
agent=agent/target/poolpilot-agent.jar
jar=benchmarks/target/benchmarks.jar
otel=benchmarks/target/otel/opentelemetry-javaagent-$OTEL_VERSION.jar

mvn -B -q -pl agent,benchmarks -am -DskipTests package
mkdir -p "$out"
otel_opt=()
if [ "${SKIP_OTEL:-0}" != 1 ]; then
  if [ ! -f "$otel" ]; then
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
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

if [ "$mode" = http ]; then
  short=false
  [ "${2:-}" = --short ] && short=true
  realtime=()
  if [ "${HTTP_REALTIME:-1}" = 1 ]; then
    if chrt -r 1 true 2>/dev/null; then
      realtime=(chrt -r 1)
    else
      echo "cannot run real-time (chrt -r 1); the load generator runs at normal priority" >&2
    fi
  fi
  read -r -a http_opts <<<"${HTTP_OPTS:-}"
  pin=()
  if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    pin=(taskset -c 1)
    services_on=0
  else
    services_on=
  fi
  {
    machine
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    "$JAVA" -version 2>&1
    "${realtime[@]}" "${pin[@]}" "$JAVA" -Dbench.agent="$agent" "${otel_opt[@]}" \
      -Dbench.short="$short" -Dbench.serviceCpus="$services_on" \
      -Dbench.serviceAutogroupNice="${HTTP_SERVICE_NICE--10}" \
      -Dbench.logDir="$out/http-logs" "${http_opts[@]}" \
      -cp "$jar" io.poolpilot.benchmarks.http.HttpOverheadBenchmark
    echo
    echo "after the run:"
    machine
  } 2>&1 | tee "$out/http.txt"
  exit 0
fi

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
