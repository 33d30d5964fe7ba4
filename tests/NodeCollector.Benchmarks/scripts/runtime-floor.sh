#!/usr/bin/env bash
# The memory floor of the .NET runtime this collector is built on: three throwaway programs published the way
# build/publish.sh publishes the collector (self-contained linux-x64, trimmed, ReadyToRun, workstation non-concurrent
# GC), each started RUNS times (default 3) and its resident memory read 5 s after it is ready:
#   console  a TCP listener on loopback (the runtime, CoreLib, sockets)
#   host     the generic host with console logging (Microsoft.Extensions.Hosting, DI, logging)
#   kestrel  WebApplication.CreateSlimBuilder with one endpoint (ASP.NET Core's slim server)
# Usage: runtime-floor.sh [RUNS]
set -euo pipefail
runs=${1:-3}
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

properties='<TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><ImplicitUsings>enable</ImplicitUsings>
<ServerGarbageCollection>false</ServerGarbageCollection><ConcurrentGarbageCollection>false</ConcurrentGarbageCollection>
<UseSystemResourceKeys>true</UseSystemResourceKeys>'
program() { # name, sdk, Program.cs
  mkdir -p "$work/$1"
  printf '<Project Sdk="%s"><PropertyGroup>%s</PropertyGroup></Project>\n' "$2" "$properties" >"$work/$1/$1.csproj"
  printf '%s\n' "$3" >"$work/$1/Program.cs"
}

program console Microsoft.NET.Sdk '
var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
listener.Start();
Console.WriteLine("ready");
while (true) { using var client = await listener.AcceptTcpClientAsync(); }'

program host Microsoft.NET.Sdk.Web '
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Logging.AddSimpleConsole();
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();'

program kestrel Microsoft.NET.Sdk.Web '
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.MapGet("/", () => "ok");
await app.StartAsync();
Console.WriteLine("ready");
await app.WaitForShutdownAsync();'

for name in console host kestrel; do
  echo "publishing $name..." >&2
  dotnet publish "$work/$name/$name.csproj" -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=true \
    -p:PublishReadyToRun=true -p:DebugType=none --nologo -v quiet -o "$work/out-$name" >/dev/null
done

field() { awk -v f="$1:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }
uptime
for _ in $(seq "$runs"); do
  for name in console host kestrel; do
    "$work/out-$name/$name" >"$work/$name.out" 2>&1 &
    pid=$!
    for _ in $(seq 300); do grep -q ready "$work/$name.out" && break; sleep 0.05; done
    grep -q ready "$work/$name.out" || { cat "$work/$name.out" >&2; exit 1; }
    sleep 5
    printf '%-8s idle RSS %5s MiB (anonymous %5s, files %5s, shared memory %5s)\n' \
      "$name" "$(field VmRSS)" "$(field RssAnon)" "$(field RssFile)" "$(field RssShmem)"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
done
