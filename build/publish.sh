#!/usr/bin/env bash
# Publishes the collector the way the container image ships it: self-contained for linux-x64, trimmed and
# ReadyToRun, into the directory given as the first argument. The Dockerfile and the image test
# (tests/NodeCollector.IntegrationTests/Image) both run this script, so what CI checks is what the image holds.
# Intermediate files go to a directory of their own, so a publish never touches the obj/ of a build running beside it.
# Further arguments go to dotnet publish after ours (startup-and-memory.sh measures -p:PublishReadyToRun=false with it).
set -euo pipefail
out=${1:?usage: build/publish.sh OUTPUT_DIR [dotnet publish arguments]}
shift
out=$(mkdir -p "$out" && cd "$out" && pwd)
cd "$(dirname "$0")/.."
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
dotnet publish src/NodeCollector/NodeCollector.csproj \
  --configuration Release \
  --runtime linux-x64 \
  --self-contained true \
  --artifacts-path "$artifacts" \
  --nologo \
  -p:PublishTrimmed=true \
  -p:PublishReadyToRun=true \
  -p:DebugType=none \
  --output "$out" \
  "$@"
