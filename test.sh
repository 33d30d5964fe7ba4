#!/usr/bin/env bash
# Runs every NodeCollector test. The tests use Debian's prometheus (promtool, the remote-write receiver)
# and prometheus-node-exporter as real peers; this script installs them when they are missing.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
if ((${#missing[@]})); then
  echo "test.sh: installing Debian packages the tests need: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "test.sh: cannot install ${missing[*]} (not root, no password-less sudo)." >&2
    echo "test.sh: install them yourself with: sudo apt-get install ${missing[*]}   then run ./test.sh again." >&2
    exit 3
  fi
  if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "test.sh: apt-get could not install ${missing[*]}; install them by hand and run ./test.sh again." >&2
    exit 3
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test NodeCollector.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if [ "$status" -ne 0 ]; then
  echo "test.sh: FAILED (dotnet test exited $status)"
fi

# The closing line, over all test assemblies: "tests: N passed, N failed, N skipped".
awk '
  /(Passed|Failed)! +- Failed:/ {
    gsub(/,/, "");
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") failed += $(i + 1);
      if ($i == "Passed:") passed += $(i + 1);
      if ($i == "Skipped:") skipped += $(i + 1);
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
