using System.Text;
using HostMocks.Loki;
using NodeCollector.Export.Loki;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>
/// The client against a fake Loki that misbehaves: each test sends one batch of 10 entries (one source, two streams)
/// and checks exact request, retry and drop counters, what Loki holds, and that the source is acknowledged only once
/// the batch was taken. Nothing is lost except entries a 400 rejected, which are counted by reason.
/// </summary>
public sealed class LokiBadResponsesTests : IAsyncLifetime
{
    private const int Entries = 10;
    private readonly RecordingLogSource _source = new(1);
    private LokiHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await LokiHarness.StartAsync(
        new FakeLokiLimits { MaxLineSize = 200, RejectOlderThan = TimeSpan.FromDays(7) },
        o => o with { TenantId = "team-a" });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(502)]
    public async Task Server_errors_are_retried_with_the_same_body_until_Loki_takes_the_batch(int status)
    {
        _harness.Loki.Enqueue(FakeLokiFault.Answer(status, body: "boom"), FakeLokiFault.Answer(status));

        await WriteBatchAsync();

        Assert.Equal((3L, 2L, 10L, 0L), (_harness.Stats.Requests, _harness.Stats.RetriedRequests, _harness.Stats.EntriesSent, _harness.Stats.DroppedTotal));
        Assert.Equal([status, status, 204], _harness.Loki.Requests.Select(r => r.Status));
        Assert.Single(_harness.Loki.Requests.Select(r => r.BodyBytes).Distinct());
        Assert.Equal((10L, 0L), (_harness.Loki.Ingester.Accepted, _harness.Loki.Ingester.Duplicates));
        Assert.Equal([1000L], _source.Acks);
    }

    [Fact]
    public async Task A_413_is_not_retried_and_counts_the_whole_batch_as_other()
    {
        _harness.Loki.Enqueue(FakeLokiFault.Answer(413, body: "request body too large"));

        await WriteBatchAsync();

        Assert.Equal((1L, 0L, 0L, 10L), (_harness.Stats.Requests, _harness.Stats.RetriedRequests, _harness.Stats.EntriesSent, _harness.Stats.Dropped(LokiDropReason.Other)));
        Assert.Equal(0L, _harness.Loki.Ingester.Accepted);
        Assert.Equal([1000L], _source.Acks);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Other_client_errors_are_retried_rather_than_dropped(int status)
    {
        _harness.Loki.Enqueue(FakeLokiFault.Answer(status));

        await WriteBatchAsync();

        Assert.Equal((2L, 1L, 10L, 0L), (_harness.Stats.Requests, _harness.Stats.RetriedRequests, _harness.Stats.EntriesSent, _harness.Stats.DroppedTotal));
        Assert.Equal(10L, _harness.Loki.Ingester.Accepted);
    }

    [Fact]
    public async Task Nothing_is_acknowledged_while_Loki_answers_503_and_everything_arrives_after()
    {
        _harness.Loki.FailFor(TimeSpan.FromSeconds(1));
        var writing = WriteBatchAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Empty(_source.Acks);
        Assert.True(_harness.Loki.Requests.Count >= 2);

        await writing;

        Assert.Equal([1000L], _source.Acks);
        Assert.Equal(10L, _harness.Loki.Ingester.Accepted);
        Assert.Equal(_harness.Stats.Requests - 1, _harness.Stats.RetriedRequests);
    }

    [Fact]
    public async Task Too_many_requests_waits_for_the_servers_Retry_After()
    {
        _harness.Loki.Enqueue(FakeLokiFault.Answer(429, retryAfter: "1", body: "Ingestion rate limit exceeded"));

        await WriteBatchAsync();

        var requests = _harness.Loki.Requests;
        Assert.Equal([429, 204], requests.Select(r => r.Status));
        Assert.InRange(requests[1].At - requests[0].At, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
        Assert.Equal((1L, 10L, 0L), (_harness.Stats.RetriedRequests, _harness.Stats.EntriesSent, _harness.Stats.DroppedTotal));
    }

    [Fact]
    public async Task The_fake_Lokis_own_rate_limit_answers_429_and_the_client_waits_it_out()
    {
        // Lines "api line N": the first ten are 101 bytes, the next ten 110, more than the burst has left.
        await using var limited = await LokiHarness.StartAsync(new FakeLokiLimits { IngestionRateBytes = 150, IngestionBurstBytes = 150 });
        var source = new RecordingLogSource(2);

        await limited.WriteAndWaitAsync(source, LokiHarness.Stream("api"), 10);
        await limited.WriteAndWaitAsync(source, LokiHarness.Stream("api"), 10, first: 11);

        Assert.True(limited.Loki.Ingester.RateLimitedPushes > 0);
        Assert.Equal((20L, 0L), (limited.Loki.Ingester.Accepted, limited.Stats.DroppedTotal));
        Assert.Equal(limited.Loki.Ingester.RateLimitedPushes, limited.Stats.RetriedRequests);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_and_the_batch_arrives_once()
    {
        _harness.Loki.Enqueue(FakeLokiFault.ConnectionReset(), FakeLokiFault.ConnectionReset());

        await WriteBatchAsync();

        Assert.Equal([-1, -1, 204], _harness.Loki.Requests.Select(r => r.Status));
        Assert.Equal((3L, 2L, 10L), (_harness.Stats.Requests, _harness.Stats.RetriedRequests, _harness.Stats.EntriesSent));
        Assert.Equal((10L, 0L), (_harness.Loki.Ingester.Accepted, _harness.Loki.Ingester.Duplicates));
    }

    [Fact]
    public async Task A_slow_Loki_past_the_timeout_is_retried_and_the_duplicate_it_stored_is_dropped_by_Loki()
    {
        await using var harness = await LokiHarness.StartAsync(configure: o => o with { Timeout = TimeSpan.FromMilliseconds(300) });
        harness.Loki.Enqueue(FakeLokiFault.Slow(TimeSpan.FromSeconds(1)));
        var source = new RecordingLogSource(3);

        await harness.WriteAndWaitAsync(source, LokiHarness.Stream("api"), Entries);
        await Poll.UntilAsync(() => harness.Loki.Requests.Count == 2, TimeSpan.FromSeconds(10), "the slow push to finish");

        Assert.Equal((2L, 1L, 10L), (harness.Stats.Requests, harness.Stats.RetriedRequests, harness.Stats.EntriesSent));
        Assert.Equal((10L, 10L), (harness.Loki.Ingester.Accepted, harness.Loki.Ingester.Duplicates));
        Assert.Contains(harness.Logger.Entries, e => e.EventId == 7501 && e.Message.Contains("timeout", StringComparison.Ordinal));
        Assert.Equal([1000L], source.Acks);
    }

    [Fact]
    public async Task Lines_over_Lokis_max_line_size_are_rejected_counted_as_line_too_long_and_the_rest_stored()
    {
        var stream = LokiHarness.Stream("api");
        for (var i = 1; i <= Entries; i++)
        {
            var line = Encoding.UTF8.GetBytes(i % 3 == 0 ? new string('x', 300) : "ok " + i);
            await _harness.Batcher.WriteAsync(_source, stream, new LogEntry(LokiHarness.Now + i, line, i * 100), CancellationToken.None);
        }

        await LokiHarness.AcknowledgedAsync(_source, 1000);

        AssertRejected(LokiDropReason.LineTooLong, 3);
    }

    [Fact]
    public async Task Entries_older_than_Lokis_limit_are_rejected_counted_as_too_old()
    {
        await _harness.WriteAndWaitAsync(_source, LokiHarness.Stream("api"), Entries, firstTimestamp: 1_000_000_000);

        AssertRejected(LokiDropReason.TooOld, Entries);
    }

    [Fact]
    public async Task Entries_older_than_the_streams_newest_are_rejected_counted_as_out_of_order()
    {
        var stream = LokiHarness.Stream("api");
        await _harness.WriteAndWaitAsync(_source, stream, 5, firstTimestamp: LokiHarness.Now + 1000);

        await _harness.WriteAndWaitAsync(_source, stream, 5, firstTimestamp: LokiHarness.Now, first: 6);

        AssertRejected(LokiDropReason.OutOfOrder, 5);
        Assert.Equal([500L, 1000L], _source.Acks);
    }

    [Fact]
    public async Task A_stream_with_an_invalid_label_name_is_rejected_counted_as_other()
    {
        var bad = NodeCollector.Labels.LabelSet.From([new NodeCollector.Labels.Label("bad-name", "x")]);
        await _harness.WriteAsync(_source, bad, 4);
        await _harness.WriteAndWaitAsync(_source, LokiHarness.Stream("api"), 6, first: 5);

        AssertRejected(LokiDropReason.Other, 4);
    }

    [Fact]
    public async Task A_400_naming_a_rate_limit_is_counted_as_rate_limited_and_each_reason_is_logged_once()
    {
        const string Body = "entry with timestamp 2024-01-01 ignored, reason: 'Per stream rate limit exceeded' for stream: {pod=\"api\"}\ntotal ignored: 4 out of 10\n";
        _harness.Loki.Enqueue(FakeLokiFault.Answer(400, body: Body), FakeLokiFault.Answer(400, body: Body));

        await WriteBatchAsync();
        await _harness.WriteAndWaitAsync(_source, LokiHarness.Stream("api"), Entries, first: 11);

        Assert.Equal(8L, _harness.Stats.Dropped(LokiDropReason.RateLimited));
        Assert.Equal(12L, _harness.Stats.EntriesSent);
        Assert.Equal(2L, _harness.Stats.Requests);
        Assert.Equal(0L, _harness.Stats.RetriedRequests);
        Assert.Single(_harness.Logger.Entries, e => e.EventId == 7503);
        Assert.Equal([1000L, 2000L], _source.Acks);
    }

    [Fact]
    public async Task Requests_carry_the_protocol_headers_the_tenant_and_no_content_encoding()
    {
        await WriteBatchAsync();

        var headers = _harness.Loki.Requests[0].Headers;
        Assert.Equal("application/x-protobuf", headers["Content-Type"]);
        Assert.Equal("team-a", headers["X-Scope-OrgID"]);
        Assert.False(headers.ContainsKey("Content-Encoding"));
        Assert.StartsWith("NodeCollector/", headers["User-Agent"], StringComparison.Ordinal);
    }

    private async Task WriteBatchAsync()
    {
        await _harness.WriteAsync(_source, LokiHarness.Stream("api", "stdout"), Entries / 2);
        await _harness.WriteAsync(_source, LokiHarness.Stream("api", "stderr"), Entries / 2, first: 6);
        await LokiHarness.AcknowledgedAsync(_source, Entries * 100);
    }

    private void AssertRejected(LokiDropReason reason, int rejected)
    {
        foreach (var other in LokiDropReasons.All)
        {
            Assert.Equal(other == reason ? rejected : 0, _harness.Stats.Dropped(other));
        }

        Assert.Equal(_harness.Loki.Ingester.Rejected, rejected);
        Assert.Equal(_harness.Stats.EntriesSent, _harness.Loki.Ingester.Accepted);
        Assert.Equal(0L, _harness.Stats.RetriedRequests);
        Assert.Single(_harness.Logger.Entries, e => e.EventId == 7503);
        Assert.Equal(1000L, _source.LastAck);
    }
}
