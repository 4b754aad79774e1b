#!/usr/bin/env bash
# Issue 14's real-JVM tuner evaluation (docs/tuning.md, "Real JVM"): builds the shipped agent and
# sidecar jars and the benchmarks, copies them (a rebuild during the run changes nothing), then runs
# io.poolpilot.benchmarks.tuner.TunerRealEvaluation: a real service under the real agent, a real
# sidecar in auto, an open-loop load through step, overload, burst and noisy-neighbour phases, each
# run with the tuner, the application's own pool size and a sweep of static sizes, 3 repetitions
# interleaved. 17 to 20 minutes on a 2-core machine; --short (1 repetition, short phases, what CI's
# TunerRealEvaluationIT runs) about 2.
# Output: benchmarks/target/results/tuner-real.txt, machine state before and after; the last line
# of the evaluation is 'tuner-real: goodput_vs_best_static=... p99_vs_default=... reversals_per_min=...'.
# Environment: JAVA (default: java on PATH). Maven runs offline first, online only if that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
out=benchmarks/target/results
jars=benchmarks/target/tuner-real
maven() { mvn -B -q -o "$@" || mvn -B -q "$@"; }

maven -pl agent,sidecar,benchmarks -am package -DskipTests
rm -rf "$jars"
mkdir -p "$jars/work" "$out"
cp agent/target/poolpilot-agent.jar sidecar/target/poolpilot-sidecar.jar \
  benchmarks/target/benchmarks.jar "$jars/"
machine() {
  echo "date: $(date -u)"
  echo "nproc: $(nproc)"
  echo "uptime: $(uptime)"
}
{
  machine
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  "$JAVA" -version 2>&1
  "$JAVA" -cp "$jars/benchmarks.jar" io.poolpilot.benchmarks.tuner.TunerRealEvaluation \
    --agent "$jars/poolpilot-agent.jar" --sidecar "$jars/poolpilot-sidecar.jar" \
    --work-dir "$jars/work" "$@"
  echo
  echo "after the run:"
  machine
} 2>&1 | tee "$out/tuner-real.txt"
# The summary stays the last line, for whoever reads it with tail -1.
grep '^tuner-real: goodput' "$out/tuner-real.txt" | tail -1
