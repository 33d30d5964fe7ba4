using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.RemoteWrite;

/// <summary>
/// One endpoint against a scripted loopback receiver: each test appends batches of exactly 10 samples (10 series,
/// <c>max_samples_per_send: 10</c>, one shard) and checks the retry/drop rules with exact counters.
/// </summary>
public sealed class BadResponsesTests : IAsyncLifetime, IDisposable
{
    private const int Batch = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-rw-").FullName;
    private readonly ListLogger _logger = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private RemoteWriteReceiver _receiver = null!;
    private WriteAheadLog _wal = null!;
    private RemoteWriteEndpoint? _endpoint;
    private Task _run = Task.CompletedTask;
    private long _round;

    public async Task InitializeAsync()
    {
        _receiver = await RemoteWriteReceiver.StartAsync();
        _wal = WriteAheadLog.Open(Path.Combine(_dir, "wal"), 1L << 30, TimeSpan.FromHours(2), TimeProvider.System, _logger);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _abort.CancelAsync();
        await _run;
        _endpoint?.Dispose();
        _endpoint = null;
        _wal.Dispose();
        await _receiver.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_the_same_batch_until_written()
    {
        _receiver.Enqueue(new ScriptedAnswer(500, Body: "boom"), new ScriptedAnswer(503));
        Start();

        AppendBatch();
        await DrainedAsync(requests: 3);

        var stats = _endpoint!.Stats;
        Assert.Equal((30, 20, 0, 0), (stats.SamplesSent, stats.SamplesRetried, stats.SamplesFailed, stats.SamplesDropped));
        var received = _receiver.Received;
        Assert.All(received, r => Assert.Equal(Batch, r.SampleCount));
        Assert.Equal(received[0].Request, received[2].Request);
        Assert.False(received[0].Headers.ContainsKey("Retry-Attempt"));
        Assert.Equal(["1", "2"], received.Skip(1).Select(r => r.Headers["Retry-Attempt"]));
        Assert.Equal(_round * 1000, stats.HighestSentTimestampMs);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_servers_Retry_After()
    {
        _receiver.Enqueue(new ScriptedAnswer(429, RetryAfter: "1"));
        Start();

        AppendBatch();
        await DrainedAsync(requests: 2);

        var stats = _endpoint!.Stats;
        Assert.Equal((20, 10, 0), (stats.SamplesSent, stats.SamplesRetried, stats.SamplesFailed));
        var received = _receiver.Received;
        Assert.InRange(received[1].At - received[0].At, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Too_many_requests_is_dropped_when_retry_on_http_429_is_off()
    {
        _receiver.Enqueue(new ScriptedAnswer(429, RetryAfter: "1"));
        Start(o => o.Queue.RetryOnHttp429 = false);

        AppendBatch();
        await DrainedAsync(requests: 1);

        var stats = _endpoint!.Stats;
        Assert.Equal((10, 0, 10), (stats.SamplesSent, stats.SamplesRetried, stats.SamplesFailed));
    }

    [Fact]
    public async Task A_bad_request_is_dropped_counted_and_its_body_logged_once()
    {
        _receiver.Enqueue(new ScriptedAnswer(400, Body: "out of order sample"), new ScriptedAnswer(400, Body: "out of order sample"));
        Start();

        AppendBatch();
        await DrainedAsync(requests: 1);
        AppendBatch();
        await DrainedAsync(requests: 2);
        AppendBatch();
        await DrainedAsync(requests: 3);

        var stats = _endpoint!.Stats;
        Assert.Equal((30, 0, 20), (stats.SamplesSent, stats.SamplesRetried, stats.SamplesFailed));
        var logged = _logger.Entries.Where(e => e.Message.Contains("out of order sample", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(logged);
        Assert.Equal(7001, only.EventId);
        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_response_slower_than_remote_timeout_and_a_reset_connection_are_retried()
    {
        _receiver.Enqueue(new ScriptedAnswer(200, Delay: TimeSpan.FromSeconds(3)), new ScriptedAnswer(200, Reset: true));
        Start(o => o.RemoteTimeout = TimeSpan.FromSeconds(1));

        AppendBatch();
        await DrainedAsync(requests: 3);

        var stats = _endpoint!.Stats;
        Assert.Equal((30, 20, 0), (stats.SamplesSent, stats.SamplesRetried, stats.SamplesFailed));
    }

    [Fact]
    public async Task Requests_carry_the_protocol_headers_auth_tenant_and_custom_headers_and_relabeled_series()
    {
        Start(o =>
        {
            o.Headers = new Dictionary<string, string> { ["X-Team"] = "a" };
            o.TenantId = "team-a";
            o.Http.BasicAuth = new BasicAuthOptions { Username = "u", Password = new Secret("p") };
            o.WriteRelabelConfigs = [new RelabelConfig { SourceLabels = ["__name__"], Regex = "m_[0-4]", Action = "drop" }];
        });

        AppendBatch();
        await DrainedAsync(requests: 1);

        var received = Assert.Single(_receiver.Received);
        Assert.Equal("snappy", received.Headers["Content-Encoding"]);
        Assert.Equal("application/x-protobuf", received.Headers["Content-Type"]);
        Assert.Equal("0.1.0", received.Headers["X-Prometheus-Remote-Write-Version"]);
        Assert.StartsWith("NodeCollector/", received.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("a", received.Headers["X-Team"]);
        Assert.Equal("team-a", received.Headers["X-Scope-OrgID"]);
        Assert.Equal("Basic " + Convert.ToBase64String("u:p"u8), received.Headers["Authorization"]);
        Assert.Equal(5, received.SampleCount);
        Assert.Equal(5, _endpoint!.Stats.SamplesDroppedRelabel);
        Assert.Equal(["m_5", "m_6", "m_7", "m_8", "m_9"], received.Request.Timeseries.Select(t => t.Labels.Single(l => l.Name == "__name__").Value).Order());
    }

    public void Dispose()
    {
        _stop.Dispose();
        _abort.Dispose();
    }

    private void Start(Action<RemoteWriteOptions>? configure = null)
    {
        var options = new RemoteWriteOptions
        {
            Url = _receiver.Url,
            Name = "test",
            Queue = new QueueOptions
            {
                Capacity = 100,
                MinShards = 1,
                MaxShards = 1,
                MaxSamplesPerSend = Batch,
                BatchSendDeadline = TimeSpan.FromMilliseconds(50),
                MinBackoff = TimeSpan.FromMilliseconds(10),
                MaxBackoff = TimeSpan.FromMilliseconds(40),
            },
        };
        configure?.Invoke(options);
        _endpoint = new RemoteWriteEndpoint(options, _wal, TimeProvider.System, _logger);
        _run = _endpoint.RunAsync(_stop.Token, _abort.Token);
    }

    private void AppendBatch()
    {
        _round++;
        var samples = new WalSample[Batch];
        for (var i = 0; i < Batch; i++)
        {
            var labels = LabelSet.From([new("__name__", "m_" + i), new("job", "t")]);
            samples[i] = new WalSample(new WalSeries((ulong)(i + 1), labels), _round * 1000, _round);
        }

        _wal.Append(samples);
    }

    private async Task DrainedAsync(int requests)
    {
        var endpoint = _endpoint!;
        await Poll.UntilAsync(
            () => Task.FromResult(_receiver.Received.Count >= requests && endpoint.Stats.SamplesPending == 0 && endpoint.Watermark.Offset == _wal.Segments[^1].Length),
            Deadline,
            $"{requests} requests answered and the WAL released");
        Assert.Equal(requests, _receiver.Received.Count);
    }
}
