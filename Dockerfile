# syntax=docker/dockerfile:1
# NodeCollector's image: published self-contained, trimmed and ReadyToRun in the SDK image, run on runtime-deps
# (the native libraries .NET needs and no runtime of its own). The publish step is build/publish.sh, the same
# script CI runs as a plain command (tests/NodeCollector.IntegrationTests/Image), so the two cannot drift.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so source edits do not refetch packages.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt ./
COPY src/NodeCollector/NodeCollector.csproj src/NodeCollector/
RUN dotnet restore src/NodeCollector/NodeCollector.csproj --runtime linux-x64 -p:PublishReadyToRun=true
COPY build/publish.sh build/
COPY src/ src/
RUN build/publish.sh /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="nodecollector" \
      org.opencontainers.image.description="Node-local Kubernetes telemetry collector: host metrics, scraping, remote write, logs to Loki" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/nodecollector/nodecollector"
COPY --from=build /app /app
# A gen0 budget of 16 MiB instead of one sized from the node's L3 cache (105 MiB of L3 on the measuring machine), so
# peak memory does not grow with the host's CPU; .NET reads it from the environment only, not runtimeconfig.json
# (README, Performance, Load).
ENV DOTNET_GCgen0size=0x1000000
# The .NET images' non-root user. The Helm chart runs the pod as uid 0 with every capability dropped, because the
# host's pod logs are readable by root only (daemonset/values.yaml says why).
USER $APP_UID
EXPOSE 9465
ENTRYPOINT ["/app/nodecollector"]
CMD ["--config=/etc/nodecollector/config.yaml"]
