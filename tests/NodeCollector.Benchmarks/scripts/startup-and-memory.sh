#!/usr/bin/env bash
# Start-up time and idle memory of the collector as the image ships it (build/publish.sh: self-contained, trimmed,
# ReadyToRun) against the same publish with tiered compilation off (DOTNET_TieredCompilation=0: ReadyToRun code is kept,
# never re-compiled), the same publish without ReadyToRun (trimmed IL, all JIT), `dotnet run` and
# `dotnet nodecollector.dll` (framework-dependent, JIT), on the demo node.
# Each variant is started RUNS times (default 3): start-up is the time from launch to the first 200 from /-/ready,
# with the CPU time the collector process used until then; idle RSS is VmRSS 20 s after one /metrics request. For `dotnet run` the collector is the
# child process of the CLI; its RSS is the collector's alone. Usage: startup-and-memory.sh [RUNS]
set -euo pipefail
runs=${1:-3}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
command -v curl >/dev/null || { echo "startup-and-memory: curl is missing" >&2; exit 3; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "publishing (build/publish.sh) and building (Release)..." >&2
"$repo/build/publish.sh" "$work/app" >/dev/null
"$repo/build/publish.sh" "$work/app-il" -p:PublishReadyToRun=false >/dev/null
dotnet build "$repo/src/NodeCollector" -c Release --nologo -v quiet >/dev/null
dotnet build "$repo/hostmocks" -c Release --nologo -v quiet >/dev/null
dll="$repo/src/NodeCollector/bin/Release/net10.0/nodecollector.dll"

dotnet "$repo/hostmocks/bin/Release/net10.0/hostmocks.dll" demo --listen 127.0.0.1:0 --no-collector >"$work/demo.out" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q '^  config ' "$work/demo.out" && break; sleep 0.1; done
config=$(awk '$1 == "config" { print $2 }' "$work/demo.out")
[ -n "$config" ] || { cat "$work/demo.out" >&2; exit 1; }

now_ms() { date +%s%3N; }
port=19477
measure() { # label, command...
  local label=$1; shift
  port=$((port + 1)) # a port of its own: a collector still stopping must not answer for the next one
  sed "s|listen_address: .*|listen_address: 127.0.0.1:$port|" "$config" >"$work/config.yaml"
  local start; start=$(now_ms)
  "$@" --config "$work/config.yaml" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready"; do sleep 0.02; done
  local ready=$(( $(now_ms) - start ))
  local app; app=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  local cpu; cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$app/stat")
  curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"
  sleep 20
  local rss; rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$app/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$app" != "$pid" ] && kill "$app" 2>/dev/null || true
  printf '%-32s start-up %6d ms (CPU %5s s)   idle RSS %7.1f MiB\n' "$label" "$ready" "$cpu" "$(echo "$rss / 1024" | bc -l)"
}

uptime
for _ in $(seq "$runs"); do
  measure "published (trimmed, R2R)" "$work/app/nodecollector"
  measure "published, TieredCompilation=0" env DOTNET_TieredCompilation=0 "$work/app/nodecollector"
  measure "published (trimmed, IL only)" "$work/app-il/nodecollector"
  measure "dotnet nodecollector.dll" dotnet "$dll"
  measure "dotnet run --no-build" dotnet run --project "$repo/src/NodeCollector" -c Release --no-build --
done
uptime
