using System.Net;
using System.Net.Sockets;
using HostMocks.Targets;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Labels;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Scrape;

/// <summary>The hostmocks target simulator scraped by the real HTTP scrape client and loop.</summary>
public sealed class TargetSimulatorTests
{
    [Fact]
    public async Task PathEndpointsServeTheirSeriesGzippedAndCountersAdvancePerScrape()
    {
        await using var simulator = await TargetSimulator.StartAsync([], pathEndpoints: 50, series: 20);
        var appender = new RecordingAppender();
        await using var loop = Loop(simulator.Address, TargetSimulator.PathOf(37), appender);

        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.True(appender.Last.Value("up") == 1, loop.Target.Health.LastError);
        Assert.Equal(20, appender.Last.Find("sim_requests_total", "endpoint=37").Count());
        Assert.Equal(5, appender.Last.Value("sim_requests_total", "endpoint=37", "series=4"));
        Assert.Equal(20, appender.Last.Value("sim_series"));

        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.Equal(10, appender.Last.Value("sim_requests_total", "endpoint=37", "series=4"));
        Assert.Equal(2, simulator.ScrapesOfPath(37));
        Assert.Equal(0, simulator.ScrapesOfPath(36));
        Assert.Equal(2, simulator.GzippedResponses);
    }

    [Fact]
    public async Task AGivenPortServesMetricsAndATakenPortIsReportedNotFatal()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var freePort = FreePort();

        await using var simulator = await TargetSimulator.StartAsync([freePort, takenPort], pathEndpoints: 0, series: 3);
        Assert.Equal([freePort], simulator.ListeningPorts);
        Assert.Equal([takenPort], simulator.UnavailablePorts);

        var appender = new RecordingAppender();
        await using var loop = Loop("127.0.0.1:" + freePort, "/metrics", appender);
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.True(appender.Last.Value("up") == 1, loop.Target.Health.LastError);
        Assert.Equal(3, appender.Last.Value("sim_requests_total", "endpoint=port-" + freePort, "series=2"));
        Assert.Equal(1, simulator.ScrapesOfPort(freePort));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static ScrapeLoop Loop(string address, string path, RecordingAppender appender)
    {
        var job = ScrapeTestTargets.Job("sim");
        var discovered = LabelSet.From([new Label(TargetLabeler.Address, address), new Label("__metrics_path__", path)]);
        var target = TargetLabeler.TryBuild(job, discovered, new LabelSetBuilder(), out var reason);
        Assert.True(target is not null, reason);
        var client = ScrapeHttpClients.Create(new TlsOptions(), out var validator);
        var scraper = new HttpScrapeClient(client, validator, target!, () => null);
        return new ScrapeLoop(target!, scraper, appender, TimeProvider.System, NullLogger.Instance, TimeSpan.Zero);
    }
}
