#!/usr/bin/env bash
# Reproduces the tables of docs/benchmarks.md: builds the agent and the benchmarks, then runs
#   1. the JMH task-path benchmark, without and with the agent, interleaved fork by fork, then
#      the pieces of the agent's task path without the agent, and
#   2. the start-up benchmark (no agent, PoolPilot, PoolPilot with enabled=false, OpenTelemetry
#      Java agent), interleaved.
# About 6.5 minutes on a 2-core machine. Results go to benchmarks/target/results/.
# Environment: JAVA (default: java on PATH), SKIP_OTEL=1 to leave the OpenTelemetry agent out,
# JMH_FORKS / JMH_WARMUP / JMH_ITERATIONS (3 / 5 / 5), STARTUP_RUNS (5).
set -euo pipefail
cd "$(dirname "$0")/.."

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
