using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Proto;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Metrics;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.RemoteWrite;

public sealed class MetadataSenderTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-metadata-").FullName;
    private RemoteWriteReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await RemoteWriteReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Metadata_goes_out_in_requests_of_at_most_max_samples_per_send_families_and_a_503_is_retried()
    {
        var store = new MetadataStore();
        store.Observe(new MetricFamily("b_total", "B.", MetricType.Counter));
        store.Observe(new MetricFamily("a", "A.", MetricType.Gauge, "bytes"));
        store.Observe(new MetricFamily("c", "C.", MetricType.Histogram));
        _receiver.Enqueue(new ScriptedAnswer(503));
        var options = new RemoteWriteOptions
        {
            Url = _receiver.Url,
            Metadata = new MetadataOptions { SendInterval = TimeSpan.FromHours(1), MaxSamplesPerSend = 2 },
            Queue = new QueueOptions { MinBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(10) },
        };
        using var wal = WriteAheadLog.Open(_dir, 1L << 30, TimeSpan.FromHours(2), TimeProvider.System, NullLogger.Instance);
        using var endpoint = new RemoteWriteEndpoint(options, wal, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        var run = new MetadataSender(endpoint, endpoint.Client, store, NullLogger.Instance).RunAsync(stop.Token);
        await Poll.UntilAsync(() => Task.FromResult(_receiver.Received.Count == 3), TimeSpan.FromSeconds(30), "three metadata requests");
        await stop.CancelAsync();
        await run;

        var requests = _receiver.Received.Select(r => r.Request).ToList();
        Assert.Equal(["a", "b_total"], requests[1].Metadata.Select(m => m.MetricFamilyName));
        Assert.Equal(requests[0], requests[1]);
        var c = Assert.Single(requests[2].Metadata);
        Assert.Equal(MetricMetadata.Types.MetricType.Histogram, c.Type);
        Assert.Equal("bytes", requests[1].Metadata[0].Unit);
        Assert.Equal((5, 2, 0), (endpoint.Stats.MetadataSent, endpoint.Stats.MetadataRetried, endpoint.Stats.MetadataFailed));
    }
}
