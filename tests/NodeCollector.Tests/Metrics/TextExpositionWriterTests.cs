using System.Buffers;
using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public class TextExpositionWriterTests
{
    [Fact]
    public void Counter_in_text()
    {
        var text = Render(ExpositionFormat.PrometheusText, WriteCounter);

        Assert.Equal(
            """
            # HELP http_requests_total Total HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{code="200",method="get"} 1027
            http_requests_total{code="400",method="post"} 3
            http_requests_total{code="500",method="post"} 0

            """,
            text);
    }

    [Fact]
    public void Counter_in_OpenMetrics_drops_total_from_metadata_and_marks_floats()
    {
        var text = Render(ExpositionFormat.OpenMetrics, WriteCounter);

        Assert.Equal(
            """
            # HELP http_requests Total HTTP requests.
            # TYPE http_requests counter
            http_requests_total{code="200",method="get"} 1027.0
            http_requests_total{code="400",method="post"} 3.0
            http_requests_total{code="500",method="post"} 0.0
            # EOF

            """,
            text);
    }

    [Fact]
    public void Counter_without_total_is_unknown_in_OpenMetrics()
    {
        var text = Render(ExpositionFormat.OpenMetrics, writer =>
        {
            writer.WriteFamily(new MetricFamily("legacy_events", "Events.", MetricType.Counter));
            writer.WriteSample("legacy_events", [], 2.5);
        });

        Assert.Equal("# HELP legacy_events Events.\n# TYPE legacy_events unknown\nlegacy_events 2.5\n# EOF\n", text);
    }

    [Fact]
    public void Gauge_with_escaped_help_and_labels_in_text()
    {
        var text = Render(ExpositionFormat.PrometheusText, WriteEscapedGauge);

        Assert.Equal(
            """
            # HELP node_filesystem_avail_bytes Free space in "bytes" \\ per mount\nsecond line.
            # TYPE node_filesystem_avail_bytes gauge
            node_filesystem_avail_bytes{mountpoint="C:\\data",label="say \"hi\"\nbye",device="ü→€"} 1.7560473e+07
            node_filesystem_avail_bytes{mountpoint="/",label="",device="sda1"} 0

            """,
            text);
    }

    [Fact]
    public void Gauge_with_escaped_help_and_labels_in_OpenMetrics_also_escapes_quotes_in_help()
    {
        var text = Render(ExpositionFormat.OpenMetrics, WriteEscapedGauge);

        Assert.Equal(
            """
            # HELP node_filesystem_avail_bytes Free space in \"bytes\" \\ per mount\nsecond line.
            # TYPE node_filesystem_avail_bytes gauge
            # UNIT node_filesystem_avail_bytes bytes
            node_filesystem_avail_bytes{mountpoint="C:\\data",label="say \"hi\"\nbye",device="ü→€"} 1.7560473e+07
            node_filesystem_avail_bytes{mountpoint="/",label="",device="sda1"} 0.0
            # EOF

            """,
            text);
    }

    [Fact]
    public void Histogram_in_text()
    {
        var text = Render(ExpositionFormat.PrometheusText, WriteHistogram);

        Assert.Equal(
            """
            # HELP request_duration_seconds Request latency.
            # TYPE request_duration_seconds histogram
            request_duration_seconds_bucket{handler="/",le="0.1"} 1
            request_duration_seconds_bucket{handler="/",le="1"} 3
            request_duration_seconds_bucket{handler="/",le="+Inf"} 1e+06
            request_duration_seconds_sum{handler="/"} 4.25
            request_duration_seconds_count{handler="/"} 1e+06

            """,
            text);
    }

    [Fact]
    public void Histogram_in_OpenMetrics_has_unit_canonical_le_and_integer_counts()
    {
        var text = Render(ExpositionFormat.OpenMetrics, WriteHistogram);

        Assert.Equal(
            """
            # HELP request_duration_seconds Request latency.
            # TYPE request_duration_seconds histogram
            # UNIT request_duration_seconds seconds
            request_duration_seconds_bucket{handler="/",le="0.1"} 1
            request_duration_seconds_bucket{handler="/",le="1.0"} 3
            request_duration_seconds_bucket{handler="/",le="+Inf"} 1000000
            request_duration_seconds_sum{handler="/"} 4.25
            request_duration_seconds_count{handler="/"} 1000000
            # EOF

            """,
            text);
    }

    [Fact]
    public void Summary_in_both_formats()
    {
        var text = Render(ExpositionFormat.PrometheusText, WriteSummary);
        var openMetrics = Render(ExpositionFormat.OpenMetrics, WriteSummary);

        Assert.Equal(
            """
            # HELP rpc_duration_seconds RPC latency.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 0.05
            rpc_duration_seconds{quantile="1"} 3
            rpc_duration_seconds_sum 17.5
            rpc_duration_seconds_count 2693

            """,
            text);
        Assert.Equal(
            """
            # HELP rpc_duration_seconds RPC latency.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 0.05
            rpc_duration_seconds{quantile="1.0"} 3.0
            rpc_duration_seconds_sum 17.5
            rpc_duration_seconds_count 2693
            # EOF

            """,
            openMetrics);
    }

    [Fact]
    public void Untyped_and_special_values_in_both_formats()
    {
        static void Write(TextExpositionWriter writer)
        {
            writer.WriteFamily(new MetricFamily("scraped_value", "", MetricType.Untyped));
            writer.WriteSample("scraped_value", [new Label("v", "nan")], double.NaN);
            writer.WriteSample("scraped_value", [new Label("v", "inf")], double.PositiveInfinity);
            writer.WriteSample("scraped_value", [new Label("v", "-inf")], double.NegativeInfinity);
            writer.WriteSample("scraped_value", [new Label("v", "-0")], -0.0);
            writer.WriteSample("scraped_value", [new Label("v", "big")], 1e21);
            writer.WriteSample("scraped_value", [new Label("v", "int")], -42);
        }

        Assert.Equal(
            """
            # TYPE scraped_value untyped
            scraped_value{v="nan"} NaN
            scraped_value{v="inf"} +Inf
            scraped_value{v="-inf"} -Inf
            scraped_value{v="-0"} 0
            scraped_value{v="big"} 1e+21
            scraped_value{v="int"} -42

            """,
            Render(ExpositionFormat.PrometheusText, Write));
        Assert.Equal(
            """
            # TYPE scraped_value unknown
            scraped_value{v="nan"} NaN
            scraped_value{v="inf"} +Inf
            scraped_value{v="-inf"} -Inf
            scraped_value{v="-0"} 0.0
            scraped_value{v="big"} 1e+21
            scraped_value{v="int"} -42.0
            # EOF

            """,
            Render(ExpositionFormat.OpenMetrics, Write));
    }

    [Fact]
    public void Timestamps_are_milliseconds_in_text_and_seconds_in_OpenMetrics()
    {
        static void Write(TextExpositionWriter writer)
        {
            writer.WriteFamily(new MetricFamily("up", "Target up.", MetricType.Gauge));
            writer.WriteSample("up", [new Label("instance", "a")], 1, 1700000000123);
            writer.WriteSample("up", [new Label("instance", "b")], 0, 1700000000000);
            writer.WriteSample("up", [new Label("instance", "c")], 1, 5);
            writer.WriteSample("up", [new Label("instance", "d")], 1, -1500);
            writer.WriteSample("up", [new Label("instance", "e")], 1, long.MinValue);
        }

        Assert.Equal(
            """
            # HELP up Target up.
            # TYPE up gauge
            up{instance="a"} 1 1700000000123
            up{instance="b"} 0 1700000000000
            up{instance="c"} 1 5
            up{instance="d"} 1 -1500
            up{instance="e"} 1 -9223372036854775808

            """,
            Render(ExpositionFormat.PrometheusText, Write));
        Assert.Equal(
            """
            # HELP up Target up.
            # TYPE up gauge
            up{instance="a"} 1.0 1700000000.123
            up{instance="b"} 0.0 1700000000.000
            up{instance="c"} 1.0 0.005
            up{instance="d"} 1.0 -1.500
            up{instance="e"} 1.0 -9223372036854775.808
            # EOF

            """,
            Render(ExpositionFormat.OpenMetrics, Write));
    }

    [Fact]
    public void Unit_is_written_only_when_the_name_ends_with_it()
    {
        var text = Render(ExpositionFormat.OpenMetrics, writer =>
        {
            writer.WriteFamily(new MetricFamily("process_cpu_seconds_total", "CPU.", MetricType.Counter, "seconds"));
            writer.WriteFamily(new MetricFamily("node_load1", "Load.", MetricType.Gauge, "load"));
            writer.WriteFamily(new MetricFamily("bytes", "Bare.", MetricType.Gauge, "bytes"));
        });

        Assert.Equal(
            """
            # HELP process_cpu_seconds CPU.
            # TYPE process_cpu_seconds counter
            # UNIT process_cpu_seconds seconds
            # HELP node_load1 Load.
            # TYPE node_load1 gauge
            # HELP bytes Bare.
            # TYPE bytes gauge
            # EOF

            """,
            text);
    }

    [Fact]
    public void A_family_written_twice_is_an_error_naming_it()
    {
        var writer = new TextExpositionWriter(new ArrayBufferWriter<byte>(), ExpositionFormat.PrometheusText);
        writer.WriteFamily(new MetricFamily("node_load1", "Load.", MetricType.Gauge));

        var error = Assert.Throws<InvalidOperationException>(
            () => writer.WriteFamily(new MetricFamily("node_load1", "Load.", MetricType.Gauge)));

        Assert.Contains("node_load1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_starts_a_new_exposition()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.OpenMetrics);
        writer.WriteFamily(new MetricFamily("node_load1", "Load.", MetricType.Gauge));
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.WriteFamily(new MetricFamily("other", "", MetricType.Gauge)));

        buffer.ResetWrittenCount();
        writer.Reset();
        writer.WriteFamily(new MetricFamily("node_load1", "Load.", MetricType.Gauge));
        writer.WriteSample("node_load1", [], 0.21);
        writer.Complete();

        Assert.Equal("# HELP node_load1 Load.\n# TYPE node_load1 gauge\nnode_load1 0.21\n# EOF\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Samples_do_not_allocate()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.OpenMetrics);
        Label[] labels = [new("device", "sda"), new("mode", "say \"hi\"\n")];
        writer.WriteFamily(new MetricFamily("node_disk_reads_completed_total", "Reads.", MetricType.Counter));
        writer.WriteSample("node_disk_reads_completed_total", labels, 1.5, 1700000000123);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            writer.WriteSample("node_disk_reads_completed_total", labels, i * 1.25, 1700000000123);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Render(ExpositionFormat format, Action<TextExpositionWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        var writer = new TextExpositionWriter(buffer, format);
        write(writer);
        writer.Complete();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCounter(TextExpositionWriter writer)
    {
        writer.WriteFamily(new MetricFamily("http_requests_total", "Total HTTP requests.", MetricType.Counter));
        writer.WriteSample("http_requests_total", [new Label("code", "200"), new Label("method", "get")], 1027);
        writer.WriteSample("http_requests_total", [new Label("code", "400"), new Label("method", "post")], 3);
        writer.WriteSample("http_requests_total", [new Label("code", "500"), new Label("method", "post")], 0);
    }

    private static void WriteEscapedGauge(TextExpositionWriter writer)
    {
        writer.WriteFamily(new MetricFamily(
            "node_filesystem_avail_bytes", "Free space in \"bytes\" \\ per mount\nsecond line.", MetricType.Gauge, "bytes"));
        writer.WriteSample(
            "node_filesystem_avail_bytes",
            [new Label("mountpoint", "C:\\data"), new Label("label", "say \"hi\"\nbye"), new Label("device", "ü→€")],
            17560473);
        writer.WriteSample(
            "node_filesystem_avail_bytes", [new Label("mountpoint", "/"), new Label("label", ""), new Label("device", "sda1")], 0);
    }

    private static void WriteHistogram(TextExpositionWriter writer)
    {
        writer.WriteFamily(new MetricFamily("request_duration_seconds", "Request latency.", MetricType.Histogram, "seconds"));
        writer.WriteSample("request_duration_seconds_bucket", [new Label("handler", "/"), new Label("le", "0.1")], 1);
        writer.WriteSample("request_duration_seconds_bucket", [new Label("handler", "/"), new Label("le", "1")], 3);
        writer.WriteSample("request_duration_seconds_bucket", [new Label("handler", "/"), new Label("le", "+Inf")], 1e6);
        writer.WriteSample("request_duration_seconds_sum", [new Label("handler", "/")], 4.25);
        writer.WriteSample("request_duration_seconds_count", [new Label("handler", "/")], 1e6);
    }

    private static void WriteSummary(TextExpositionWriter writer)
    {
        writer.WriteFamily(new MetricFamily("rpc_duration_seconds", "RPC latency.", MetricType.Summary));
        writer.WriteSample("rpc_duration_seconds", [new Label("quantile", "0.5")], 0.05);
        writer.WriteSample("rpc_duration_seconds", [new Label("quantile", "1")], 3);
        writer.WriteSample("rpc_duration_seconds_sum", [], 17.5);
        writer.WriteSample("rpc_duration_seconds_count", [], 2693);
    }
}
