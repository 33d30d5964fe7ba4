using System.Buffers;
using System.Text;
using HostMocks.Logs;
using NodeCollector.Metrics;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

public sealed class LogsMetricsTests : IAsyncDisposable
{
    private readonly LogsServiceHarness _harness = new();

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Bytes_and_lines_read_per_pod_files_open_and_lag_are_exposed()
    {
        using var writer = new LogWriter(_harness.ContainerDir("metrics-ns", "metrics-pod", "app"));
        writer.Write("stdout", "one");
        writer.Write("stdout", "two");
        var length = new FileInfo(writer.LivePath).Length;
        var sink = new RecordingLogSink();
        await _harness.StartAsync(sink);
        await Poll.UntilAsync(() => sink.Count == 2, TimeSpan.FromSeconds(5), "the lines");

        using var source = new MeterMetricSource();
        var text = Render(source);
        Assert.Contains($"nodecollector_logs_read_bytes_total{{namespace=\"metrics-ns\",pod=\"metrics-pod\"}} {length}", text, StringComparison.Ordinal);
        Assert.Contains("nodecollector_logs_read_lines_total{namespace=\"metrics-ns\",pod=\"metrics-pod\"} 2", text, StringComparison.Ordinal);
        Assert.Contains($"nodecollector_logs_file_lag_bytes{{path=\"{writer.LivePath}\"}} 0", text, StringComparison.Ordinal);
        Assert.Matches("nodecollector_logs_files_open [1-9]", text);
        Assert.Contains("nodecollector_logs_files_missed_total", text, StringComparison.Ordinal);
    }

    private static string Render(MeterMetricSource source)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        source.Collect(writer);
        writer.Complete();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
