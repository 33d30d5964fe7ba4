using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.RemoteWrite;

/// <summary>
/// Prometheus stopped for <see cref="Outage"/> while the collector appends every second, then started again on the
/// same storage: once the backlog drains, the series hold every sample of the outage, without gaps or duplicates.
/// </summary>
public sealed class OutageTests : IDisposable
{
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-outage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolFact("prometheus", "prometheus")]
    public async Task Every_sample_of_a_receiver_outage_arrives_once_the_receiver_is_back()
    {
        using var prometheus = await PrometheusServer.StartAsync();
        using var collector = new CollectorUnderTest(_dir, prometheus.WriteUrl);
        await collector.StartAsync();
        await OutageChecks.UntilArrivingAsync(prometheus, collector);

        var stopped = CollectorUnderTest.NowMs();
        await prometheus.StopAsync();
        await Poll.UntilAsync(
            async () => CollectorUnderTest.NowMs() - stopped >= Outage.TotalMilliseconds
                && (await collector.EndpointStatusAsync()).GetProperty("samples_retried_total").GetInt64() > 0,
            Outage * 2,
            "the outage to last and the collector to be retrying");
        await prometheus.StartAgainAsync();
        var restarted = CollectorUnderTest.NowMs();
        await collector.DrainedAsync(restarted, DrainTimeout);

        await OutageChecks.NoGapsAsync(prometheus, stopped, restarted, killed: false);
        var status = await collector.EndpointStatusAsync();
        Assert.Equal(0, status.GetProperty("samples_failed_total").GetInt64());
        Assert.Equal(0, status.GetProperty("samples_dropped_total").GetProperty("wal_max_size").GetInt64());
        Assert.Equal(0, await collector.TerminateAsync());
    }
}
