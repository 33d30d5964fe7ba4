using System.Globalization;
using HostMocks.Logs;
using HostMocks.Loki;
using NodeCollector.IntegrationTests.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Soak;

/// <summary>
/// A log rotation storm: containers whose files rotate every couple of kilobytes (tens of rotations a second over
/// all of them, far faster than the kubelet's 10 s minimum), every rotated file kept and gzipped at the next
/// rotation. The collector binary ships every line exactly once and in order per stream.
/// </summary>
public sealed class RotationStormTests : IDisposable
{
    private const string Node = "storm-node";
    private readonly string _root = Directory.CreateTempSubdirectory("nc-storm-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_line_arrives_exactly_once_through_a_rotation_storm()
    {
        await using var loki = await FakeLoki.StartAsync();
        var podsDir = Directory.CreateDirectory(Path.Combine(_root, "pods")).FullName;
        using var load = new ContainerLogLoad(podsDir, 5, Node, new LogWriterOptions { MaxFileSize = 2048, MaxFiles = 100_000, ChunkSize = 128 });
        using var collector = new LogCollectorProcess(_root, podsDir, Node, loki.PushUrl, (16 * 1024).ToString(CultureInfo.InvariantCulture));
        await collector.StartAsync();

        for (var burst = 0; burst < 40; burst++)
        {
            load.Write(100);
            await Task.Delay(50);
        }

        await Poll.UntilAsync(() => loki.Ingester.Accepted + loki.Ingester.Rejected >= load.Written, TimeSpan.FromSeconds(60),
            $"every line at the fake Loki ({loki.Ingester.Accepted} of {load.Written})\n" + collector.Describe());
        await collector.TerminateAsync();

        Assert.True(load.Rotations > 100, $"only {load.Rotations} rotations");
        Assert.Empty(LokiDelivery.Differences(loki.Ingester, load));
        Assert.Equal((load.Written, 0L, 0L), (loki.Ingester.Accepted, loki.Ingester.Rejected, loki.Ingester.Duplicates));
    }
}
