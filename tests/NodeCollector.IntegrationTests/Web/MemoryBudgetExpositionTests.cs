using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>The memory budget as a running collector shows it: on <c>/metrics</c> and on the status page.</summary>
public sealed class MemoryBudgetExpositionTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-budget-").FullName;
    private InProcessCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await InProcessCollector.StartAsync($$"""
        server: {listen_address: "127.0.0.1:0"}
        kubernetes: {enabled: false}
        logs: {enabled: false}
        limits: {memory_budget: 64MiB}
        remote_write: [{url: "http://127.0.0.1:1/api/v1/write"}]
        wal: {dir: "{{Path.Combine(_dir, "wal")}}"}
        loki: {url: "http://127.0.0.1:1/loki/api/v1/push"}
        """);

    public async Task DisposeAsync()
    {
        await _collector.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_budget_its_shares_and_their_use_are_exported()
    {
        var metrics = await _collector.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(64L << 20, Value(metrics, "nodecollector_memory_budget_bytes"));
        Assert.Equal((64L << 20) * 4 / 9, Value(metrics, "nodecollector_memory_budget_share_bytes{consumer=\"remote_write\"}"));
        Assert.Equal((64L << 20) * 3 / 9, Value(metrics, "nodecollector_memory_budget_share_bytes{consumer=\"loki\"}"));
        foreach (var consumer in new[] { "remote_write", "series", "loki" })
        {
            Assert.InRange(Value(metrics, $"nodecollector_memory_budget_used_bytes{{consumer=\"{consumer}\"}}"), 0, 64L << 20);
        }

        Assert.DoesNotContain("consumer=\"logs\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_page_has_a_memory_budget_section()
    {
        var page = await _collector.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("id=\"memory\"", page, StringComparison.Ordinal);
        Assert.Contains("limits.memory_budget 64", page, StringComparison.Ordinal);
        Assert.Contains("<td>remote_write</td>", page, StringComparison.Ordinal);
    }

    private static double Value(string exposition, string series)
    {
        var match = Regex.Match(exposition, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{series} is not exported");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
