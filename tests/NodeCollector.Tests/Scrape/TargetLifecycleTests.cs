using NodeCollector.Config;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;
using static NodeCollector.Tests.Scrape.ScrapeTestTargets;

namespace NodeCollector.Tests.Scrape;

/// <summary>
/// Prometheus' details around a target's life: the labels shown as discovered (with the job's defaults, dropped
/// targets too), when stale markers are dated, <c>track_timestamps_staleness</c>, and a warning about an invalid
/// target that every sync would otherwise repeat.
/// </summary>
public sealed class TargetLifecycleTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingAppender _appender = new();

    [Fact]
    public async Task Discovered_labels_of_active_and_dropped_targets_carry_the_job_defaults()
    {
        var job = Job(relabel: """
            - source_labels: [__address__]
              regex: "10.0.0.9:.*"
              action: drop
            """) with { Params = new Dictionary<string, IReadOnlyList<string>> { ["module"] = ["icmp"] } };
        await using var pool = new ScrapePool(job, null, _time, new ListLogger(), 0);
        var kept = LabelSet.From([new Label("__address__", "10.0.0.1:80")]);
        await pool.SyncAsync([kept, LabelSet.From([new Label("__address__", "10.0.0.9:80")])], CancellationToken.None);

        const string Defaults = "__metrics_path__=\"/metrics\", __param_module=\"icmp\", __scheme__=\"http\", __scrape_interval__=\"15s\", __scrape_timeout__=\"10s\", job=\"test\"}";
        var active = Assert.Single(pool.Targets.Active);
        Assert.Equal("{__address__=\"10.0.0.1:80\", " + Defaults, active.DiscoveredLabels.ToString());
        Assert.Same(kept, active.SourceLabels);
        Assert.Equal("{__address__=\"10.0.0.9:80\", " + Defaults, Assert.Single(pool.Targets.Dropped).ToString());
    }

    [Fact]
    public async Task Stale_markers_of_a_stopped_target_carry_the_time_it_stopped()
    {
        var release = new TaskCompletionSource<ScrapeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new QueuedScrapeClient().Then("a 1\n").ThenStubborn(release.Task);
        var loop = new ScrapeLoop(Target(Job()), client, _appender, _time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeSpan.Zero);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        loop.Start();
        await Poll.UntilAsync(() => _time.PendingTimers > 0, TimeSpan.FromSeconds(10), "the wait for the next slot");
        _time.Advance(Job().Interval);
        await Poll.UntilAsync(() => client.Fetches == 2, TimeSpan.FromSeconds(10), "the second scrape to start");

        _time.Advance(TimeSpan.FromSeconds(2));
        var stopped = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var stopping = loop.DisposeAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(5));
        release.SetResult(new ScrapeResponse(Body("a 2\n"), false, null));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        var last = _appender.Last;
        Assert.Equal(stopped, last.TimestampMs);
        Assert.True(StaleMarker.IsStale(last.Value("a")));
        Assert.Equal(2, _appender.Rounds[^2].Value("a"));
    }

    [Fact]
    public async Task Track_timestamps_staleness_marks_series_with_their_own_timestamps_stale()
    {
        var job = Job() with { TrackTimestampsStaleness = true };
        await using var loop = new ScrapeLoop(Target(job), new QueuedScrapeClient().Then("c 1 1700000000000\nd 2\n").Then("\n"), _appender, _time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeSpan.Zero);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("c")));
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("d")));

        var loaded = ConfigLoader.Load("kubernetes: {enabled: false}\nscrape_configs:\n  - job_name: x\n    track_timestamps_staleness: true\n", "c.yaml", _ => null);
        Assert.Empty(loaded.Problems);
        Assert.True(ScrapeJob.From(loaded.Config!.ScrapeConfigs[0], loaded.Config.Global).TrackTimestampsStaleness);
    }

    [Fact]
    public async Task An_invalid_target_is_warned_about_once_per_ten_minutes_and_again_when_it_returns()
    {
        var logger = new ListLogger();
        var job = Job(relabel: """
            - target_label: __scheme__
              replacement: ftp
            """);
        await using var pool = new ScrapePool(job, null, _time, logger, 0);
        IReadOnlyList<LabelSet> invalid = [LabelSet.From([new Label("__address__", "h:1")])];
        int Warnings() => logger.Entries.Count(e => e.EventId == 5006);

        await pool.SyncAsync(invalid, CancellationToken.None);
        Assert.Equal(1, Warnings());
        Assert.Contains("invalid __scheme__ \"ftp\"", logger.Entries.Single(e => e.EventId == 5006).Message, StringComparison.Ordinal);
        await pool.SyncAsync(invalid, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(9));
        await pool.SyncAsync(invalid, CancellationToken.None);
        Assert.Equal(1, Warnings());

        _time.Advance(TimeSpan.FromMinutes(1));
        await pool.SyncAsync(invalid, CancellationToken.None);
        Assert.Equal(2, Warnings());

        await pool.SyncAsync([], CancellationToken.None);
        await pool.SyncAsync(invalid, CancellationToken.None);
        Assert.Equal(3, Warnings());
    }
}
