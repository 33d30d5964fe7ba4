#!/usr/bin/env bash
# Publishes the collector the way the container image ships it: self-contained for linux-x64, trimmed and
# ReadyToRun, into the directory given as the first argument. The Dockerfile and the image test both run this
# script, so the image and what CI checks cannot drift apart.
set -euo pipefail
out=${1:?usage: build/publish.sh OUTPUT_DIR}
cd "$(dirname "$0")/.."
dotnet publish src/NodeCollector/NodeCollector.csproj \
  --configuration Release \
  --runtime linux-x64 \
  --self-contained true \
  --nologo \
  -p:PublishTrimmed=true \
  -p:PublishReadyToRun=true \
  -p:DebugType=none \
  --output "$out"
