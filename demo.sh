#!/usr/bin/env bash
# PoolPilot demo: two example services tuned under changing load.
#
#   ./demo.sh [--duration <seconds>] [--api-port <port>] [--period <seconds>]
#
# Builds the jars if they are missing, then runs io.poolpilot.examples.demo.DemoMain, which starts
# the sidecar, a slow dependency, service-a (Jetty, 64 worker threads) and service-b (Vert.x Web,
# 4 worker threads) with the agent, drives the load phases (default 180 s), prints a status line
# per period and each decision, then a before/after table and the demo-summary line. DemoMain
# stops everything it started when it exits, Ctrl-C included.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

JAVA="${JAVA:-java}"
AGENT_JAR=agent/target/poolpilot-agent.jar
SIDECAR_JAR=sidecar/target/poolpilot-sidecar.jar
EXAMPLES_JAR=examples/target/poolpilot-examples.jar

if [[ ! -f "$AGENT_JAR" || ! -f "$SIDECAR_JAR" || ! -f "$EXAMPLES_JAR" ]]; then
  if ! command -v mvn >/dev/null 2>&1; then
    echo "demo: the jars are missing and Maven is not installed; install Maven, then run" >&2
    echo "      mvn -B -q -DskipTests package -pl agent,sidecar,examples -am" >&2
    exit 1
  fi
  echo "demo: building the jars (mvn -B -q -DskipTests package -pl agent,sidecar,examples -am)"
  mvn -B -q -DskipTests package -pl agent,sidecar,examples -am
fi

# exec: Ctrl-C reaches the JVM directly, whose shutdown hook stops every process it started.
exec "$JAVA" -cp "$EXAMPLES_JAR" io.poolpilot.examples.demo.DemoMain \
  --agent-jar "$AGENT_JAR" --sidecar-jar "$SIDECAR_JAR" "$@"
