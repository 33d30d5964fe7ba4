using System.Globalization;
using HostMocks.Logs;
using HostMocks.Loki;
using NodeCollector.TestSupport;
using Xunit.Abstractions;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>
/// Issue 7's restart case: the collector binary is killed with SIGKILL at random moments 20 times while containers go
/// on writing and rotating; afterwards no line is missing, and the lines Loki received twice (read again from the
/// last recorded position) stay within one batch per stream per kill.
/// </summary>
public sealed class SigkillRestartTests(ITestOutputHelper output) : IDisposable
{
    private const string Node = "kill-node";
    private const int Containers = 10;
    private const int Kills = 20;
    private const int BatchBytes = 1024;

    private readonly string _root = Directory.CreateTempSubdirectory("nc-e2e-kill-").FullName;

    // A batch is at most BatchBytes, so the bound below means something: before positions were saved as Loki
    // acknowledged, a run killed within its first second re-sent all it had sent (35,168 duplicates of 33,840 lines).
    [Fact]
    public async Task After_20_SIGKILLs_while_writing_no_line_is_missing_and_duplicates_stay_within_a_batch_per_stream_per_kill()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        await using var loki = await FakeLoki.StartAsync();
        var podsDir = Directory.CreateDirectory(Path.Combine(_root, "pods")).FullName;
        // Rotated files are kept (gzipped) so that none is deleted unread while the collector is down: that loss is
        // the kubelet's retention, counted in files_missed, not what this test is about.
        using var load = new ContainerLogLoad(podsDir, Containers, Node, new LogWriterOptions { MaxFileSize = 32 * 1024, MaxFiles = 10_000, ChunkSize = 128 });
        using var collector = new LogCollectorProcess(_root, podsDir, Node, loki.PushUrl, BatchBytes.ToString(CultureInfo.InvariantCulture));
        using var stopWriting = new CancellationTokenSource();
        var writing = Task.Run(() => WritePaced(load, stopWriting.Token));

        for (var kill = 0; kill < Kills; kill++)
        {
            await collector.StartAsync();
            await Task.Delay(random.Next(100, 1500));
            await collector.KillAsync();
        }

        await stopWriting.CancelAsync();
        await writing;
        await collector.StartAsync();
        try
        {
            await Poll.UntilAsync(() => loki.Ingester.Accepted >= load.Written, TimeSpan.FromSeconds(60), "every line at the fake Loki after the kills");
        }
        catch (TimeoutException)
        {
            File.WriteAllLines(Artifacts.Path("sigkill-collector.log"), collector.AllStderrLines);
            Assert.Fail($"{loki.Ingester.Accepted} of {load.Written} lines accepted, {loki.Ingester.Rejected} rejected, {loki.Ingester.Duplicates} duplicates (seed {seed})\n"
                + string.Join('\n', LokiDelivery.Differences(loki.Ingester, load).Take(5)) + "\n" + collector.Describe());
        }

        await Task.Delay(1000);
        await collector.TerminateAsync();
        File.WriteAllLines(Artifacts.Path("sigkill-collector.log"), collector.AllStderrLines);

        // A batch of one stream holds at most BatchBytes of lines, and every line here is longer than 20 bytes.
        var bound = (long)Kills * load.Streams * (BatchBytes / 20);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {load.Written} lines, {load.Streams} streams, {load.Rotations} rotations, {Kills} kills: {loki.Ingester.Duplicates} duplicates (bound {bound}), {loki.Requests.Count} pushes, {watch.Elapsed.TotalSeconds:F0} s"));
        Assert.Empty(LokiDelivery.Differences(loki.Ingester, load));
        // Nothing is deleted here, so no file is missed (a .gz made while the collector was down carries its
        // positions on), and inode numbers recycled by rotation are no cause for a warning.
        Assert.DoesNotContain(collector.AllStderrLines, l => l.Contains("\"event\":6014", StringComparison.Ordinal));
        Assert.DoesNotContain(collector.AllStderrLines, l => l.Contains("\"event\":6013", StringComparison.Ordinal));
        Assert.Equal(load.Written, loki.Ingester.Accepted);
        Assert.Equal(0, loki.Ingester.Rejected);
        Assert.InRange(loki.Ingester.Duplicates, 0, bound);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>About 1,000 lines a second over all containers, as long as the test runs.</summary>
    private static void WritePaced(ContainerLogLoad load, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            load.Write(20, stop);
            Thread.Sleep(20);
        }
    }
}
