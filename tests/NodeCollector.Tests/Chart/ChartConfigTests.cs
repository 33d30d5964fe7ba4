using NodeCollector.Config;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Chart;

/// <summary>
/// The ConfigMap's configuration passes the collector's own loader (what <c>--check-config</c> runs), and its host
/// paths are where the DaemonSet mounts the host.
/// </summary>
public sealed class ChartConfigTests
{
    private static readonly Func<string, string?> PodEnvironment = name => name == "NODE_NAME" ? "node-a" : null;

    [HelmTheory]
    [MemberData(nameof(ChartDaemonSetTests.ValueSets), MemberType = typeof(ChartDaemonSetTests))]
    public async Task The_rendered_config_loads_and_points_at_the_mounts(string valueSet)
    {
        var chart = await ChartDaemonSetTests.Render(valueSet);
        var config = Load(chart);

        Assert.Equal("node-a", config.Node.Name);
        var mountPaths = Yaml.Seq(chart.Container, "volumeMounts").Select(m => Yaml.Text(m, "mountPath")).ToList();
        Assert.Contains(config.Node.Procfs, mountPaths);
        Assert.Contains(config.Node.Sysfs, mountPaths);
        Assert.Contains(config.Node.Rootfs, mountPaths);
        Assert.Contains(config.Logs.PodsDir, mountPaths);
        Assert.StartsWith("/var/lib/nodecollector/", config.Wal.Dir, StringComparison.Ordinal);
        Assert.StartsWith("/var/lib/nodecollector/", config.Logs.PositionsFile, StringComparison.Ordinal);
        Assert.Contains("/var/lib/nodecollector", mountPaths);
        Assert.Equal("/host/root/var/lib/rancher/k3s/agent/server-ca.crt", config.Kubelet.Tls.CaFile);
        Assert.StartsWith(config.Node.Rootfs + "/", config.Kubelet.Tls.CaFile, StringComparison.Ordinal);
    }

    [HelmFact]
    public async Task Default_values_send_nowhere_and_scrape_the_annotated_pods()
    {
        var config = Load(await RenderedChart.RenderAsync());

        Assert.Empty(config.RemoteWrite);
        Assert.Equal("", config.Loki.Url);
        Assert.Equal(["kubernetes-pods"], config.ScrapeConfigs.Select(s => s.JobName));
        Assert.Empty(config.Global.ExternalLabels);
    }

    [HelmFact]
    public async Task Every_option_reaches_the_config()
    {
        var chart = await RenderedChart.RenderAsync(RenderedChart.AllOptionsValues);
        var config = Load(chart);

        var remote = Assert.Single(config.RemoteWrite);
        Assert.Equal("https://mimir.example.com/api/v1/push", remote.Url);
        Assert.Equal("metrics-tenant", remote.TenantId);
        Assert.Equal("nodecollector", remote.Headers["X-Source"]);
        Assert.Equal("/var/run/secrets/remote-write/token", remote.Http.BearerTokenFile);
        Assert.Single(remote.WriteRelabelConfigs);
        Assert.Equal("https://loki.example.com/loki/api/v1/push", config.Loki.Url);
        Assert.Equal("team-a", config.Loki.TenantId);
        Assert.Equal(new Dictionary<string, string> { ["cluster"] = "prod-eu-1", ["region"] = "eu-west-1" }, config.Global.ExternalLabels);
        Assert.Equal(["kubernetes-pods", "local-exporter"], config.ScrapeConfigs.Select(s => s.JobName));
        Assert.Equal(2, config.Logs.RelabelConfigs.Count);
        Assert.Equal("end", config.Logs.StartPosition);
        Assert.Equal("node-a", config.Kubelet.Tls.ServerName);
        Assert.Equal(["/metrics/cadvisor", "/metrics/resource", "/metrics/probes"], config.Kubelet.Paths);
        Assert.Single(config.Kubelet.MetricRelabelConfigs);
        Assert.Equal(["default", "-timex"], config.HostMetrics.Collectors);
        Assert.Equal(2L << 30, config.Wal.MaxSize);
        Assert.Equal(512L << 20, config.Limits.MemoryBudget);
        Assert.Contains(config.HostMetrics.Textfile.Directory, Yaml.Seq(chart.Container, "volumeMounts").Select(m => Yaml.Text(m, "mountPath")));
    }

    private static CollectorConfig Load(RenderedChart chart)
    {
        var loaded = ConfigLoader.Load(chart.CollectorConfig, "configmap/config.yaml", PodEnvironment);
        Assert.True(loaded.Config is not null, string.Join('\n', loaded.Problems) + "\n" + chart.CollectorConfig);
        return loaded.Config;
    }
}
