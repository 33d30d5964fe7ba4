using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>
/// Every PromQL query of the shipped dashboards uses only metric names NodeCollector sends from the demo node, each
/// with labels its series carry; every LogQL query uses only the Loki stream labels.
/// </summary>
[Collection(Demo.DemoPorts.Name)]
public sealed class DashboardQueriesTests
{
    [FixtureFact("kubelet")]
    public async Task Every_PromQL_metric_and_label_is_in_what_the_demo_node_sends()
    {
        var sent = await DemoNodeSeries.CollectAsync();
        var problems = new List<string>();
        var queries = DashboardQuery.ReadAll().Where(q => !q.IsLogQl).ToList();

        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var names = query.Names();
            Assert.True(names.Selectors.Count > 0, $"no metric in {query}");
            var usedLabels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var selector in names.Selectors)
            {
                if (selector.Metric is null || !sent.TryGetValue(selector.Metric, out var labels))
                {
                    problems.Add($"{query}: metric {selector.Metric ?? "(none)"} is not sent");
                    continue;
                }

                usedLabels.UnionWith(labels);
                problems.AddRange(selector.Labels.Where(l => !labels.Contains(l)).Select(l => $"{query}: {selector.Metric} has no label {l}"));
            }

            var grouping = names.GroupingLabels.Concat(query.ValuesOfLabel is { } label ? [label] : []);
            problems.AddRange(grouping.Where(l => !usedLabels.Contains(l)).Select(l => $"{query}: no metric of it has label {l}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_LogQL_query_uses_only_stream_labels()
    {
        var queries = DashboardQuery.ReadAll().Where(q => q.IsLogQl).ToList();
        var problems = new List<string>();

        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var names = query.Names();
            problems.AddRange(names.Metrics.Select(m => $"{query}: {m} is not a stream selector (a parser stage would add labels this test cannot check)"));
            var labels = names.Selectors.SelectMany(s => s.Labels).Concat(names.GroupingLabels).Concat(query.ValuesOfLabel is { } label ? [label] : []);
            problems.AddRange(labels.Where(l => !LokiStreamLabels.Names.Contains(l)).Select(l => $"{query}: {l} is not a stream label"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_dashboards_cover_the_node_its_containers_its_logs_and_the_collector()
    {
        var queries = DashboardQuery.ReadAll();

        Assert.Equal(
            ["nodecollector-containers.json", "nodecollector-health.json", "nodecollector-logs.json", "nodecollector-node.json"],
            queries.Select(q => q.Dashboard).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(queries, q => q.Expression.Contains("container_cpu_usage_seconds_total", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Expression.Contains("prometheus_remote_storage_samples_pending", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Expression.Contains("node_pressure_", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.IsLogQl && q.Where.StartsWith("panel", StringComparison.Ordinal));
    }
}
