using System.Globalization;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.RemoteWrite;

/// <summary>
/// The demo node remote-writing to Debian's Prometheus: the series arrive with the target and external labels and
/// plausible values (host series under node_exporter's job, the collector's own under job="nodecollector"), <c>up</c> is 1 for every target, and no series has a duplicated timestamp.
/// </summary>
[Collection(Demo.DemoPorts.Name)]
public sealed class RealPrometheusTests
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(20);

    private const string Node = "k3s-agent-1";
    private const string Kubelet = @"127\.0\.0\.1:\d+";
    private const string PodTarget = @"127\.0\.0\.1:(9102|9187)";

    /// <summary>
    /// What must arrive: a selector and a check of its value, with the instance it comes from (a regex). Host values
    /// are exact: they come from the demo node's own files (hostmocks/DemoNode/proc/loadavg and meminfo); the kubelet's
    /// come from the fake kubelet's cAdvisor fixture and the annotated pods' from the target simulator.
    /// </summary>
    private static readonly (string Selector, Func<double, bool> Check, string Instance)[] Expected =
    [
        ("up{job=\"nodecollector\"}", v => v == 1, Node),
        ("nodecollector_build_info{job=\"nodecollector\"}", v => v == 1, Node),
        ("process_resident_memory_bytes{job=\"nodecollector\"}", v => v > 1 << 20, Node),
        ("process_cpu_seconds_total{job=\"nodecollector\"}", v => v > 0, Node),
        ("prometheus_remote_storage_samples_total{job=\"nodecollector\",remote_name=\"demo\"}", v => v > 0, Node),
        ("prometheus_remote_storage_highest_timestamp_in_seconds{job=\"nodecollector\"}", v => v > 1.7e9, Node),
        ("nodecollector_wal_samples_appended_total{job=\"nodecollector\"}", v => v > 0, Node),
        ("scrape_samples_scraped{job=\"nodecollector\"}", v => v > 10, Node),
        ("up{job=\"node-exporter\"}", v => v == 1, Node),
        ("scrape_samples_scraped{job=\"node-exporter\"}", v => v > 500, Node),
        ("node_load1{job=\"node-exporter\"}", v => v == 0.52, Node),
        ("node_memory_MemTotal_bytes{job=\"node-exporter\"}", v => v == 4022884.0 * 1024, Node),
        ("node_scrape_collector_success{job=\"node-exporter\",collector=\"cpu\"}", v => v == 1, Node),
        ("node_uname_info{job=\"node-exporter\",nodename!=\"\"}", v => v == 1, Node),
        ("up{job=\"kubelet\",metrics_path=\"/metrics/cadvisor\"}", v => v == 1, Kubelet),
        ("container_cpu_usage_seconds_total{job=\"kubelet\",namespace!=\"\"}", v => v > 0, Kubelet),
        ("scrape_samples_scraped{job=\"kubelet\"}", v => v > 1000, Kubelet),
        ("up{job=\"kubernetes-pods\"}", v => v == 1, PodTarget),
        ("sim_requests_total{job=\"kubernetes-pods\",namespace!=\"\",pod!=\"\",series=\"4\"}", v => v >= 5, PodTarget),
        ("sim_series{job=\"kubernetes-pods\"}", v => v == 5, PodTarget),
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

        foreach (var (selector, check, instance) in Expected)
        {
            var series = await prometheus.RawAsync(selector, TimeSpan.FromMinutes(5));
            Assert.True(series.Count > 0, $"{selector} is in Prometheus");
            foreach (var one in series)
            {
                Assert.Matches("^" + instance + "$", one.Labels["instance"]);
                Assert.Equal("demo", one.Labels["cluster"]);
                var last = one.Samples[^1].Value;
                Assert.True(check(last), $"{selector} = {last.ToString(CultureInfo.InvariantCulture)}");
                Assert.True(one.Samples.Zip(one.Samples.Skip(1)).All(p => p.Second.TimestampMs > p.First.TimestampMs), $"{selector}: timestamps strictly increase");
            }
        }

        Assert.Empty(await prometheus.RawAsync("node_load1{job=\"nodecollector\"}", TimeSpan.FromMinutes(5)));
        Assert.Empty(await prometheus.RawAsync("process_cpu_seconds_total{job=\"node-exporter\"}", TimeSpan.FromMinutes(5)));

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
