using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public sealed class MeterMetricSourceTests : IDisposable
{
    private readonly Meter _meter = new("NodeCollector.Tests." + Guid.NewGuid().ToString("N"));
    private readonly MeterMetricSource _source;

    public MeterMetricSourceTests()
    {
        _source = new MeterMetricSource(_meter.Name);
    }

    public void Dispose()
    {
        _source.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counter_sums_per_tag_set_whatever_the_tag_order()
    {
        var counter = _meter.CreateCounter<long>("nodecollector_http_requests_total", description: "HTTP requests served.");
        counter.Add(1, new("path", "/metrics"), new("code", "200"));
        counter.Add(2, new("code", "200"), new("path", "/metrics"));
        counter.Add(1, new("code", "404"), new("path", "/x"));

        Assert.Equal(
            """
            # HELP nodecollector_http_requests_total HTTP requests served.
            # TYPE nodecollector_http_requests_total counter
            nodecollector_http_requests_total{code="200",path="/metrics"} 3
            nodecollector_http_requests_total{code="404",path="/x"} 1

            """,
            Render(_source));
    }

    [Fact]
    public void Up_down_counters_and_gauges_are_gauges()
    {
        var inflight = _meter.CreateUpDownCounter<int>("nodecollector_inflight_requests", description: "Requests in flight.");
        var queue = _meter.CreateGauge<double>("nodecollector_queue_fill_ratio", description: "How full the queue is.");
        inflight.Add(3);
        inflight.Add(-1);
        queue.Record(0.5, new KeyValuePair<string, object?>("queue", "loki"));
        queue.Record(0.25, new KeyValuePair<string, object?>("queue", "loki"));

        Assert.Equal(
            """
            # HELP nodecollector_inflight_requests Requests in flight.
            # TYPE nodecollector_inflight_requests gauge
            nodecollector_inflight_requests 2
            # HELP nodecollector_queue_fill_ratio How full the queue is.
            # TYPE nodecollector_queue_fill_ratio gauge
            nodecollector_queue_fill_ratio{queue="loki"} 0.25

            """,
            Render(_source));
    }

    [Fact]
    public void Observable_instruments_report_what_the_callback_returns_now()
    {
        var sent = 10L;
        var targets = new List<Measurement<int>> { new(3, new KeyValuePair<string, object?>("job", "node")), new(1, new KeyValuePair<string, object?>("job", "pods")) };
        _meter.CreateObservableCounter("nodecollector_bytes_sent_total", () => sent, unit: "bytes", description: "Bytes sent.");
        _meter.CreateObservableGauge("nodecollector_targets", () => targets, description: "Targets.");

        Assert.Equal(
            """
            # HELP nodecollector_bytes_sent_total Bytes sent.
            # TYPE nodecollector_bytes_sent_total counter
            nodecollector_bytes_sent_total 10
            # HELP nodecollector_targets Targets.
            # TYPE nodecollector_targets gauge
            nodecollector_targets{job="node"} 3
            nodecollector_targets{job="pods"} 1

            """,
            Render(_source));

        // Cumulative values are set, not added; a series the callback stops reporting disappears.
        sent = 25;
        targets.RemoveAt(1);
        Assert.Equal(
            """
            # HELP nodecollector_bytes_sent_total Bytes sent.
            # TYPE nodecollector_bytes_sent_total counter
            nodecollector_bytes_sent_total 25
            # HELP nodecollector_targets Targets.
            # TYPE nodecollector_targets gauge
            nodecollector_targets{job="node"} 3

            """,
            Render(_source));
    }

    [Fact]
    public void Histogram_uses_advised_buckets_cumulatively()
    {
        var histogram = _meter.CreateHistogram(
            "nodecollector_scrape_duration_seconds",
            unit: "seconds",
            description: "Scrape duration.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        KeyValuePair<string, object?> job = new("job", "kubelet");
        histogram.Record(0.05, job);
        histogram.Record(0.1, job);
        histogram.Record(0.5, job);
        histogram.Record(20, job);

        Assert.Equal(
            """
            # HELP nodecollector_scrape_duration_seconds Scrape duration.
            # TYPE nodecollector_scrape_duration_seconds histogram
            nodecollector_scrape_duration_seconds_bucket{job="kubelet",le="0.1"} 2
            nodecollector_scrape_duration_seconds_bucket{job="kubelet",le="1"} 3
            nodecollector_scrape_duration_seconds_bucket{job="kubelet",le="10"} 3
            nodecollector_scrape_duration_seconds_bucket{job="kubelet",le="+Inf"} 4
            nodecollector_scrape_duration_seconds_sum{job="kubelet"} 20.65
            nodecollector_scrape_duration_seconds_count{job="kubelet"} 4

            """,
            Render(_source));
    }

    [Fact]
    public void Histogram_without_advice_uses_Prometheus_default_buckets()
    {
        var histogram = _meter.CreateHistogram<int>("nodecollector_batch_lines", description: "Lines per batch.");
        histogram.Record(3);

        var text = Render(_source);

        Assert.Contains("nodecollector_batch_lines_bucket{le=\"0.005\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("nodecollector_batch_lines_bucket{le=\"2.5\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("nodecollector_batch_lines_bucket{le=\"5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodecollector_batch_lines_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("nodecollector_batch_lines_bucket{le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(12, text.Split('\n').Count(line => line.StartsWith("nodecollector_batch_lines_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void Families_are_sorted_and_carry_unit_and_help()
    {
        _meter.CreateCounter<long>("nodecollector_z_total", description: "Z.").Add(1);
        _meter.CreateCounter<double>("nodecollector_a_seconds_total", unit: "seconds", description: "A.").Add(0.5);
        var recorder = new RecordingMetricWriter();

        _source.Collect(recorder);

        Assert.Equal(
            [
                new MetricFamily("nodecollector_a_seconds_total", "A.", MetricType.Counter, "seconds"),
                new MetricFamily("nodecollector_z_total", "Z.", MetricType.Counter),
            ],
            recorder.Families);
    }

    [Fact]
    public void Only_the_named_meter_is_exposed_and_unused_instruments_write_nothing()
    {
        using var other = new Meter("NodeCollector.Tests.Other." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("other_total").Add(1);
        _meter.CreateCounter<long>("nodecollector_never_total");

        Assert.Equal("", Render(_source));
    }

    [Fact]
    public void Tag_keys_become_label_names_and_values_are_escaped()
    {
        var counter = _meter.CreateCounter<long>("nodecollector_events_total", description: "Events.");
        counter.Add(1, new("http.method", "GET"), new("ok", true), new("9lives", 9), new("path", "C:\\ \"x\"\n"));

        Assert.Equal(
            """
            # HELP nodecollector_events_total Events.
            # TYPE nodecollector_events_total counter
            nodecollector_events_total{_9lives="9",http_method="GET",ok="true",path="C:\\ \"x\"\n"} 1

            """,
            Render(_source));
    }

    [Fact]
    public void A_disposed_meter_stops_being_exposed()
    {
        _meter.CreateCounter<long>("nodecollector_x_total").Add(1);
        Assert.NotEqual("", Render(_source));

        _meter.Dispose();

        Assert.Equal("", Render(_source));
    }

    [Fact]
    public void Same_named_instruments_share_a_family_and_clashing_kinds_are_left_out()
    {
        _meter.CreateCounter<long>("nodecollector_dup_total", description: "Dup.").Add(1);
        _meter.CreateCounter<int>("nodecollector_dup_total", description: "Dup.").Add(2);
        _meter.CreateGauge<long>("nodecollector_dup_total").Record(100);

        Assert.Equal(
            """
            # HELP nodecollector_dup_total Dup.
            # TYPE nodecollector_dup_total counter
            nodecollector_dup_total 3

            """,
            Render(_source));
    }

    [Fact]
    public void Measurements_on_existing_series_do_not_allocate()
    {
        var counter = _meter.CreateCounter<long>("nodecollector_hot_total");
        var histogram = _meter.CreateHistogram<double>("nodecollector_hot_seconds");
        KeyValuePair<string, object?> path = new("path", "/metrics");
        KeyValuePair<string, object?> code = new("code", "200");
        counter.Add(1, path, code);
        histogram.Record(0.2, path, code);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            counter.Add(1, code, path);
            histogram.Record(i * 0.001, path, code);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Concurrent_measurements_and_collections_lose_nothing()
    {
        var counter = _meter.CreateCounter<long>("nodecollector_concurrent_total");
        var histogram = _meter.CreateHistogram<double>("nodecollector_concurrent_seconds");
        const int Threads = 4;
        const int PerThread = 20_000;

        var writers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("worker", (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                histogram.Record(0.01);
            }
        })).ToArray();
        var collectors = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!writers.All(w => w.IsCompleted))
            {
                Render(_source);
            }
        })).ToArray();
        await Task.WhenAll([.. writers, .. collectors]).WaitAsync(TimeSpan.FromMinutes(1));

        var recorder = new RecordingMetricWriter();
        _source.Collect(recorder);
        var samples = recorder.Samples.ToList();
        Assert.Equal(Threads * PerThread, samples.Where(s => s.Name == "nodecollector_concurrent_total").Sum(s => s.Value));
        Assert.Equal(Threads * PerThread, samples.Single(s => s.Name == "nodecollector_concurrent_seconds_count").Value);
    }

    [Fact]
    public void Build_info_is_a_constant_one_labeled_with_version_revision_and_runtime()
    {
        CollectorMeter.RegisterBuildInfo(_meter, new BuildInfo("0.1.0", "abc123", ".NET 10.0.0"));

        Assert.Equal(
            """
            # HELP nodecollector_build_info A metric with a constant '1' value labeled by version, revision, and runtime from which nodecollector was built.
            # TYPE nodecollector_build_info gauge
            nodecollector_build_info{revision="abc123",runtime=".NET 10.0.0",version="0.1.0"} 1

            """,
            Render(_source));
    }

    [Fact]
    public void The_production_source_exposes_build_info_of_this_build()
    {
        using var source = new MeterMetricSource();

        var text = Render(source);

        Assert.Equal(CollectorMeter.Name, CollectorMeter.Meter.Name);
        Assert.Contains($"nodecollector_build_info{{revision=\"{BuildInfo.Current.Revision}\",runtime=\"{BuildInfo.Current.Runtime}\",version=\"0.1.0\"}} 1", text, StringComparison.Ordinal);
        Assert.NotEqual(BuildInfo.Unknown, BuildInfo.Current.Revision);
    }

    [Theory]
    [InlineData("0.1.0+3e76e82f", "0.1.0", "3e76e82f")]
    [InlineData("0.1.0", "0.1.0", "unknown")]
    [InlineData("0.1.0+", "0.1.0", "unknown")]
    [InlineData("", "unknown", "unknown")]
    [InlineData(null, "unknown", "unknown")]
    public void Build_info_splits_the_informational_version(string? informational, string version, string revision)
    {
        var info = BuildInfo.FromInformationalVersion(informational, ".NET 10");

        Assert.Equal(new BuildInfo(version, revision, ".NET 10"), info);
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
