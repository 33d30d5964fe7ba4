using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HostMocks.Demo;
using HostMocks.Kubelet;
using HostMocks.Kubernetes;
using HostMocks.Loki;
using HostMocks.Prometheus;
using HostMocks.Targets;

namespace HostMocks.Soak;

/// <summary>
/// <c>hostmocks soak</c>: the whole demo node on loopback (fake Kubernetes API with pod churn, fake kubelet, target
/// simulator, kubelet-like log writers, fake Loki) and Debian's Prometheus as the remote-write receiver; the built
/// collector runs against it with its WAL and positions on a size-limited disk while <see cref="SoakFaults"/> injects
/// one fault after another. Then the load stops, the pipeline drains, and everything is reconciled into one table;
/// the exit code is 1 on any loss or failed check.
/// </summary>
internal static class SoakRunner
{
    private const string Interval = "2s";
    private const long DiskBytes = 64L << 20;
    private const string WalMaxSize = "32MiB";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (options, error) = SoakOptions.Parse(args);
        if (options is null)
        {
            await stderr.WriteAsync(error).ConfigureAwait(false);
            return 2;
        }

        var report = await RunAsync(options, stderr).ConfigureAwait(false);
        await stdout.WriteAsync(report.ToString()).ConfigureAwait(false);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    public static async Task<SoakReport> RunAsync(SoakOptions options, TextWriter progress)
    {
        var fixtures = options.Fixtures ?? DemoRunner.DefaultFixtures();
        var root = Directory.CreateTempSubdirectory("nodecollector-soak-").FullName;
        try
        {
            var tree = DemoNodeTree.Build(Path.Combine(root, "node"), fixtures);
            using var disk = await SizeLimitedDirectory.CreateAsync(Path.Combine(root, "disk"), DiskBytes).ConfigureAwait(false);
            await using var api = await FakeKubernetesApiServer.StartAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            int[] ports = [FreePort(), FreePort()];
            DemoPods.Seed(api, DemoConfig.NodeName, "127.0.0.1", ports[0], ports[1]);
            var kubeconfig = DemoKubeconfig.Write(tree, api);
            await using var kubelet = await FakeKubelet.StartAsync(DemoConfig.NodeName, Path.Combine(fixtures, "kubelet"), DemoRunner.KubeletToken).ConfigureAwait(false);
            var kubeletFiles = DemoRunner.WriteKubeletFiles(tree, kubelet);
            await using var targets = await TargetSimulator.StartAsync(ports, pathEndpoints: 0, series: 5).ConfigureAwait(false);
            await using var loki = await FakeLoki.StartAsync().ConfigureAwait(false);
            using var prometheus = await RealPrometheus.StartAsync(dir: Path.Combine(root, "prometheus")).ConfigureAwait(false);
            var config = DemoConfig.Write(tree, "127.0.0.1:0", kubeconfig, kubeletFiles, prometheus.WriteUrl, Interval, loki.PushUrl, disk.Path, WalMaxSize);
            File.AppendAllText(config, $"limits:\n  memory_budget: {options.MemoryBudget.ToString(CultureInfo.InvariantCulture)}\n");

            await using var logs = SoakLogLoad.Start(tree.PodsDir, DemoPods.Create(DemoConfig.NodeName, "127.0.0.1", ports[0], ports[1]), options.LinesPerSecond);
            await using var churn = SoakChurn.Start(api, DemoConfig.NodeName, seed: 9, TimeSpan.FromMilliseconds(300));
            await using var collector = new SoakCollector(disk, config);
            var clock = Stopwatch.StartNew();
            var started = TimeProvider.System.GetUtcNow();
            await collector.StartAsync().ConfigureAwait(false);
            await progress.WriteLineAsync($"soak: running for {NodeCollector.Config.PromDuration.Format(options.Duration)} in {root}").ConfigureAwait(false);
            await Task.Delay(options.WarmUp).ConfigureAwait(false);

            var node = new SoakNode(api, Path.Combine(tree.StateDir, "token"), kubelet, loki, prometheus, disk, collector, logs, churn);
            var faults = await SoakFaults.RunAsync(node, options.Slot, options.Hold, started + options.Duration, progress).ConfigureAwait(false);
            var rest = started + options.Duration - TimeProvider.System.GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest).ConfigureAwait(false);
            }

            await logs.StopAsync().ConfigureAwait(false);
            await churn.StopAsync().ConfigureAwait(false);
            var load = string.Create(CultureInfo.InvariantCulture,
                $"{logs.Written} log lines ({options.LinesPerSecond}/s, {logs.Rotations} rotations); kubelet, 2 pod targets, host and self scraped every {Interval} ({kubelet.Requests} kubelet requests); {churn.Changes} pod changes");
            await progress.WriteLineAsync("soak: load stopped, draining").ConfigureAwait(false);

            var written = logs.WrittenLines();
            await UntilAsync(() => Task.FromResult(LineReconciliation.Delivered(written, loki.Ingester) >= written.Count), DrainTimeout).ConfigureAwait(false);
            var stoppedMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            await UntilAsync(
                async () =>
                {
                    var status = await collector.RemoteWriteStatusAsync().ConfigureAwait(false);
                    return status.GetProperty("samples_pending").GetInt64() == 0
                        && status.GetProperty("queue_highest_sent_timestamp_seconds").GetDouble() * 1000 >= stoppedMs;
                },
                DrainTimeout).ConfigureAwait(false);
            var finalRounds = await collector.MetricAsync(SoakFaults.SelfRounds).ConfigureAwait(false) ?? 0;
            var pods = PodReconciliation.From(await collector.StatusPageAsync().ConfigureAwait(false), api.Cluster, DemoConfig.NodeName);
            await UntilAsync(
                async () => (pods = PodReconciliation.From(await collector.StatusPageAsync().ConfigureAwait(false), api.Cluster, DemoConfig.NodeName)).Matches,
                TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var exitCode = await collector.TerminateAsync().ConfigureAwait(false);

            var series = await prometheus.RawAsync(SoakFaults.SelfRounds + "{job=\"nodecollector\"}", clock.Elapsed + TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            var samples = series.SelectMany(s => s.Samples).OrderBy(s => s.TimestampMs).ToList();
            return new SoakReport(
                options,
                load,
                faults,
                SampleReconciliation.From(samples, faults, finalRounds),
                LineReconciliation.From(written, loki.Ingester),
                pods,
                collector.PeakRssBytes,
                collector.CpuSeconds,
                exitCode,
                File.ReadAllText("/proc/loadavg").Trim());
        }
        finally
        {
            if (!options.Keep)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> once a second; gives up quietly at the deadline (the reconciliation then says what is missing).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The collector busy or restarting: ask again.
            }

            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
