using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Chart;

/// <summary>
/// The ClusterRole grants exactly what the collector calls: <c>KubernetesApiClient</c> lists and watches
/// <c>/api/v1/pods</c> and <c>/api/v1/nodes</c> by field selector (so nodes need list, not get), and the scrape of
/// the kubelet's <c>/metrics/*</c> is authorized as <c>nodes/metrics</c>.
/// </summary>
public sealed class ChartRbacTests
{
    private static readonly string[] Expected =
    [
        "pods: list,watch",
        "nodes: list,watch",
        "nodes/metrics: get",
    ];

    [HelmTheory]
    [MemberData(nameof(ChartDaemonSetTests.ValueSets), MemberType = typeof(ChartDaemonSetTests))]
    public async Task The_cluster_role_allows_pods_and_nodes_list_watch_and_kubelet_metrics_get_only(string valueSet)
    {
        var chart = await ChartDaemonSetTests.Render(valueSet);
        var role = chart.Single("ClusterRole");

        var rules = Yaml.Seq(role, "rules").Select(rule =>
        {
            Assert.Equal([""], Yaml.Texts(rule, "apiGroups"));
            Assert.Null(Yaml.Find(rule, "resourceNames"));
            Assert.Null(Yaml.Find(rule, "nonResourceURLs"));
            return string.Join(",", Yaml.Texts(rule, "resources")) + ": " + string.Join(",", Yaml.Texts(rule, "verbs"));
        });

        Assert.Equal(Expected, rules);
        Assert.Empty(chart.OfKind("Role"));
        Assert.Empty(chart.OfKind("RoleBinding"));
    }

    [HelmFact]
    public async Task The_binding_gives_the_role_to_the_daemon_sets_service_account()
    {
        var chart = await RenderedChart.RenderAsync();
        var binding = chart.Single("ClusterRoleBinding");
        var subject = Assert.Single(Yaml.Seq(binding, "subjects"));

        Assert.Equal(Yaml.Text(chart.Single("ClusterRole"), "metadata", "name"), Yaml.Text(binding, "roleRef", "name"));
        Assert.Equal("ClusterRole", Yaml.Text(binding, "roleRef", "kind"));
        Assert.Equal("ServiceAccount", Yaml.Text(subject, "kind"));
        Assert.Equal(Yaml.Text(chart.PodSpec, "serviceAccountName"), Yaml.Text(subject, "name"));
        Assert.Equal(RenderedChart.Namespace, Yaml.Text(subject, "namespace"));
    }
}
