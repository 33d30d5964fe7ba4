using System.Globalization;
using HostMocks.Kubelet;
using HostMocks.Kubernetes;
using HostMocks.Logs;
using HostMocks.Loki;
using HostMocks.Targets;
using Microsoft.Extensions.Logging;
using NodeCollector;
using NodeCollector.Config;
using NodeCollector.Diagnostics;

namespace HostMocks.Demo;

/// <summary>
/// <c>hostmocks demo</c>: builds the demo node in a temporary directory, runs the collector against it until
/// Ctrl+C or SIGTERM, prints where to look, and removes the directory afterwards (unless <c>--keep</c>).
/// </summary>
internal static class DemoRunner
{
    public const string Usage = """
        usage: hostmocks demo [--listen ADDRESS] [--fixtures DIR] [--keep] [--remote-write URL] [--interval DURATION] [--no-collector]

          --listen ADDRESS   where the collector serves /metrics (default 127.0.0.1:9465; port 0 picks a free port)
          --fixtures DIR     the shared fixtures folder (default ../shared/fixtures beside the repository,
                             or NODECOLLECTOR_FIXTURES)
          --keep             keep the demo node directory when stopping
          --remote-write URL also remote-write everything to URL (e.g. a Prometheus with
                             --web.enable-remote-write-receiver: http://127.0.0.1:9090/api/v1/write)
          --interval DURATION  how often metrics are appended for remote write (default 15s)
          --no-collector     build the node and its fakes and write the config, but run no collector: start one
                             yourself with --config and the printed config (e.g. the published binary)

        """;

    private const int ShopMetricsPort = 9102;
    private const int ExporterPort = 9187;
    internal const string KubeletToken = "demo-kubelet-token";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var listen = "127.0.0.1:9465";
        string? fixtures = null;
        var keep = false;
        string? remoteWrite = null;
        string? interval = null;
        var noCollector = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--listen" when i + 1 < args.Count:
                    listen = args[++i];
                    break;
                case "--fixtures" when i + 1 < args.Count:
                    fixtures = args[++i];
                    break;
                case "--remote-write" when i + 1 < args.Count:
                    remoteWrite = args[++i];
                    break;
                case "--interval" when i + 1 < args.Count:
                    interval = args[++i];
                    break;
                case "--no-collector":
                    noCollector = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    await stderr.WriteAsync($"hostmocks demo: unknown argument \"{args[i]}\"\n\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        fixtures ??= DefaultFixtures();
        var root = Directory.CreateTempSubdirectory("nodecollector-demo-").FullName;
        try
        {
            var tree = DemoNodeTree.Build(root, fixtures);
            await using var api = await FakeKubernetesApiServer.StartAsync().ConfigureAwait(false);
            DemoPods.Seed(api, DemoConfig.NodeName, "127.0.0.1", ShopMetricsPort, ExporterPort);
            await using var kubelet = await FakeKubelet.StartAsync(DemoConfig.NodeName, Path.Combine(fixtures, "kubelet"), KubeletToken).ConfigureAwait(false);
            var kubeletFiles = WriteKubeletFiles(tree, kubelet);
            await using var targets = await TargetSimulator.StartAsync([ShopMetricsPort, ExporterPort], pathEndpoints: 0, series: 5).ConfigureAwait(false);
            await using var loki = await FakeLoki.StartAsync().ConfigureAwait(false);
            var configPath = DemoConfig.Write(tree, listen, DemoKubeconfig.Write(tree, api), kubeletFiles, remoteWrite, interval, loki.PushUrl);
            var loaded = ConfigLoader.LoadFile(configPath, Environment.GetEnvironmentVariable);
            if (loaded.Config is null)
            {
                foreach (var problem in loaded.Problems)
                {
                    await stderr.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
                }

                return 1;
            }

            await using var logs = DemoLogWriters.Start(tree.PodsDir, DemoPods.Create(DemoConfig.NodeName));
            if (noCollector)
            {
                await PrintBannerAsync(stdout, tree, configPath, [], fixtures, api.BaseAddress, kubelet, targets, loki).ConfigureAwait(false);
                await ExternalCollectorWait.UntilStoppedAsync().ConfigureAwait(false);
                return 0;
            }

            await using var app = CollectorApp.Create(loaded.Config, LogLevel.Information, LogFormat.Logfmt);
            await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
            await PrintBannerAsync(stdout, tree, configPath, app.Addresses, fixtures, api.BaseAddress, kubelet, targets, loki).ConfigureAwait(false);
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    internal static DemoKubelet WriteKubeletFiles(DemoNodeTree tree, FakeKubelet kubelet)
    {
        Directory.CreateDirectory(tree.StateDir);
        var ca = Path.Combine(tree.StateDir, "server-ca.crt");
        var token = Path.Combine(tree.StateDir, "kubelet-token");
        kubelet.WriteCa(ca);
        File.WriteAllText(token, KubeletToken + "\n");
        return new DemoKubelet(kubelet.Address, ca, token);
    }

    private static async Task PrintBannerAsync(
        TextWriter stdout, DemoNodeTree tree, string configPath, IReadOnlyList<string> addresses, string fixtures, Uri api, FakeKubelet kubelet, TargetSimulator targets, FakeLoki loki)
    {
        var served = string.Join(", ", targets.ListeningPorts.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));
        var taken = targets.UnavailablePorts.Count == 0
            ? ""
            : $"\n  WARNING     port(s) {string.Join(", ", targets.UnavailablePorts)} already in use: those annotated pods will show up=0";
        var baseUrl = addresses.Count > 0 ? addresses[0].TrimEnd('/') : "(not listening)";
        var origin = tree.HasFixtures
            ? $"node_exporter's fixture tree from {fixtures} with the demo files over it"
            : $"the demo files only ({fixtures}/node_exporter not found)";
        await stdout.WriteAsync($"""
            NodeCollector demo node "{DemoConfig.NodeName}" is running.
              node tree   {tree.Root}
                          ({origin})
              config      {configPath}
              k8s api     {api} (fake, {DemoPods.Create(DemoConfig.NodeName).Count} pods on this node)
              kubelet     {kubelet.BaseAddress} (fake, TLS with the CA in {tree.StateDir})
              pod targets {(served.Length == 0 ? "(none)" : served)} (simulated /metrics of the annotated pods){taken}
              loki        {loki.BaseAddress} (fake; logs pushed to {FakeLoki.PushPath}, query /loki/api/v1/query_range)
              metrics     {baseUrl}/metrics
              ready       {baseUrl}/-/ready
              home        {baseUrl}/
            Stop with Ctrl+C.

            """).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
    }

    internal static string DefaultFixtures()
    {
        if (Environment.GetEnvironmentVariable("NODECOLLECTOR_FIXTURES") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeCollector.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            }
        }

        return Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "fixtures"));
    }
}
