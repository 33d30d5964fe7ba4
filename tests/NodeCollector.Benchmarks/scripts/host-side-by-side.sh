#!/usr/bin/env bash
# Scrapes Debian's prometheus-node-exporter (1.5) and NodeCollector alternately, N times each, with the same collectors on
# this machine's /proc and /sys, and prints the CPU seconds each process spent per scrape and their ratio.
# WARMUP (default 30) scrapes of each come first; .NET's tiered JIT needs a few hundred to reach steady state.
# Both listen on 127.0.0.1 only; both are stopped at the end. Usage: host-side-by-side.sh [N] (default 300).
set -euo pipefail
n=${1:-300}
warmup=${WARMUP:-30}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
exporter=/usr/bin/prometheus-node-exporter
[ -x "$exporter" ] || { echo "host-side-by-side: $exporter is missing (apt-get install prometheus-node-exporter)" >&2; exit 3; }
command -v curl >/dev/null || { echo "host-side-by-side: curl is missing" >&2; exit 3; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "building NodeCollector (Release)..."
dotnet build "$repo/src/NodeCollector" -c Release --nologo -v quiet >/dev/null
dll="$repo/src/NodeCollector/bin/Release/net10.0/nodecollector.dll"

mkdir -p "$work/textfile"

nc_port=$(free_port)
cat >"$work/config.yaml" <<YAML
server:
  listen_address: 127.0.0.1:$nc_port
node: {procfs: /proc, sysfs: /sys, rootfs: /}
kubernetes: {enabled: false}
kubelet: {enabled: false}
logs: {enabled: false}
wal: {dir: $work/wal}
host_metrics:
  collectors: default
  textfile: {directory: $work/textfile}
YAML
dotnet "$dll" --config "$work/config.yaml" --log.level warn 2>"$work/nodecollector.log" &
pids+=($!); nc_pid=$!

wait_up() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "host-side-by-side: $1 did not answer" >&2; exit 1; }
wait_up "http://127.0.0.1:$nc_port/metrics"

# node_exporter gets exactly the collectors NodeCollector runs (its default set).
collectors=$(curl -s "http://127.0.0.1:$nc_port/metrics" | sed -n 's/^node_scrape_collector_success{collector="\([a-z_]*\)"}.*/\1/p')

ne_port=$(free_port)
flags=(--web.listen-address=127.0.0.1:$ne_port --collector.disable-defaults --no-collector.netdev.netlink
  '--collector.netdev.device-exclude=^$' "--collector.textfile.directory=$work/textfile"
  '--collector.filesystem.mount-points-exclude=^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)'
  '--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$'
  '--collector.diskstats.device-exclude=^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$')
for c in $collectors; do flags+=("--collector.$c"); done
"$exporter" "${flags[@]}" 2>"$work/node_exporter.log" &
pids+=($!); ne_pid=$!

wait_up "http://127.0.0.1:$ne_port/metrics"

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat, after the ")" of comm).
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# One curl process walks the URLs in order, keeping a connection to each open as Prometheus does, so the scrapes
# alternate: node_exporter, NodeCollector, node_exporter, …
alternate() {
  local args=()
  for _ in $(seq 1 "$1"); do
    args+=(-o /dev/null "http://127.0.0.1:$ne_port/metrics" -o /dev/null "http://127.0.0.1:$nc_port/metrics")
  done
  curl -s "${args[@]}"
}

alternate "$warmup"
ne_before=$(ticks $ne_pid); nc_before=$(ticks $nc_pid)
alternate "$n"
ne_after=$(ticks $ne_pid); nc_after=$(ticks $nc_pid)

ne_families=$(curl -s "http://127.0.0.1:$ne_port/metrics" | grep -c '^# TYPE node_' || true)
nc_families=$(curl -s "http://127.0.0.1:$nc_port/metrics" | grep -c '^# TYPE node_' || true)
echo "collectors: $(echo $collectors)"
awk -v n="$n" -v hz="$hz" -v ne=$((ne_after - ne_before)) -v nc=$((nc_after - nc_before)) -v nef="$ne_families" -v ncf="$nc_families" 'BEGIN {
  printf "node_exporter 1.5: %.5f CPU s per scrape (%d node_* families)\n", ne / hz / n, nef;
  printf "NodeCollector:     %.5f CPU s per scrape (%d node_* families)\n", nc / hz / n, ncf;
  if (ne > 0) printf "ratio NodeCollector / node_exporter: %.2f\n", nc / ne;
}'
