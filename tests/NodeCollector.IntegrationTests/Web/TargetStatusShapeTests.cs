using System.Text.Json;
using HostMocks.Targets;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Diagnostics;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>
/// The collector in-process with a static scrape job against the target simulator (one kept target, one dropped by
/// relabeling), remote-writing to a port nothing listens on: the target status JSON has Prometheus' and the
/// OpenTelemetry target allocator's shapes.
/// </summary>
public sealed class TargetStatusShapeTests : IAsyncLifetime, IDisposable
{
    private const string Node = "shape-node";
    private readonly string _dir = Directory.CreateTempSubdirectory("target-status-").FullName;
    private readonly HttpClient _http = new();
    private TargetSimulator _simulator = null!;
    private CollectorApp _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await TargetSimulator.StartAsync([], pathEndpoints: 1, series: 3);
        var yaml = $"""
            server:
              listen_address: 127.0.0.1:0
            node:
              name: {Node}
            kubernetes:
              enabled: false
            kubelet:
              enabled: false
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            host_metrics:
              interval: 1s
            scrape_configs:
              - job_name: sim
                scrape_interval: 1s
                scrape_timeout: 1s
                metrics_path: {TargetSimulator.PathOf(0)}
                static_configs:
                  - targets: ["{_simulator.Address}", "127.0.0.1:1"]
                    labels:
                      team: a
                relabel_configs:
                  - source_labels: [__address__]
                    regex: 127\.0\.0\.1:1
                    action: drop
            remote_write:
              - url: http://127.0.0.1:1/api/v1/write
            wal:
              dir: {Path.Combine(_dir, "wal")}

            """;
        var loaded = ConfigLoader.Load(yaml, "test.yaml", _ => null);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Problems));
        _app = CollectorApp.Create(loaded.Config!, LogLevel.Warning, LogFormat.Logfmt);
        await _app.StartAsync(CancellationToken.None);
        _http.BaseAddress = new Uri(_app.Addresses[0]);
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Api_v1_targets_has_prometheus_shape_with_active_and_dropped_targets()
    {
        JsonElement active = default;
        await Poll.UntilAsync(
            async () =>
            {
                var root = await GetAsync("/api/v1/targets");
                active = root.GetProperty("data").GetProperty("activeTargets");
                return active.EnumerateArray().Count(t => t.GetProperty("health").GetString() == "up") == 3;
            },
            TimeSpan.FromSeconds(20),
            "the simulated, host and self targets scraped and up");

        var root = await GetAsync("/api/v1/targets");
        Assert.Equal("success", root.GetProperty("status").GetString());
        var all = root.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
        Assert.Equal(["node-exporter", "nodecollector", "sim"], all.Select(t => t.GetProperty("scrapePool").GetString()));
        foreach (var inProcess in all.Take(2))
        {
            Assert.Equal(Node, inProcess.GetProperty("labels").GetProperty("instance").GetString());
            Assert.Equal(inProcess.GetProperty("scrapePool").GetString(), inProcess.GetProperty("labels").GetProperty("job").GetString());
        }

        var target = all[2];
        var discovered = target.GetProperty("discoveredLabels");
        Assert.Equal(_simulator.Address, discovered.GetProperty("__address__").GetString());
        Assert.Equal("a", discovered.GetProperty("team").GetString());
        Assert.Equal("sim", discovered.GetProperty("job").GetString());
        Assert.Equal("http", discovered.GetProperty("__scheme__").GetString());
        Assert.Equal(TargetSimulator.PathOf(0), discovered.GetProperty("__metrics_path__").GetString());
        Assert.Equal("1s", discovered.GetProperty("__scrape_interval__").GetString());
        Assert.Equal("1s", discovered.GetProperty("__scrape_timeout__").GetString());
        var labels = target.GetProperty("labels");
        Assert.Equal("sim", labels.GetProperty("job").GetString());
        Assert.Equal(_simulator.Address, labels.GetProperty("instance").GetString());
        Assert.Equal("a", labels.GetProperty("team").GetString());
        Assert.False(labels.TryGetProperty("__address__", out _), "labels after relabeling have no __ labels");
        Assert.Equal("sim", target.GetProperty("scrapePool").GetString());
        Assert.Equal($"http://{_simulator.Address}{TargetSimulator.PathOf(0)}", target.GetProperty("scrapeUrl").GetString());
        Assert.Equal("up", target.GetProperty("health").GetString());
        Assert.Equal("", target.GetProperty("lastError").GetString());
        Assert.True(target.GetProperty("lastScrape").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.True(target.GetProperty("lastScrapeDuration").GetDouble() > 0);
        Assert.Equal("1s", target.GetProperty("scrapeInterval").GetString());
        Assert.Equal("1s", target.GetProperty("scrapeTimeout").GetString());

        var dropped = Assert.Single(root.GetProperty("data").GetProperty("droppedTargets").EnumerateArray());
        Assert.Equal("127.0.0.1:1", dropped.GetProperty("discoveredLabels").GetProperty("__address__").GetString());
        Assert.Equal("a", dropped.GetProperty("discoveredLabels").GetProperty("team").GetString());
        Assert.Equal("sim", dropped.GetProperty("discoveredLabels").GetProperty("job").GetString());
        Assert.Equal("sim", dropped.GetProperty("scrapePool").GetString());
    }

    [Fact]
    public async Task Allocator_jobs_link_to_targets_grouped_per_collector_as_http_sd()
    {
        // The in-process host and self targets are not reachable over HTTP, so the allocator does not offer them.
        var jobs = await GetAsync("/jobs");
        var job = Assert.Single(jobs.EnumerateObject());
        Assert.Equal("sim", job.Name);
        Assert.Equal("/jobs/sim/targets", job.Value.GetProperty("_link").GetString());

        var perCollector = await GetAsync("/jobs/sim/targets");
        var collector = Assert.Single(perCollector.EnumerateObject());
        Assert.Equal(Node, collector.Name);
        Assert.Equal($"/jobs/sim/targets?collector_id={Node}", collector.Value.GetProperty("_link").GetString());
        AssertGroups(collector.Value.GetProperty("targets"));

        AssertGroups(await GetAsync($"/jobs/sim/targets?collector_id={Node}"));
        Assert.Equal(0, (await GetAsync("/jobs/sim/targets?collector_id=another-node")).GetArrayLength());
        Assert.Equal(0, (await GetAsync($"/jobs/missing/targets?collector_id={Node}")).GetArrayLength());
        Assert.Equal(0, (await GetAsync($"/jobs/node-exporter/targets?collector_id={Node}")).GetArrayLength());
    }

    /// <summary>
    /// HTTP SD groups: [{targets: [address], labels: {discovered labels}}], the dropped target not among them. As the
    /// allocator does, the labels are discovery's (here the static group's), before the job's defaults and relabeling.
    /// </summary>
    private void AssertGroups(JsonElement groups)
    {
        var group = Assert.Single(groups.EnumerateArray());
        var address = Assert.Single(group.GetProperty("targets").EnumerateArray());
        Assert.Equal(_simulator.Address, address.GetString());
        var labels = group.GetProperty("labels");
        Assert.Equal("a", labels.GetProperty("team").GetString());
        Assert.Equal(_simulator.Address, labels.GetProperty("__address__").GetString());
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
