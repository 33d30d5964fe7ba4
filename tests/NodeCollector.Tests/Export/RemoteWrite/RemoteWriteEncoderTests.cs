using Google.Protobuf;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Proto;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.RemoteWrite;

public class RemoteWriteEncoderTests
{
    private const long StaleBits = 0x7FF0000000000002;

    [FixtureFact("wire/prw1-writerequest.pb")]
    public void Encodes_the_Appendix_A_request_byte_for_byte()
    {
        var expected = File.ReadAllBytes(RepoPaths.Fixture("wire", "prw1-writerequest.pb"));
        var up = new SendSeries(LabelSet.From([new("__name__", "up"), new("instance", "10.0.0.1:9100"), new("job", "node")]));
        var load = new SendSeries(LabelSet.From([new("__name__", "node_load1"), new("instance", "10.0.0.1:9100"), new("job", "node")]));
        var encoder = new RemoteWriteEncoder();

        encoder.Encode([
            new QueuedSample(up, 1700000000000, 1.0, 0),
            new QueuedSample(load, 1700000000000, 0.21, 0),
            new QueuedSample(load, 1700000015000, BitConverter.Int64BitsToDouble(StaleBits), 0),
        ]);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoder.Request));
    }

    [FixtureFact("wire/prw1-writerequest.pb.snappy")]
    public void Snappy_fixture_decodes_to_the_request_and_keeps_the_stale_marker_bits()
    {
        var compressed = File.ReadAllBytes(RepoPaths.Fixture("wire", "prw1-writerequest.pb.snappy"));
        var request = WriteRequest.Parser.ParseFrom(IronSnappy.Snappy.Decode(compressed));

        Assert.Equal(File.ReadAllBytes(RepoPaths.Fixture("wire", "prw1-writerequest.pb")), request.ToByteArray());
        Assert.Equal(StaleBits, BitConverter.DoubleToInt64Bits(request.Timeseries[1].Samples[1].Value));
    }

    [FixtureFact("wire/snappy-copy-abcdx3.snappy")]
    public void Snappy_block_decoding_handles_copies()
    {
        var decoded = IronSnappy.Snappy.Decode(File.ReadAllBytes(RepoPaths.Fixture("wire", "snappy-copy-abcdx3.snappy")));

        Assert.Equal("abcdabcdabcd", System.Text.Encoding.ASCII.GetString(decoded));
    }

    [Fact]
    public void Compressed_requests_round_trip_through_the_generated_parser()
    {
        var a = new SendSeries(LabelSet.From([new("__name__", "a_total"), new("cluster", "démo"), new("empty", "")]));
        var b = new SendSeries(LabelSet.From([new("__name__", "b")]));
        var encoder = new RemoteWriteEncoder();
        encoder.Encode([
            new QueuedSample(a, 0, 0.0, 0),
            new QueuedSample(b, -5, -0.0, 0),
            new QueuedSample(a, 1700000000123, double.NaN, 0),
            new QueuedSample(b, 1, double.PositiveInfinity, 0),
        ]);

        var request = WriteRequest.Parser.ParseFrom(IronSnappy.Snappy.Decode(encoder.Compress().Span));

        Assert.Equal(4, request.Timeseries.Count);
        Assert.Equal(["__name__=a_total", "cluster=démo"], request.Timeseries[0].Labels.Select(l => l.Name + "=" + l.Value));
        Assert.Equal(0, request.Timeseries[0].Samples[0].Timestamp);
        Assert.Equal(-5, request.Timeseries[1].Samples[0].Timestamp);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(request.Timeseries[1].Samples[0].Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.NaN), BitConverter.DoubleToInt64Bits(request.Timeseries[2].Samples[0].Value));
        Assert.Equal(1700000000123, request.Timeseries[2].Samples[0].Timestamp);
    }

    [Fact]
    public void A_large_batch_grows_the_buffer()
    {
        var series = Enumerable.Range(0, 3000)
            .Select(i => new SendSeries(LabelSet.From([new("__name__", "m"), new("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))])))
            .ToArray();
        var encoder = new RemoteWriteEncoder();

        encoder.Encode(series.Select((s, i) => new QueuedSample(s, 1700000000000 + i, i, 0)).ToArray());

        var request = WriteRequest.Parser.ParseFrom(encoder.Request.ToArray());
        Assert.Equal(3000, request.Timeseries.Count);
        Assert.Equal(2999, request.Timeseries[2999].Samples[0].Value);
    }

    [Fact]
    public void A_node_sized_request_compresses_about_as_well_as_IronSnappy()
    {
        string[] names = ["node_cpu_seconds_total", "container_memory_working_set_bytes", "container_cpu_usage_seconds_total"];
        var batch = Enumerable.Range(0, 2000)
            .Select(i => new SendSeries(LabelSet.From([
                new("__name__", names[i % names.Length]),
                new("cluster", "prod-eu-1"),
                new("job", "kubernetes-nodes"),
                new("pod", "shop-api-6d9f7c8b5-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ])))
            .Select((s, i) => new QueuedSample(s, 1_700_000_000_000 + (i % 15), i * 1.5, 0))
            .ToArray();
        var encoder = new RemoteWriteEncoder();
        encoder.Encode(batch);
        var ironSnappy = IronSnappy.Snappy.Encode(encoder.Request).Length;

        var ours = encoder.Compress();

        Assert.Equal(encoder.Request.ToArray(), IronSnappy.Snappy.Decode(ours.Span));
        Assert.InRange(ours.Length, 1, ironSnappy * 11 / 10);
    }

    [Fact]
    public void Metadata_requests_carry_type_help_and_unit()
    {
        var encoder = new RemoteWriteEncoder();
        encoder.EncodeMetadata([
            new MetricFamily("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", MetricType.Counter, "seconds"),
            new MetricFamily("x", "", MetricType.Untyped),
        ]);

        var request = WriteRequest.Parser.ParseFrom(encoder.Request.ToArray());

        Assert.Empty(request.Timeseries);
        Assert.Equal(MetricMetadata.Types.MetricType.Counter, request.Metadata[0].Type);
        Assert.Equal("node_cpu_seconds_total", request.Metadata[0].MetricFamilyName);
        Assert.Equal("Seconds the CPUs spent in each mode.", request.Metadata[0].Help);
        Assert.Equal("seconds", request.Metadata[0].Unit);
        Assert.Equal(MetricMetadata.Types.MetricType.Unknown, request.Metadata[1].Type);
    }
}
