using System.Text;
using HostMocks.Loki;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Loki;

/// <summary>
/// Loki answers 503 for a minute while 20 sources keep writing as fast as the sink lets them, on real time: the
/// buffer never holds more than <c>buffer_size</c>, writers wait instead, nothing is acknowledged during the outage,
/// and once Loki is back every line arrives exactly once, in order per stream, and every source is acknowledged.
/// </summary>
public sealed class LokiOutageTests
{
    private const int Sources = 20;
    private const int LinesPerSource = 2000;
    private const long BufferSize = 1L << 20;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nothing_is_lost_and_memory_stays_bounded_through_a_minute_of_503()
    {
        await using var loki = await FakeLoki.StartAsync();
        loki.FailFor(Outage);
        var outageEnds = DateTimeOffset.UtcNow + Outage;
        var config = new CollectorConfig
        {
            Loki = new LokiOptions
            {
                Url = loki.PushUrl,
                BatchSize = 64 * 1024,
                BatchWait = TimeSpan.FromMilliseconds(100),
                BufferSize = BufferSize,
                MinBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(2),
            },
        };
        await using var service = new LokiService(config, TimeProvider.System, NullLoggerFactory.Instance);
        await service.StartAsync(CancellationToken.None);
        var sources = Enumerable.Range(0, Sources).Select(i => new OutageSource((ulong)i)).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var writers = sources.Select(s => Task.Run(() => WriteAllAsync(service, s, now))).ToArray();

        long maxBuffered = 0;
        var maxWaiting = 0;
        while (DateTimeOffset.UtcNow < outageEnds - TimeSpan.FromSeconds(1))
        {
            maxBuffered = Math.Max(maxBuffered, service.Batcher.BufferedBytes);
            maxWaiting = Math.Max(maxWaiting, service.Batcher.WaitingWrites);
            Assert.All(sources, s => Assert.Equal(-1, s.LastAck));
            await Task.Delay(50);
        }

        Assert.InRange(maxBuffered, BufferSize / 2, BufferSize);
        Assert.True(maxWaiting > 0, "writers should have been made to wait");
        Assert.True(service.Stats.RetriedRequests > 10);

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(() => sources.All(s => s.LastAck == LinesPerSource), TimeSpan.FromSeconds(60), "every source acknowledged to its last line");
        Assert.InRange(service.Batcher.BufferedBytes, 0, 0);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal((long)Sources * LinesPerSource, loki.Ingester.Accepted);
        Assert.Equal((0L, 0L), (loki.Ingester.Duplicates, loki.Ingester.Rejected));
        Assert.Equal((long)Sources * LinesPerSource, service.Stats.EntriesSent);
        Assert.Equal(0L, service.Stats.DroppedTotal);
        foreach (var source in sources)
        {
            var stream = loki.Ingester.Stream($"{{pod=\"pod-{source.Identity.Inode}\"}}")!;
            Assert.Equal(Enumerable.Range(1, LinesPerSource).Select(i => Line(source, i)), stream.Entries.Select(e => e.Line));
            Assert.True(source.AcksAreNonDecreasing);
        }
    }

    private static async Task WriteAllAsync(LokiService sink, OutageSource source, long firstTimestamp)
    {
        var labels = LabelSet.From([new Label("pod", "pod-" + source.Identity.Inode)]);
        for (var i = 1; i <= LinesPerSource; i++)
        {
            var line = Encoding.UTF8.GetBytes(Line(source, i));
            await sink.WriteAsync(source, labels, new LogEntry(firstTimestamp + i, line, i), CancellationToken.None);
        }
    }

    private static string Line(OutageSource source, int i) =>
        $"pod-{source.Identity.Inode} line {i:D6} " + new string('x', 80);

    private sealed class OutageSource(ulong inode) : ILogSource
    {
        private readonly Lock _gate = new();
        private bool _ordered = true;

        public LogFileIdentity Identity { get; } = new(1, inode, inode);

        public long LastAck { get; private set; } = -1;

        public bool AcksAreNonDecreasing => _ordered;

        public void Acknowledge(long resumeOffset)
        {
            lock (_gate)
            {
                _ordered &= resumeOffset >= LastAck;
                LastAck = resumeOffset;
            }
        }
    }
}
