using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.RemoteWrite;

/// <summary>
/// The outage again, with the collector killed by SIGKILL halfway through and started again at once: every sample
/// the WAL held at the kill (read from a copy of it) reaches Prometheus, and nothing arrives twice.
/// </summary>
public sealed class OutageKillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-outage-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolFact("prometheus", "prometheus")]
    public async Task Samples_appended_before_a_SIGKILL_during_an_outage_all_arrive_after_the_restart()
    {
        using var prometheus = await PrometheusServer.StartAsync();
        using var collector = new CollectorUnderTest(_dir, prometheus.WriteUrl);
        await collector.StartAsync();
        await OutageChecks.UntilArrivingAsync(prometheus, collector);

        var stopped = CollectorUnderTest.NowMs();
        await prometheus.StopAsync();
        await Poll.UntilAsync(
            async () => CollectorUnderTest.NowMs() - stopped >= OutageTests.Outage.TotalMilliseconds / 2
                && (await collector.EndpointStatusAsync()).GetProperty("samples_retried_total").GetInt64() > 0,
            OutageTests.Outage,
            "half the outage to pass with the collector retrying");
        await collector.KillAsync();
        var beforeKill = collector.ReadWalCopy("up");
        var roundsBeforeKill = collector.ReadWalCopy("nodecollector_remote_write_collections_total");
        await collector.StartAsync();

        await Poll.UntilAsync(
            () => Task.FromResult(CollectorUnderTest.NowMs() - stopped >= OutageTests.Outage.TotalMilliseconds),
            OutageTests.Outage,
            "the rest of the outage");
        await prometheus.StartAgainAsync();
        var restarted = CollectorUnderTest.NowMs();
        await collector.DrainedAsync(restarted, OutageTests.DrainTimeout);

        var wanted = Assert.Single(beforeKill);
        Assert.Contains(wanted.Value, s => s.TimestampMs > stopped + 20_000);
        await OutageChecks.ContainsAllAsync(prometheus, "up", wanted.Key, wanted.Value);
        var rounds = Assert.Single(roundsBeforeKill);
        await OutageChecks.ContainsAllAsync(prometheus, "nodecollector_remote_write_collections_total", rounds.Key, rounds.Value);

        await OutageChecks.NoGapsAsync(prometheus, stopped, restarted, killed: true);
        var status = await collector.EndpointStatusAsync();
        Assert.Equal(0, status.GetProperty("samples_failed_total").GetInt64());
        Assert.Equal(0, status.GetProperty("samples_dropped_total").GetProperty("unknown_series").GetInt64());
        Assert.Equal(0, await collector.TerminateAsync());
    }
}
