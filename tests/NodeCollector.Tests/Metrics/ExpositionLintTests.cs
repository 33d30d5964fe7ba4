using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using NodeCollector.Metrics;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Metrics;

/// <summary>
/// Our own metrics (a meter with a counter, a gauge and a histogram, tags needing escaping, build info) plus the
/// process metrics, rendered in both formats and judged by something other than our own expectations.
/// </summary>
public sealed class ExpositionLintTests : IDisposable
{
    private readonly Meter _meter = new("NodeCollector.Tests.Lint." + Guid.NewGuid().ToString("N"));
    private readonly MeterMetricSource _meterSource;
    private readonly ProcessMetricSource _processSource = new();

    public ExpositionLintTests()
    {
        _meterSource = new MeterMetricSource(_meter.Name);
        CollectorMeter.RegisterBuildInfo(_meter, BuildInfo.Current);

        var requests = _meter.CreateCounter<long>("nodecollector_http_requests_total", description: "HTTP requests served, by path and code.");
        requests.Add(3, new("path", "/metrics"), new("code", "200"));
        requests.Add(1, new("path", "/odd \"path\"\\with\nnewline"), new("code", "404"));

        var queue = _meter.CreateUpDownCounter<int>("nodecollector_queue_entries", description: "Entries waiting in a queue.");
        queue.Add(5, new KeyValuePair<string, object?>("queue", "loki"));

        var duration = _meter.CreateHistogram(
            "nodecollector_scrape_duration_seconds",
            unit: "seconds",
            description: "Duration of scrapes.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 10] });
        duration.Record(0.05, new KeyValuePair<string, object?>("job", "kubelet \"cadvisor\""));
        duration.Record(2, new KeyValuePair<string, object?>("job", "kubelet \"cadvisor\""));
        duration.Record(0.2, new KeyValuePair<string, object?>("job", "node"));
    }

    public void Dispose()
    {
        _meterSource.Dispose();
        _meter.Dispose();
    }

    [ToolFact(Promtool.Tool, Promtool.DebianPackage)]
    public void Text_exposition_passes_promtool_check_metrics()
    {
        var exposition = Render(ExpositionFormat.PrometheusText);

        var result = Promtool.CheckMetrics(exposition);

        Assert.True(result.ExitCode == 0 && result.OutputLines.Count == 0, Describe(result, exposition));
    }

    [ToolFact(Promtool.Tool, Promtool.DebianPackage)]
    public void Promtool_runner_reports_what_promtool_finds()
    {
        var result = Promtool.CheckMetrics("# TYPE requests counter\nrequests 1\n"u8);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.OutputLines, line => line.Contains("requests", StringComparison.Ordinal));
    }

    // promtool 2.42 (Debian's) cannot judge OpenMetrics: `check metrics` runs the text 0.0.4 parser and lint, which
    // fails on OpenMetrics' `unknown` type ("unknown metric type") and second-based timestamps ("expected integer as
    // timestamp"), and reads `# TYPE foo counter` + `foo_total` as two families ("foo_total no help text"); it treats
    // `# UNIT` and `# EOF` as comments. So the OpenMetrics output is checked structurally instead.
    [Fact]
    public void OpenMetrics_exposition_is_well_formed()
    {
        var exposition = Encoding.UTF8.GetString(Render(ExpositionFormat.OpenMetrics));

        Assert.Empty(OpenMetricsChecker.Check(exposition));
        Assert.Contains("# TYPE nodecollector_http_requests counter\n", exposition, StringComparison.Ordinal);
        Assert.Contains("# UNIT nodecollector_scrape_duration_seconds seconds\n", exposition, StringComparison.Ordinal);
        Assert.Contains("nodecollector_scrape_duration_seconds_bucket{job=\"node\",le=\"1.0\"} 1\n", exposition, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds counter\n", exposition, StringComparison.Ordinal);
        Assert.EndsWith("\n# EOF\n", exposition, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# TYPE a gauge\na 1\n", "does not end with # EOF")]
    [InlineData("# TYPE a gauge\n\na 1\n# EOF\n", "blank line")]
    [InlineData("# TYPE a counter\na 1\n# EOF\n", "does not belong")]
    [InlineData("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n# EOF\n", "appears twice")]
    [InlineData("# TYPE a gauge\n# UNIT a seconds\na 1\n# EOF\n", "not a suffix")]
    [InlineData("# TYPE a untyped\na 1\n# EOF\n", "unknown type")]
    [InlineData("# TYPE a gauge\na{x=\"1} 1\n# EOF\n", "cannot parse")]
    [InlineData("# TYPE a gauge\na one\n# EOF\n", "not a number")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# EOF\n", "not canonical")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1.0\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# EOF\n", "not cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1.0\n# EOF\n", "not an integer")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\n# EOF\n", "differs")]
    public void The_OpenMetrics_check_catches_what_it_claims_to(string exposition, string problem)
    {
        Assert.Contains(OpenMetricsChecker.Check(exposition), found => found.Contains(problem, StringComparison.Ordinal));
    }

    private byte[] Render(ExpositionFormat format)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new TextExpositionWriter(buffer, format);
        _meterSource.Collect(writer);
        _processSource.Collect(writer);
        writer.Complete();
        return buffer.WrittenSpan.ToArray();
    }

    private static string Describe(PromtoolResult result, byte[] exposition) =>
        $"promtool exited {result.ExitCode} with:\n{result.Output}\non:\n{Encoding.UTF8.GetString(exposition)}";
}
