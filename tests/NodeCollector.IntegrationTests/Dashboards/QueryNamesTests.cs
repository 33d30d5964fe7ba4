namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>The extraction the dashboard test relies on: names in selectors and clauses, nothing from strings or ranges.</summary>
public sealed class QueryNamesTests
{
    [Fact]
    public void Metric_names_come_with_their_matcher_labels_and_functions_are_skipped()
    {
        var names = QueryNames.Parse("sum by (mode) (rate(node_cpu_seconds_total{job=\"nodecollector\", instance=\"$node\", mode!=\"idle\"}[$__rate_interval]))");

        var selector = Assert.Single(names.Selectors);
        Assert.Equal("node_cpu_seconds_total", selector.Metric);
        Assert.Equal(["job", "instance", "mode"], selector.Labels);
        Assert.Equal(["mode"], names.GroupingLabels);
    }

    [Fact]
    public void Binary_expressions_keywords_numbers_and_offsets_give_only_the_metrics()
    {
        var names = QueryNames.Parse("max(a_seconds{x=\"1\"}) - on() group_right max by (remote_name) (b_total offset 5m) > 0.5 or c == 1e9 and time() - d");

        Assert.Equal(["a_seconds", "b_total", "c", "d"], names.Metrics);
        Assert.Equal(["remote_name"], names.GroupingLabels);
    }

    [Fact]
    public void A_stream_selector_has_no_metric_and_line_filters_are_strings()
    {
        var names = QueryNames.Parse("sum by (app) (count_over_time({node=\"$node\", pod=~\"$pod\"} |~ \"(?i)(error|by (x))\" [$__auto]))");

        var selector = Assert.Single(names.Selectors);
        Assert.Null(selector.Metric);
        Assert.Equal(["node", "pod"], selector.Labels);
        Assert.Equal(["app"], names.GroupingLabels);
    }

    [Fact]
    public void A_LogQL_parser_stage_shows_up_as_a_bare_name()
    {
        Assert.Equal(["json"], QueryNames.Parse("{pod=\"a\"} | json").Metrics);
    }

    [Theory]
    [InlineData("up{job=\"x\"")]
    [InlineData("rate(up[5m)")]
    [InlineData("up{job=\"x}")]
    public void A_malformed_expression_is_an_error(string expression)
    {
        Assert.Throws<FormatException>(() => QueryNames.Parse(expression));
    }
}
