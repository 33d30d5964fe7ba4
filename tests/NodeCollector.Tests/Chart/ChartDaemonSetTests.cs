using NodeCollector.TestSupport;
using YamlDotNet.RepresentationModel;

namespace NodeCollector.Tests.Chart;

/// <summary>
/// The DaemonSet helm renders, with the default values and with every option on: where the host is mounted and how,
/// what the downward API gives, the probes, and the least privilege it runs with.
/// </summary>
public sealed class ChartDaemonSetTests
{
    public static TheoryData<string> ValueSets => ["default", "all-options"];

    [HelmFact]
    public async Task Default_values_mount_the_host_read_only_and_only_the_state_directory_writable()
    {
        var chart = await RenderedChart.RenderAsync();
        var mounts = Mounts(chart);

        Assert.Equal(
            [
                ("/etc/nodecollector", "config", true, null),
                ("/host/proc", "hostPath:/proc", true, null),
                ("/host/sys", "hostPath:/sys", true, null),
                ("/host/root", "hostPath:/", true, "HostToContainer"),
                ("/var/log/pods", "hostPath:/var/log/pods", true, null),
                ("/var/lib/nodecollector", "hostPath:/var/lib/nodecollector", false, null),
                ("/tmp", "emptyDir", false, null),
            ],
            mounts);
    }

    [HelmFact]
    public async Task The_textfile_option_adds_a_read_only_mount_of_its_host_directory()
    {
        var chart = await RenderedChart.RenderAsync(RenderedChart.AllOptionsValues);

        Assert.Contains(("/var/lib/nodecollector/textfile", "hostPath:/var/lib/node_exporter/textfile_collector", true, (string?)null), Mounts(chart));
    }

