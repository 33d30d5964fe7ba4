using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;
using static NodeCollector.Tests.Scrape.ScrapeTestTargets;

namespace NodeCollector.Tests.Scrape;

public sealed class ScrapeLoopTests
{
    private const string TwoSeries = """
        # HELP a_total A counter.
        # TYPE a_total counter
        a_total{x="1"} 1
        a_total{x="2"} 2
        """;

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingAppender _appender = new();

    [Fact]
    public async Task SyntheticSeriesCarryTheCountsAndTargetLabels()
    {
        var job = Job(metricRelabel: """
            - source_labels: [x]
              regex: "2"
              action: drop
            """);
        await using var loop = Loop(job, new QueuedScrapeClient().Then(TwoSeries + "\nb 3\n"));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        var round = _appender.Last;
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), round.TimestampMs);
        Assert.Equal(1, round.Value("up", "job=test", "instance=127.0.0.1:9100"));
        Assert.Equal(3, round.Value("scrape_samples_scraped"));
        Assert.Equal(2, round.Value("scrape_samples_post_metric_relabeling"));
        Assert.Equal(2, round.Value("scrape_series_added"));
        Assert.True(round.Value("scrape_duration_seconds") >= 0);
        Assert.Equal(1, round.Value("a_total", "x=1", "job=test", "instance=127.0.0.1:9100"));
        Assert.False(round.Has("a_total", "x=2"));
        Assert.Contains(round.Writer.Families, f => f is { Name: "a_total", Type: MetricType.Counter, Help: "A counter." });

        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.Equal(0, _appender.Last.Value("scrape_series_added"));
    }

    [Fact]
    public async Task ASeriesThatDisappearsGetsOneStaleMarker()
    {
        await using var loop = Loop(Job(), new QueuedScrapeClient().Then(TwoSeries).Then("a_total{x=\"1\"} 5\n"));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        var second = _appender.Last;
        Assert.Equal(5, second.Value("a_total", "x=1"));
        Assert.True(StaleMarker.IsStale(second.Value("a_total", "x=2")));

        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.False(_appender.Last.Has("a_total", "x=2"));
    }

    [Fact]
    public async Task SeriesWithTheirOwnTimestampsGetNoStaleMarker()
    {
        await using var loop = Loop(Job(), new QueuedScrapeClient().Then("c 1 1700000000000\nd 2\n").Then("\n"));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.Equal(1700000000000, _appender.Last.Find("c").Single().TimestampMs);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.False(_appender.Last.Has("c"));
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("d")));
    }

    [Fact]
    public async Task AFailedScrapeReportsDownAndMarksEverySeriesStale()
    {
        await using var loop = Loop(Job(), new QueuedScrapeClient().Then(TwoSeries).ThenFail("connection refused"));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        var round = _appender.Last;
        Assert.Equal(0, round.Value("up"));
        Assert.Equal(0, round.Value("scrape_samples_scraped"));
        Assert.True(StaleMarker.IsStale(round.Value("a_total", "x=1")));
        Assert.True(StaleMarker.IsStale(round.Value("a_total", "x=2")));
        Assert.Equal("down", loop.Target.Health.State);
        Assert.Equal("connection refused", loop.Target.Health.LastError);
    }

    [Theory]
    [InlineData(1, 0, "sample_limit exceeded")]
    [InlineData(0, 3, "label_limit exceeded")]
    public async Task LimitsFailTheWholeScrape(int sampleLimit, int labelLimit, string error)
    {
        await using var loop = Loop(Job(sampleLimit: sampleLimit, labelLimit: labelLimit), new QueuedScrapeClient().Then(TwoSeries));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        var round = _appender.Last;
        Assert.Equal(0, round.Value("up"));
        Assert.False(round.Has("a_total"));
        Assert.StartsWith(error, loop.Target.Health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AParseErrorFailsTheScrapeWithTheLine()
    {
        await using var loop = Loop(Job(), new QueuedScrapeClient().Then("ok 1\nbroken{ 2\n"));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.Equal(0, _appender.Last.Value("up"));
        Assert.False(_appender.Last.Has("ok"));
        Assert.StartsWith("parse error at line 2", loop.Target.Health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimeoutFailsTheScrape()
    {
        await using var loop = Loop(Job(), new QueuedScrapeClient().ThenHang());
        var scrape = loop.ScrapeOnceAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _time.PendingTimers > 0, TimeSpan.FromSeconds(10), "the timeout timer");
        _time.Advance(TimeSpan.FromSeconds(10));
        await scrape.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _appender.Last.Value("up"));
        Assert.Equal("scrape timed out after 10s", loop.Target.Health.LastError);
    }

    [Fact]
    public async Task StoppingALoopMarksItsSeriesAndSyntheticSeriesStale()
    {
        var loop = Loop(Job(), new QueuedScrapeClient().Then(TwoSeries));
        await loop.ScrapeOnceAsync(CancellationToken.None);
        await loop.DisposeAsync();
        var last = _appender.Last;
        foreach (var name in new[] { "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added" })
        {
            Assert.True(StaleMarker.IsStale(last.Value(name, "job=test")), name);
        }

        Assert.True(StaleMarker.IsStale(last.Value("a_total", "x=1")));
        Assert.True(StaleMarker.IsStale(last.Value("a_total", "x=2")));
    }

    [Fact]
    public async Task TheLoopScrapesAtItsOffsetEveryInterval()
    {
        var client = new QueuedScrapeClient().Then("x 1\n");
        var job = Job();
        var target = Target(job);
        var offset = TimeSpan.FromSeconds(4);
        await using var loop = new ScrapeLoop(target, client, _appender, _time, NullLogger.Instance, offset);
        var first = ScrapeOffset.NextAfter(_time.GetUtcNow(), offset, job.Interval);
        loop.Start();
        await Poll.UntilAsync(() => _time.PendingTimers > 0, TimeSpan.FromSeconds(10), "the first wait");
        _time.Advance(first - _time.GetUtcNow());
        await Poll.UntilAsync(() => _appender.Rounds.Count == 1, TimeSpan.FromSeconds(10), "the first scrape");
        Assert.Equal(first.ToUnixTimeMilliseconds(), _appender.Last.TimestampMs);
        Assert.Equal(4_000, _appender.Last.TimestampMs % 15_000);
        await Poll.UntilAsync(() => _time.PendingTimers > 0, TimeSpan.FromSeconds(10), "the next wait");
        _time.Advance(job.Interval);
        await Poll.UntilAsync(() => _appender.Rounds.Count == 2, TimeSpan.FromSeconds(10), "the second scrape");
        Assert.Equal(first.AddSeconds(15).ToUnixTimeMilliseconds(), _appender.Last.TimestampMs);
    }

    private ScrapeLoop Loop(ScrapeJob job, QueuedScrapeClient client) =>
        new(Target(job), client, _appender, _time, NullLogger.Instance, TimeSpan.Zero);
}
