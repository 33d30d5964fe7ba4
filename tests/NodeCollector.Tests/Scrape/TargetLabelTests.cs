using NodeCollector.Labels;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;
using static NodeCollector.Tests.Scrape.ScrapeTestTargets;

namespace NodeCollector.Tests.Scrape;

public sealed class TargetLabelTests
{
    private readonly RecordingAppender _appender = new();

    [Fact]
    public void DefaultsInstanceAndBuildsTheUrlFromSpecialLabels()
    {
        var job = Job() with { Params = new Dictionary<string, IReadOnlyList<string>> { ["module"] = ["http_2xx", "b"] } };
        var discovered = LabelSet.From([new Label("__address__", "10.0.0.1:9100"), new Label("__meta_x", "y"), new Label("team", "a")]);
        var target = TargetLabeler.TryBuild(job, discovered, new LabelSetBuilder(), out _)!;
        Assert.Equal("http://10.0.0.1:9100/metrics?module=http_2xx&module=b", target.Url.AbsoluteUri);
        Assert.Equal("{instance=\"10.0.0.1:9100\", job=\"test\", team=\"a\"}", target.Labels.ToString());
        Assert.Same(discovered, target.SourceLabels);
        Assert.Equal("test", target.DiscoveredLabels.Get("job"));
    }

    [Fact]
    public void RelabelingCanSetSchemePathParamsIntervalAndDropTargets()
    {
        var job = Job(relabel: """
            - target_label: __scheme__
              replacement: https
            - target_label: __metrics_path__
              replacement: /probe
            - target_label: __param_target
              replacement: x y
            - target_label: __scrape_interval__
              replacement: 30s
            - source_labels: [__address__]
              regex: "10.0.0.9:.*"
              action: drop
            """);
        var target = TargetLabeler.TryBuild(job, LabelSet.From([new Label("__address__", "h:1")]), new LabelSetBuilder(), out _)!;
        Assert.Equal("https://h:1/probe?target=x%20y", target.Url.AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(30), target.Interval);
        Assert.Null(TargetLabeler.TryBuild(job, LabelSet.From([new Label("__address__", "10.0.0.9:80")]), new LabelSetBuilder(), out var reason));
        Assert.Equal("", reason);
    }

    [Fact]
    public void ATimeoutLongerThanTheIntervalMakesTheTargetInvalid()
    {
        var job = Job(relabel: """
            - target_label: __scrape_timeout__
              replacement: 1m
            """);
        Assert.Null(TargetLabeler.TryBuild(job, LabelSet.From([new Label("__address__", "h:1")]), new LabelSetBuilder(), out var reason));
        Assert.Contains("__scrape_timeout__", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ClashingLabelsMoveToExportedUnlessHonored()
    {
        var body = Body("m{job=\"app\",instance=\"i\",exported_job=\"taken\",x=\"1\"} 1\n");
        var appender = new ScrapeSampleAppender(Target(Job()));
        _appender.Begin(0, []);
        appender.Append(_appender, body, false);
        _appender.Commit();
        var labels = string.Join(",", _appender.Last.Find("m").Single().Labels.ToArray().Select(l => $"{l.Name}={l.Value}"));
        Assert.Equal("exported_exported_job=app,exported_instance=i,exported_job=taken,instance=127.0.0.1:9100,job=test,x=1", labels);

        var honoring = new ScrapeSampleAppender(Target(Job(honorLabels: true)));
        _appender.Begin(0, []);
        honoring.Append(_appender, Body("m{job=\"app\",x=\"1\"} 1\n"), false);
        _appender.Commit();
        labels = string.Join(",", _appender.Last.Find("m").Single().Labels.ToArray().Select(l => $"{l.Name}={l.Value}"));
        Assert.Equal("instance=127.0.0.1:9100,job=app,x=1", labels);
    }

    [Fact]
    public void OffsetsAreStableAndSpreadOverTheInterval()
    {
        var interval = TimeSpan.FromSeconds(15);
        var offsets = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            var target = Target(Job(), $"10.0.{i / 250}.{i % 250}:9100");
            var offset = ScrapeOffset.Of(target.Hash, 42, interval);
            Assert.Equal(offset, ScrapeOffset.Of(Target(Job(), $"10.0.{i / 250}.{i % 250}:9100").Hash, 42, interval));
            Assert.InRange(offset, TimeSpan.Zero, interval - TimeSpan.FromTicks(1));
            offsets.Add(offset);
        }

        // Every fifth of the interval holds some targets, and none holds more than half.
        var buckets = offsets.GroupBy(o => (int)(o / (interval / 5))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, buckets.Count);
        Assert.All(buckets.Values, count => Assert.InRange(count, 10, 100));
        Assert.NotEqual(ScrapeOffset.Of(Target(Job()).Hash, 1, interval), ScrapeOffset.Of(Target(Job()).Hash, 2, interval));
    }
}
