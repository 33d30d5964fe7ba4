using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>
/// Everything the demo node sends by remote write, as the dashboards' Prometheus would store it: for each metric
/// name, the label names its series carry (target labels and external labels included).
/// </summary>
internal static class DemoNodeSeries
{
    /// <summary>Series that show every kind of target has been scraped and sent at least once.</summary>
    private static readonly string[] Evidence =
    [
        "node_load1", "container_cpu_usage_seconds_total", "sim_series", "prometheus_remote_storage_samples_total",
        "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
    ];

    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyDictionary<string, HashSet<string>>> CollectAsync()
    {
        await using var receiver = await RemoteWriteReceiver.StartAsync();
        using var demo = ChildProcess.StartDotnet(
            Path.Combine(AppContext.BaseDirectory, "hostmocks.dll"),
            ["demo", "--listen", "127.0.0.1:0", "--remote-write", receiver.Url, "--interval", "1s"]);
        await demo.WaitForStdoutAsync(@"^\s+metrics\s+http://", TimeSpan.FromSeconds(60));

        var series = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var read = 0;
        var sinceNewName = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(
            () =>
            {
                var received = receiver.Received;
                foreach (var write in received.Skip(read))
                {
                    foreach (var one in write.Request.Timeseries)
                    {
                        var name = one.Labels.First(l => l.Name == "__name__").Value;
                        if (!series.TryGetValue(name, out var labels))
                        {
                            series[name] = labels = new HashSet<string>(StringComparer.Ordinal);
                            sinceNewName.Restart();
                        }

                        labels.UnionWith(one.Labels.Select(l => l.Name));
                    }
                }

                read = received.Count;
                // One scrape of a target spans several send batches: the evidence series only say every kind of
                // target has started arriving, so wait until a few scrape intervals bring no new metric name.
                return Evidence.All(series.ContainsKey) && series["up"].Contains("node") && sinceNewName.Elapsed > QuietPeriod;
            },
            TimeSpan.FromSeconds(90),
            $"the demo node's host, kubelet, pod and self series by remote write\n{demo.Describe()}");

        PosixSignal.Send(demo.Id, PosixSignal.SigTerm);
        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(10)), demo.Describe());
        return series;
    }
}
