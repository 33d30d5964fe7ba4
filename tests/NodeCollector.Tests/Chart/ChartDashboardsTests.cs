using System.Text.Json;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Chart;

/// <summary>Every dashboard under daemonset/dashboards/ ships as a ConfigMap the Grafana sidecar picks up.</summary>
public sealed class ChartDashboardsTests
{
    [HelmTheory]
    [MemberData(nameof(ChartDaemonSetTests.ValueSets), MemberType = typeof(ChartDaemonSetTests))]
    public async Task Each_dashboard_file_is_one_config_map_labelled_for_the_grafana_sidecar(string valueSet)
    {
        var chart = await ChartDaemonSetTests.Render(valueSet);
        var files = Directory.GetFiles(Path.Combine(RenderedChart.ChartDir, "dashboards"), "*.json").Order(StringComparer.Ordinal).ToList();
        var maps = chart.OfKind("ConfigMap").Where(m => Yaml.Find(m, "metadata", "labels", "grafana_dashboard") is not null).ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files.Select(Path.GetFileName), maps.SelectMany(m => Yaml.Map(m, "data").Children.Keys.Select(k => k.ToString())).Order(StringComparer.Ordinal));
        foreach (var map in maps)
        {
            Assert.Equal("1", Yaml.Text(map, "metadata", "labels", "grafana_dashboard"));
            Assert.Equal(valueSet == "default" ? RenderedChart.Namespace : "monitoring", Yaml.Text(map, "metadata", "namespace"));
            var (name, json) = Assert.Single(Yaml.Map(map, "data").Children);
            Assert.Equal(File.ReadAllText(Path.Combine(RenderedChart.ChartDir, "dashboards", name.ToString())).TrimEnd('\n'), ((YamlDotNet.RepresentationModel.YamlScalarNode)json).Value);
            using var parsed = JsonDocument.Parse(((YamlDotNet.RepresentationModel.YamlScalarNode)json).Value!);
            Assert.False(string.IsNullOrEmpty(parsed.RootElement.GetProperty("uid").GetString()));
        }
    }

    [HelmFact]
    public async Task Dashboards_can_be_turned_off()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nodecollector-no-dashboards-{Environment.ProcessId}.yaml");
        await File.WriteAllTextAsync(file, "dashboards:\n  enabled: false\n");
        try
        {
            var chart = await RenderedChart.RenderAsync(file);
            Assert.Single(chart.OfKind("ConfigMap"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
