using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Chart;

/// <summary>
/// <c>helm lint --strict</c> passes, which also validates values.yaml against values.schema.json; values the schema
/// forbids are rejected by <c>helm template</c> and <c>helm lint</c>, naming the key.
/// </summary>
public sealed class ChartLintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-chart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [HelmTheory]
    [MemberData(nameof(ChartDaemonSetTests.ValueSets), MemberType = typeof(ChartDaemonSetTests))]
    public async Task Helm_lint_strict_passes(string valueSet)
    {
        string[] values = valueSet == "default" ? [] : ["--values", RenderedChart.AllOptionsValues];

        var (exit, stdout, stderr) = await Helm.RunAsync(["lint", "--strict", RenderedChart.ChartDir, .. values]);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", stdout, StringComparison.Ordinal);
    }

    [HelmTheory]
    [InlineData("hostNetwrk: true\n", "hostNetwrk")]
    [InlineData("port: \"9465\"\n", "port")]
    [InlineData("port: 70000\n", "port")]
    [InlineData("logFormat: xml\n", "logFormat")]
    [InlineData("collector:\n  remoteWrite:\n    url: ftp://prometheus:9090/api/v1/write\n", "url")]
    [InlineData("collector:\n  scrapeInterval: 15 seconds\n", "scrapeInterval")]
    [InlineData("collector:\n  wal:\n    maxSize: 1 gigabyte\n", "maxSize")]
    [InlineData("securityContext:\n  capabilities:\n    add: SYS_ADMIN\n", "add")]
    public async Task A_value_the_schema_forbids_is_rejected_by_template_and_lint(string values, string key)
    {
        var file = Path.Combine(_dir, "bad-values.yaml");
        await File.WriteAllTextAsync(file, values);

        var template = await Helm.RunAsync("template", RenderedChart.Release, RenderedChart.ChartDir, "--values", file);
        var lint = await Helm.RunAsync("lint", RenderedChart.ChartDir, "--values", file);

        Assert.NotEqual(0, template.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema", template.Stderr, StringComparison.Ordinal);
        Assert.Contains(key, template.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains(key, lint.Stdout + lint.Stderr, StringComparison.Ordinal);
    }
}
