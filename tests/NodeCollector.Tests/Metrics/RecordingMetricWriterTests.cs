using System.Buffers;
using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public class RecordingMetricWriterTests
{
    [Fact]
    public void Records_families_and_samples_with_copied_labels()
    {
        var recorder = new RecordingMetricWriter();
        var labels = new[] { new Label("cpu", "0"), new Label("mode", "idle") };

        recorder.WriteFamily(new MetricFamily("node_cpu_seconds_total", "CPU time.", MetricType.Counter, "seconds"));
        recorder.WriteSample("node_cpu_seconds_total", labels, 12.5);
        labels[1] = new Label("mode", "user");
        recorder.WriteSample("node_cpu_seconds_total", labels, 3, 1700000000000);

        Assert.Equal([new MetricFamily("node_cpu_seconds_total", "CPU time.", MetricType.Counter, "seconds")], recorder.Families);
        Assert.Equal(2, recorder.SampleCount);
        var first = recorder.GetSample(0);
        Assert.Equal("node_cpu_seconds_total", first.Name);
        Assert.Equal([new Label("cpu", "0"), new Label("mode", "idle")], first.Labels.ToArray());
        Assert.Equal(12.5, first.Value);
        Assert.Null(first.TimestampMs);
        Assert.Equal([new Label("cpu", "0"), new Label("mode", "user")], recorder.GetSample(1).Labels.ToArray());
        Assert.Equal(1700000000000, recorder.GetSample(1).TimestampMs);
    }

    [Fact]
    public void Replays_in_the_order_written()
    {
        var recorder = new RecordingMetricWriter();
        WriteSome(recorder);

        Assert.Equal(Render(WriteSome), Render(recorder.ReplayTo));
    }

    [Fact]
    public void Clear_forgets_everything_and_reuses_buffers()
    {
        var recorder = new RecordingMetricWriter();
        WriteSome(recorder);
        recorder.Clear();

        Assert.Empty(recorder.Families);
        Assert.Equal(0, recorder.SampleCount);

        recorder.WriteFamily(new MetricFamily("up", "", MetricType.Gauge));
        recorder.WriteSample("up", [new Label("job", "node")], 1);
        Assert.Equal("# TYPE up gauge\nup{job=\"node\"} 1\n", Render(recorder.ReplayTo));
    }

    [Fact]
    public void Recording_into_warm_buffers_does_not_allocate()
    {
        var recorder = new RecordingMetricWriter();
        WriteSome(recorder);
        recorder.Clear();
        WriteSome(recorder);
        recorder.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        WriteSome(recorder);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void WriteSome(IMetricWriter writer)
    {
        writer.WriteFamily(new MetricFamily("node_load1", "1m load average.", MetricType.Gauge));
        writer.WriteSample("node_load1", [], 0.21);
        writer.WriteFamily(new MetricFamily("node_boot_time_seconds", "Boot time.", MetricType.Gauge, "seconds"));
        writer.WriteFamily(new MetricFamily("node_network_receive_bytes_total", "Received.", MetricType.Counter));
        writer.WriteSample("node_network_receive_bytes_total", [new Label("device", "eth0")], 1e9);
        writer.WriteSample("node_network_receive_bytes_total", [new Label("device", "lo")], 42, 1700000000000);
    }

    private static string Render(Action<IMetricWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        write(writer);
        writer.Complete();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
