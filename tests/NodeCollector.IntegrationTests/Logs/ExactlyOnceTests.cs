using System.Diagnostics;
using System.Globalization;
using HostMocks.Logs;
using HostMocks.Loki;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Diagnostics;
using NodeCollector.Logs;
using NodeCollector.TestSupport;
using Xunit.Abstractions;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>
/// Issue 7's "exactly once in normal running": the collector app with logs and Loki configured tails 50 containers'
/// kubelet-like logs (partial lines, rotation by rename, gzip of older files) into the fake Loki, which must get every
/// line once, in order per stream, with the right labels. 100,000 lines in CI; <c>NODECOLLECTOR_E2E_LINES=1000000</c>
/// runs issue 7's full size.
/// </summary>
public sealed class ExactlyOnceTests(ITestOutputHelper output) : IDisposable
{
    private const string Node = "e2e-node";
    private const int Containers = 50;

    private readonly string _root = Directory.CreateTempSubdirectory("nc-e2e-logs-").FullName;

    [Fact]
    public async Task Every_line_of_50_rotating_containers_reaches_Loki_exactly_once_in_order_with_its_labels()
    {
        var lines = long.Parse(Environment.GetEnvironmentVariable("NODECOLLECTOR_E2E_LINES") ?? "100000", CultureInfo.InvariantCulture);
        await using var loki = await FakeLoki.StartAsync();
        await using var app = Create(loki.PushUrl);
        await app.StartAsync(CancellationToken.None);
        var logs = app.Services.GetRequiredService<LogsService>();
        var options = new LogWriterOptions
        {
            MaxFileSize = 16 * 1024,
            MaxFiles = 3,
            ChunkSize = 128,
            // The kubelet rotates at most every 10 s; a file whose whole life falls between two discovery rounds
            // cannot be seen, so rotation waits until a running tailer holds the live file (not until it read it).
            BeforeRotate = live => LogTailing.WaitUntilTailed(logs, live),
        };
        using var load = new ContainerLogLoad(Path.Combine(_root, "pods"), Containers, Node, options);

        var clock = Stopwatch.StartNew();
        await Task.Run(() => load.Write(lines));
        var written = clock.Elapsed;
        await Poll.UntilAsync(() => loki.Ingester.Accepted + loki.Ingester.Duplicates + loki.Ingester.Rejected >= lines, TimeSpan.FromSeconds(120), $"every line at the fake Loki ({loki.Ingester.Accepted} of {lines})");
        var delivered = clock.Elapsed;
        await Task.Delay(500);
        await app.StopAsync(CancellationToken.None);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines} lines, {load.Streams} streams, {load.Rotations} rotations: written in {written.TotalSeconds:F1} s, all in Loki after {delivered.TotalSeconds:F1} s ({lines / delivered.TotalSeconds:F0} lines/s), {loki.Requests.Count} pushes"));
        var differences = LokiDelivery.Differences(loki.Ingester, load);
        Assert.True(differences.Count == 0, $"{differences.Count} streams differ; accepted {loki.Ingester.Accepted}, rejected {loki.Ingester.Rejected}, duplicates {loki.Ingester.Duplicates}, files missed {logs.Counters.FilesMissed}\n" + string.Join('\n', differences.Take(5)));
        Assert.Equal(lines, loki.Ingester.Accepted);
        Assert.Equal(0, loki.Ingester.Duplicates);
        Assert.Equal(0, loki.Ingester.Rejected);
        Assert.Equal(0, logs.Counters.FilesMissed);
        Assert.True(load.Rotations >= Containers, $"only {load.Rotations} rotations");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CollectorApp Create(string pushUrl)
    {
        var yaml = LogCollectorProcess.Config(_root, Path.Combine(_root, "pods"), Node, pushUrl, "1MiB");
        Directory.CreateDirectory(Path.Combine(_root, "pods"));
        var config = ConfigLoader.Load(yaml, "e2e.yaml", _ => null);
        Assert.Empty(config.Problems);
        return CollectorApp.Create(config.Config!, LogLevel.Warning, LogFormat.Logfmt);
    }
}
