using System.Globalization;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.RemoteWrite;

/// <summary>
/// The demo node remote-writing to Debian's Prometheus: the series arrive with the target and external labels and
/// plausible values, <c>up</c> is 1 for every target, and no series has a duplicated timestamp.
/// </summary>
public sealed class RealPrometheusTests
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(20);

    /// <summary>
    /// What must arrive: a selector and a check of its value. Host values are exact: they come from the demo node's
    /// own files (hostmocks/DemoNode/proc/loadavg and meminfo). Kubelet cAdvisor and annotated-pod series join this
    /// table when scraping is registered in the collector.
    /// </summary>
    private static readonly (string Selector, Func<double, bool> Check)[] Expected =
    [
        ("up{job=\"nodecollector\"}", v => v == 1),
        ("nodecollector_build_info{job=\"nodecollector\"}", v => v == 1),
        ("process_resident_memory_bytes{job=\"nodecollector\"}", v => v > 1 << 20),
        ("process_cpu_seconds_total{job=\"nodecollector\"}", v => v > 0),
        ("prometheus_remote_storage_samples_total{job=\"nodecollector\",remote_name=\"demo\"}", v => v > 0),
        ("prometheus_remote_storage_highest_timestamp_in_seconds{job=\"nodecollector\"}", v => v > 1.7e9),
        ("nodecollector_wal_samples_appended_total{job=\"nodecollector\"}", v => v > 0),
        ("scrape_samples_scraped{job=\"nodecollector\"}", v => v > 10),
        ("node_load1{job=\"nodecollector\"}", v => v == 0.52),
        ("node_memory_MemTotal_bytes{job=\"nodecollector\"}", v => v == 4022884.0 * 1024),
        ("node_scrape_collector_success{job=\"nodecollector\",collector=\"cpu\"}", v => v == 1),
    ];

    [ToolFact("prometheus", "prometheus")]
    public async Task The_demo_node_arrives_in_Prometheus_with_its_labels_values_and_up()
    {
        using var prometheus = await PrometheusServer.StartAsync();
        using var demo = ChildProcess.StartDotnet(
            Path.Combine(AppContext.BaseDirectory, "hostmocks.dll"),
            ["demo", "--listen", "127.0.0.1:0", "--remote-write", prometheus.WriteUrl, "--interval", "1s"]);
        await demo.WaitForStdoutAsync(@"^\s+metrics\s+http://", TimeSpan.FromSeconds(60));

        await Poll.UntilAsync(
            async () => (await prometheus.RawAsync("up{job=\"nodecollector\"}", TimeSpan.FromMinutes(5))) is [var first, ..] && first.Samples.Count >= Run.TotalSeconds,
            Run * 6,
            $"{Run.TotalSeconds} rounds of up in Prometheus\n{demo.Describe()}");

        foreach (var (selector, check) in Expected)
        {
            var series = await prometheus.RawAsync(selector, TimeSpan.FromMinutes(5));
            Assert.True(series.Count > 0, $"{selector} is in Prometheus");
            foreach (var one in series)
            {
                Assert.Equal("k3s-agent-1", one.Labels["instance"]);
                Assert.Equal("demo", one.Labels["cluster"]);
                var last = one.Samples[^1].Value;
                Assert.True(check(last), $"{selector} = {last.ToString(CultureInfo.InvariantCulture)}");
                Assert.True(one.Samples.Zip(one.Samples.Skip(1)).All(p => p.Second.TimestampMs > p.First.TimestampMs), $"{selector}: timestamps strictly increase");
            }
        }

        var up = await prometheus.QueryAsync("up");
        Assert.True(up.GetArrayLength() > 0);
        foreach (var target in up.EnumerateArray())
        {
            Assert.Equal("1", target.GetProperty("value")[1].GetString());
        }

        PosixSignal.Send(demo.Id, PosixSignal.SigTerm);
        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(10)), demo.Describe());
        Assert.True(demo.ExitCode == 0, demo.Describe());
    }
}