    [HelmFact]
    public async Task Node_and_pod_names_come_from_the_downward_API()
    {
        var env = Yaml.Seq((await RenderedChart.RenderAsync()).Container, "env");

        Assert.Equal("spec.nodeName", Yaml.Text(Yaml.Named(env, "NODE_NAME"), "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.name", Yaml.Text(Yaml.Named(env, "POD_NAME"), "valueFrom", "fieldRef", "fieldPath"));
    }

    [HelmFact]
    public async Task Probes_ask_the_health_endpoints_on_the_port_the_config_listens_on()
    {
        var chart = await RenderedChart.RenderAsync();
        var container = chart.Container;
        var port = Yaml.Named(Yaml.Seq(container, "ports"), "http-metrics");

        Assert.Equal("/-/healthy", Yaml.Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("http-metrics", Yaml.Text(container, "livenessProbe", "httpGet", "port"));
        Assert.Equal("/-/ready", Yaml.Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("http-metrics", Yaml.Text(container, "readinessProbe", "httpGet", "port"));
        Assert.Contains("listen_address: 0.0.0.0:" + Yaml.Text(port, "containerPort") + "\n", chart.CollectorConfig, StringComparison.Ordinal);
    }

    [HelmTheory]
    [MemberData(nameof(ValueSets))]
    public async Task The_container_drops_every_capability_and_cannot_write_its_image(string valueSet)
    {
        var chart = await Render(valueSet);
        var security = Yaml.Map(chart.Container, "securityContext");

        Assert.Equal(["ALL"], Yaml.Texts(security, "capabilities", "drop"));
        Assert.Equal(valueSet == "default" ? [] : ["DAC_READ_SEARCH"], Yaml.Texts(security, "capabilities", "add"));
        Assert.Equal("true", Yaml.Text(security, "readOnlyRootFilesystem"));
        Assert.Equal("false", Yaml.Text(security, "allowPrivilegeEscalation"));
        Assert.Equal("false", Yaml.Text(security, "privileged"));
        Assert.Equal("RuntimeDefault", Yaml.Text(security, "seccompProfile", "type"));
        Assert.Equal("RuntimeDefault", Yaml.Text(chart.PodSpec, "securityContext", "seccompProfile", "type"));
        Assert.Null(Yaml.Find(chart.PodSpec, "hostPID"));
        Assert.Null(Yaml.Find(chart.PodSpec, "hostIPC"));
    }

    [HelmFact]
    public async Task It_runs_on_every_node_in_the_host_network_with_node_critical_priority()
    {
        var chart = await RenderedChart.RenderAsync();
        var spec = chart.PodSpec;

        var toleration = Assert.IsType<YamlMappingNode>(Assert.Single(Yaml.Seq(spec, "tolerations")));
        Assert.Equal(["operator"], toleration.Children.Keys.Select(k => k.ToString()));
        Assert.Equal("Exists", Yaml.Text(toleration, "operator"));
        Assert.Equal("true", Yaml.Text(spec, "hostNetwork"));
        Assert.Equal("ClusterFirstWithHostNet", Yaml.Text(spec, "dnsPolicy"));
        Assert.Equal("system-node-critical", Yaml.Text(spec, "priorityClassName"));
        Assert.Equal("RollingUpdate", Yaml.Text(chart.Single("DaemonSet"), "spec", "updateStrategy", "type"));
        Assert.NotNull(Yaml.Find(chart.Container, "resources", "limits", "memory"));
        Assert.NotNull(Yaml.Find(chart.Container, "resources", "requests", "cpu"));
        Assert.Equal(Yaml.Text(chart.Single("ServiceAccount"), "metadata", "name"), Yaml.Text(spec, "serviceAccountName"));
    }

    [HelmFact]
    public async Task Every_option_on_adds_the_monitors_the_service_and_its_values()
    {
        var chart = await RenderedChart.RenderAsync(RenderedChart.AllOptionsValues);
        var env = Yaml.Seq(chart.Container, "env");

        Assert.Equal("ghcr.io/nodecollector/nodecollector:0.1.0-test", Yaml.Text(chart.Container, "image"));
        Assert.Equal("1", Yaml.Text(Yaml.Named(env, "SHARDS"), "value"));
        Assert.Contains("--log.format=json", Yaml.Texts(chart.Container, "args"));
        Assert.Equal("None", Yaml.Text(chart.Single("Service"), "spec", "clusterIP"));
        foreach (var (kind, endpoints) in new[] { ("ServiceMonitor", "endpoints"), ("PodMonitor", "podMetricsEndpoints") })
        {
            var monitor = chart.Single(kind);
            Assert.Equal("kube-prometheus-stack", Yaml.Text(monitor, "metadata", "labels", "release"));
            var endpoint = Assert.Single(Yaml.Seq(monitor, "spec", endpoints));
            Assert.Equal("http-metrics", Yaml.Text(endpoint, "port"));
            Assert.Equal("/metrics", Yaml.Text(endpoint, "path"));
            Assert.Equal(Yaml.Text(chart.Single("DaemonSet"), "spec", "selector", "matchLabels", "app.kubernetes.io/name"), Yaml.Text(monitor, "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        }
    }

    [HelmFact]
    public async Task Default_values_render_no_monitors_and_no_service()
    {
        var chart = await RenderedChart.RenderAsync();

        Assert.Empty(chart.OfKind("ServiceMonitor"));
        Assert.Empty(chart.OfKind("PodMonitor"));
        Assert.Empty(chart.OfKind("Service"));
    }

    internal static Task<RenderedChart> Render(string valueSet) =>
        valueSet == "default" ? RenderedChart.RenderAsync() : RenderedChart.RenderAsync(RenderedChart.AllOptionsValues);

    /// <summary>Each volume mount as (path, source, read-only, propagation), in the order the container lists them.</summary>
    private static List<(string Path, string Source, bool ReadOnly, string? Propagation)> Mounts(RenderedChart chart)
    {
        var volumes = Yaml.Seq(chart.PodSpec, "volumes");
        return [.. Yaml.Seq(chart.Container, "volumeMounts").Select(m =>
        {
            var volume = Yaml.Named(volumes, Yaml.Text(m, "name"));
            var source = Yaml.Find(volume, "hostPath", "path") is YamlScalarNode host ? "hostPath:" + host.Value
                : Yaml.Find(volume, "configMap") is not null ? "config"
                : Yaml.Find(volume, "emptyDir") is not null ? "emptyDir" : "?";
            var readOnly = Yaml.Find(m, "readOnly") is YamlScalarNode { Value: "true" };
            var propagation = (Yaml.Find(m, "mountPropagation") as YamlScalarNode)?.Value;
            return (Yaml.Text(m, "mountPath"), source, readOnly, propagation);
        })];
    }
}
