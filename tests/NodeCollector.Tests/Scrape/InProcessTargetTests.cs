using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Host;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Scrape;

/// <summary>
/// The host collectors and the collector's own metrics as in-process scrape targets: node_exporter's labels
/// (<c>job="node-exporter"</c>, <c>instance</c> = the node name), synthetic series, staleness and relabeling
/// exactly like a target over HTTP, and both listed among the pools the status API shows.
/// </summary>
public sealed class InProcessTargetTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingAppender _appender = new();
    private readonly SettableSource _source = new();

    [Fact]
    public async Task The_host_target_has_node_exporter_labels_and_synthetic_series()
    {
        await using var loop = HostLoop(LoadConfig(""));
        _source.Text = "node_load1 0.5\nnode_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 12\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);

        var round = _appender.Last;
        Assert.Equal([new Label("instance", "node-1"), new Label("job", "node-exporter")], loop.Target.Labels.Labels.ToArray());
        Assert.Equal(0.5, round.Value("node_load1", "job=node-exporter", "instance=node-1"));
        Assert.Equal(12, round.Value("node_cpu_seconds_total", "cpu=0", "mode=idle", "job=node-exporter", "instance=node-1"));
        Assert.Equal(1, round.Value("up", "job=node-exporter", "instance=node-1"));
        Assert.Equal(2, round.Value("scrape_samples_scraped"));
        Assert.Equal(2, round.Value("scrape_series_added"));
        Assert.Equal("up", loop.Target.Health.State);
    }

    [Fact]
    public async Task Series_that_go_and_a_target_that_stops_get_stale_markers()
    {
        var loop = HostLoop(LoadConfig(""));
        _source.Text = "a 1\nb 2\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);
        _source.Text = "a 3\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("b")));
        Assert.Equal(3, _appender.Last.Value("a"));

        await loop.DisposeAsync();
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("a")));
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("up", "job=node-exporter")));
    }

    [Fact]
    public async Task A_source_that_throws_fails_the_scrape_with_its_message()
    {
        await using var loop = HostLoop(LoadConfig(""));
        _source.Text = "a 1\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);
        _source.Failure = new IOException("disk on fire");
        await loop.ScrapeOnceAsync(CancellationToken.None);

        Assert.Equal(0, _appender.Last.Value("up"));
        Assert.True(StaleMarker.IsStale(_appender.Last.Value("a")));
        Assert.Equal("collecting SettableSource failed: disk on fire", loop.Target.Health.LastError);
    }

    [Fact]
    public async Task Host_relabel_and_metric_relabel_configs_apply_like_any_target()
    {
        var config = LoadConfig("""
            host_metrics:
              job: node
              relabel_configs:
                - target_label: instance
                  replacement: node-1:9100
              metric_relabel_configs:
                - source_labels: [__name__]
                  regex: node_scrape_.*
                  action: drop
            """);
        await using var loop = HostLoop(config);
        _source.Text = "node_load1 0.5\nnode_scrape_collector_success{collector=\"cpu\"} 1\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);

        Assert.Equal(0.5, _appender.Last.Value("node_load1", "job=node", "instance=node-1:9100"));
        Assert.False(_appender.Last.Has("node_scrape_collector_success"));
        Assert.Equal(1, _appender.Last.Value("scrape_samples_post_metric_relabeling"));
    }

    [Fact]
    public async Task The_service_runs_a_host_and_a_self_pool_with_their_targets()
    {
        var config = LoadConfig("");
        using var services = Services(config, new HostMetricSource([], TimeSpan.FromSeconds(1), NullLogger.Instance), _source);
        var scrape = services.GetRequiredService<ScrapeService>();
        await scrape.SyncAsync(CancellationToken.None);

        Assert.Equal(["node-exporter", "nodecollector"], scrape.Pools.Select(p => p.Job.Name));
        foreach (var pool in scrape.Pools)
        {
            var target = Assert.Single(pool.Targets.Active);
            Assert.Equal("node-1", target.Labels.Get("instance"));
            Assert.Equal("node-1", target.DiscoveredLabels.Get(TargetLabeler.Address));
        }
    }

    [Fact]
    public void Host_and_self_jobs_must_differ_and_be_named()
    {
        var clash = ConfigLoader.Load("kubernetes: {enabled: false}\nhost_metrics: {job: x}\nself_metrics: {job: x}\n", "c.yaml", _ => null);
        Assert.Contains(clash.Problems, p => p.Message.Contains("\"x\" is also host_metrics.job", StringComparison.Ordinal));
        var empty = ConfigLoader.Load("kubernetes: {enabled: false}\nhost_metrics: {job: \"\"}\n", "c.yaml", _ => null);
        Assert.Contains(empty.Problems, p => p.Message.Contains("job must not be empty", StringComparison.Ordinal));
    }

    private static CollectorConfig LoadConfig(string yaml)
    {
        var result = ConfigLoader.Load("node: {name: node-1}\nkubernetes: {enabled: false}\n" + yaml, "test.yaml", _ => null);
        Assert.Empty(result.Problems);
        return result.Config!;
    }

    private static ServiceProvider Services(CollectorConfig config, params IMetricSource[] sources)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        foreach (var source in sources)
        {
            services.AddSingleton(source);
        }

        services.AddSingleton(config);
        services.AddSingleton<ScrapeService>();
        return services.BuildServiceProvider();
    }

    private ScrapeLoop HostLoop(CollectorConfig config)
    {
        var job = InProcessTargets.HostJob(config.HostMetrics, config.Global);
        var target = TargetLabeler.TryBuild(job, InProcessTargets.Discover(config.Node.Name)[0], new LabelSetBuilder(), out var reason);
        Assert.True(target is not null, reason);
        var client = InProcessTargets.HostClients([_source])(target!);
        return new ScrapeLoop(target!, client, _appender, _time, NullLogger.Instance, TimeSpan.Zero);
    }

    /// <summary>A source whose exposition a test sets (parsed into samples), or which throws.</summary>
    private sealed class SettableSource : IMetricSource
    {
        public string Text { get; set; } = "";

        public Exception? Failure { get; set; }

        public void Collect(IMetricWriter writer)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            foreach (var line in Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var space = line.LastIndexOf(' ');
                var series = line[..space];
                var brace = series.IndexOf('{', StringComparison.Ordinal);
                var name = brace < 0 ? series : series[..brace];
                var labels = brace < 0 ? [] : series[(brace + 1)..^1].Split(',').Select(p => p.Split('=')).Select(p => new Label(p[0], p[1].Trim('"'))).ToArray();
                writer.WriteFamily(new MetricFamily(name, "", MetricType.Untyped));
                writer.WriteSample(name, labels, double.Parse(line[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
