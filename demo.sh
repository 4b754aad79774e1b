#!/usr/bin/env bash
# PoolPilot demo: an order service with a too-small thread pool, watched by the sidecar.
#
#   ./demo.sh [--duration <seconds>] [--no-agent]
#
# Starts the sidecar (console table on) and BurstyOrderService with the PoolPilot agent
# attached, drives open-loop load (light, then heavy), pins the pool larger through the
# sidecar's API halfway through the heavy phase, and prints the sidecar's pool table at the
# end. --no-agent runs the service without the agent, as a baseline. Everything it starts is
# stopped when it exits, however it exits.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

JAVA="${JAVA:-java}"
AGENT_JAR=agent/target/poolpilot-agent.jar
SIDECAR_JAR=sidecar/target/poolpilot-sidecar.jar
EXAMPLES_JAR=examples/target/poolpilot-examples.jar
# BurstyOrderService's default pool (core 2, about 20 ms an order) serves about 100 orders/s.
LIGHT_RATE=40
HEAVY_RATE=150

duration=30
use_agent=true

usage() {
  echo "usage: $0 [--duration <seconds>] [--no-agent]" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration)
      [[ $# -ge 2 ]] || usage
      duration="$2"
      shift 2
      ;;
    --duration=*)
      duration="${1#*=}"
      shift
      ;;
    --no-agent)
      use_agent=false
      shift
      ;;
    -h | --help) usage ;;
    *)
      echo "demo: unknown argument '$1'" >&2
      usage
      ;;
  esac
done
if ! [[ "$duration" =~ ^[0-9]+$ ]] || ((duration < 2)); then
  echo "demo: --duration '$duration' must be a whole number of seconds, at least 2" >&2
  exit 2
fi
light_seconds=$((duration / 3 > 0 ? duration / 3 : 1))
heavy_seconds=$((duration - light_seconds))

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/poolpilot-demo.XXXXXX")"
pids=()

cleanup() {
  local status=$?
  trap '' INT TERM # a second Ctrl-C must not cut the clean-up short
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits up to 60 s for a line matching a pattern in a log, while its process lives.
wait_for_line() {
  local pid="$1" log="$2" pattern="$3"
  for _ in $(seq 600); do
    if grep -qsE "$pattern" "$log"; then
      grep -m1 -E "$pattern" "$log"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: process $pid exited before printing '$pattern'; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "demo: no '$pattern' after 60 s; log:" >&2
  cat "$log" >&2
  return 1
}

if [[ ! -f "$SIDECAR_JAR" || ! -f "$EXAMPLES_JAR" || ($use_agent == true && ! -f "$AGENT_JAR") ]]; then
  echo "demo: building (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
if [[ $use_agent == true && ! -f "$AGENT_JAR" ]]; then
  echo "demo: $AGENT_JAR is missing after the build; --no-agent runs without it" >&2
  exit 1
fi

echo "demo: starting the sidecar"
"$JAVA" -jar "$SIDECAR_JAR" --otlp-port 0 --api-port 0 --console --console-interval 5s \
  --data-dir "$work_dir/sidecar-data" >"$work_dir/sidecar.log" 2>&1 &
sidecar_pid=$!
pids+=("$sidecar_pid")
listening="$(wait_for_line "$sidecar_pid" "$work_dir/sidecar.log" '^poolpilot-sidecar listening: ')"
otlp_url="$(sed -E 's/.*otlp=([^ ]+).*/\1/' <<<"$listening")"
api_url="$(sed -E 's/.*api=([^ ]+).*/\1/' <<<"$listening")"
echo "demo: sidecar OTLP at $otlp_url, API at $api_url"
# Ends by itself with the sidecar: --pid makes tail stop, and sed follows at end of input.
tail --pid="$sidecar_pid" -n +1 -f "$work_dir/sidecar.log" | sed -u 's/^/  sidecar | /' &
pids+=($!)

agent_args=()
if [[ $use_agent == true ]]; then
  agent_args=("-javaagent:$AGENT_JAR=endpoint=$otlp_url,service.name=orders")
fi
echo "demo: starting BurstyOrderService${agent_args:+ with the agent}"
"$JAVA" "${agent_args[@]}" -cp "$EXAMPLES_JAR" io.poolpilot.examples.pressure.BurstyOrderService 0 \
  >"$work_dir/orders.log" 2>&1 &
orders_pid=$!
pids+=("$orders_pid")
port="$(wait_for_line "$orders_pid" "$work_dir/orders.log" '^listening on [0-9]+$' | awk '{print $3}')"
orders_url="http://127.0.0.1:$port/orders"
echo "demo: orders service at $orders_url"

# One HTTP call with the JDK's client (see HttpCall), so the demo needs no curl.
http() {
  "$JAVA" -cp "$EXAMPLES_JAR" io.poolpilot.examples.load.HttpCall "$@"
}

# Runs in the background and is waited for, so a signal to this script stops it at once.
load() {
  "$JAVA" -cp "$EXAMPLES_JAR" io.poolpilot.examples.load.OpenLoopLoad \
    --url "$orders_url" --rate "$1" --duration "$2" --label "$3" &
  pids+=($!)
  wait "${pids[-1]}"
}

echo "demo: light load, $LIGHT_RATE orders/s for ${light_seconds}s"
load "$LIGHT_RATE" "$light_seconds" light
if [[ $use_agent == false ]]; then
  echo "demo: heavy load, $HEAVY_RATE orders/s for ${heavy_seconds}s"
  load "$HEAVY_RATE" "$heavy_seconds" heavy
else
  # Without a tuner yet, the demo closes the loop by hand: the sidecar's API pins the pool and
  # the agent inside the service applies it within a poll or two.
  first_heavy=$(((heavy_seconds + 1) / 2))
  echo "demo: heavy load, $HEAVY_RATE orders/s for ${first_heavy}s, on the service's own pool"
  load "$HEAVY_RATE" "$first_heavy" heavy
  echo "demo: pinning orders-* to core 8, max 16 through the sidecar's API"
  token="$(cat "$work_dir/sidecar-data/sidecar-token")"
  http PUT "$api_url/api/pools/orders/orders-%2A" --header "Authorization: Bearer $token" \
    --header 'Content-Type: application/json' --data '{"core": 8, "max": 16}' >/dev/null
  http GET "$api_url/api/pools" --until '"name" ?: ?"orders-\*"[^}]*"core" ?: ?8[,}]' \
    --timeout 30 >/dev/null
  echo "demo: heavy load again for $((heavy_seconds - first_heavy))s, on the pinned pool"
  load "$HEAVY_RATE" "$((heavy_seconds - first_heavy))" heavy-pinned
fi

echo "demo: pools as the sidecar sees them ($api_url/api/pools)"
http GET "$api_url/api/pools" --header 'Accept: text/plain'
