#!/usr/bin/env bash
# Where one variant of the HTTP benchmark's service spends its CPU in steady state at a fixed rate:
#   benchmarks/profile-http.sh [none|poolpilot|sdk-floor] [rate, default 1000]
# Starts the sink and the OrderService (pinned to cpu 0, the load on cpu 1, as run.sh http does),
# warms it up (60 s at saturation, 30 s at the rate), then drives it 25 s at the rate while `perf
# record -e cpu-clock -g` samples it for 20 s, and prints
#   - CPU per request by thread group, from /proc/<pid>/task/*/stat over the 25 s, and
#   - for the request threads, the CPU per request spent inside the agent's code (its classes and
#     the SDK shaded in it) or, for sdk-floor, inside the OpenTelemetry SDK, from the samples whose
#     innermost agent/SDK-or-application frame is the agent's or the SDK's. Advice inlined into JDK
#     methods (the pool's execute/getTask) counts as the JDK's, so this is a lower bound.
# Needs perf (linux-perf) and python3; run as root or with perf_event_paranoid <= 1. About 2.5 min.
# Builds nothing: run `benchmarks/run.sh http --short` or mvn package first.
set -euo pipefail
cd "$(dirname "$0")/.."
variant=${1:-poolpilot}
rate=${2:-1000}
jar=benchmarks/target/benchmarks.jar
agent=agent/target/poolpilot-agent.jar
out=benchmarks/target/profile
mkdir -p "$out"
java -cp "$jar" io.poolpilot.benchmarks.http.OtlpSink >"$out/sink.out" 2>&1 &
sink=$!
svc=
trap 'kill $sink ${svc:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q port= "$out/sink.out" && break; sleep 0.2; done
sink_port=$(sed -n 's/port=//p' "$out/sink.out")
opts=(-Xms256m -Xmx256m -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -XX:+PreserveFramePointer)
case "$variant" in
  none) ;;
  poolpilot) opts+=("-javaagent:$agent=endpoint=http://127.0.0.1:$sink_port/poolpilot,service.name=order-service") ;;
  sdk-floor) opts+=(-Dorders.sdkFloor=true) ;;
  *) echo "unknown variant $variant" >&2; exit 2 ;;
esac
taskset -c 0 java "${opts[@]}" -cp "$jar" io.poolpilot.benchmarks.http.OrderService >"$out/$variant.out" 2>&1 &
svc=$!
for _ in $(seq 1 100); do grep -q port= "$out/$variant.out" && break; sleep 0.2; done
port=$(sed -n 's/port=//p' "$out/$variant.out")
drive() { taskset -c 1 java -cp "$jar" io.poolpilot.benchmarks.http.LoadDriver "$port" "$@"; }
drive saturate 60 >/dev/null
drive rate "$rate" 30 >/dev/null
threads() {
  for t in /proc/$svc/task/*; do echo "$(tr ' ' _ <"$t/comm")|$(awk '{print $14+$15}' "$t/stat")"; done | sort
}
threads >"$out/$variant.t0"
(sleep 2 && perf record -q -e cpu-clock -F 2000 -g -p "$svc" -o "$out/$variant.perf" -- sleep 20 >/dev/null 2>&1) &
recorder=$!
result=$(drive rate "$rate" 25)
wait $recorder
threads >"$out/$variant.t1"
jcmd "$svc" Compiler.perfmap >/dev/null
perf script -i "$out/$variant.perf" 2>/dev/null >"$out/$variant.script"
ticks=$(getconf CLK_TCK)
echo "$variant at $rate/s for 25 s: $result"
paste -d'|' "$out/$variant.t0" "$out/$variant.t1" | awk -F'|' -v n=$((rate * 25)) -v hz="$ticks" '
  { g = $1; sub(/[-_]?[0-9]+$/, "", g); d[g] += $4 - $2 }
  END { for (k in d) if (d[k] > 0) printf "  %-24s %6.1f us/request\n", k, d[k] * 1e6 / hz / n }' | sort -k2 -n -r
python3 - "$out/$variant.script" "$rate" <<'PY'
import re, sys
path, rate = sys.argv[1], float(sys.argv[2])
period_us = 1e6 / 2000
counts = {"agent or SDK": 0, "application and JDK": 0, "other": 0}
inside = {}
comm, stack = None, []

def flush():
    if not comm or not comm.startswith("orders-http") or not stack:
        return
    kind = "other"
    for frame in stack:
        if "io.poolpilot.agent" in frame or "io.opentelemetry" in frame:
            kind = "agent or SDK"
            name = re.sub(r"\(.*", "", frame.split(" ", 1)[-1]).split(" ")[-1]
            name = name.replace("io.poolpilot.agent.shaded.opentelemetry", "otel")
            inside[name] = inside.get(name, 0) + 1
            break
        if "sun.net.httpserver" in frame or "io.poolpilot.benchmarks" in frame:
            kind = "application and JDK"
            break
    counts[kind] += 1

for line in open(path, errors="replace"):
    if line and not line[0].isspace():
        flush()
        comm, stack = line.split()[0], []
    elif line.strip():
        parts = line.strip().split(" ", 1)
        if len(parts) > 1:
            stack.append(parts[1])
flush()
requests = rate * 20
print("request threads (orders-http-*), from 20 s of samples:")
for kind, n in counts.items():
    print(f"  {kind:<22} {n * period_us / requests:6.2f} us/request")
print("  where the agent/SDK samples were (innermost agent or SDK frame):")
for name, n in sorted(inside.items(), key=lambda kv: -kv[1])[:12]:
    print(f"    {n * period_us / requests:5.2f} us  {name}")
PY
