using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Proto;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// One remote-write request of 2,000 samples (<c>max_samples_per_send</c>), encoded and snappy-compressed; results
/// are per sample (<c>OperationsPerInvoke</c>), so "Mean" is time per sample and "Allocated" bytes per sample.
/// <see cref="EncodeAndCompressWithIronSnappy"/> compresses with IronSnappy instead of our encoder, and
/// <see cref="GeneratedMessages"/> builds the same request with the generated protobuf classes, for comparison.
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteEncoderBenchmark
{
    private const int Samples = 2000;

    private readonly RemoteWriteEncoder _encoder = new();
    private QueuedSample[] _batch = [];
    private NodeCollector.Labels.LabelSet[] _labels = [];

    [GlobalSetup]
    public void Setup()
    {
        _labels = [.. RemoteWriteSeriesShapes.Create(Samples)];
        _batch = CreateBatch(_labels);
    }

    /// <summary>One sample of each series, as a shard sends them.</summary>
    internal static QueuedSample[] CreateBatch(NodeCollector.Labels.LabelSet[] labels) =>
        [.. labels.Select((l, i) => new QueuedSample(new SendSeries(l), 1_700_000_000_000 + (i % 15), i * 1.5, 0))];

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Encode() => _encoder.Encode(_batch);

    [Benchmark(OperationsPerInvoke = Samples, Baseline = true)]
    public int EncodeAndCompress()
    {
        _encoder.Encode(_batch);
        return _encoder.Compress().Length;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int EncodeAndCompressWithIronSnappy()
    {
        _encoder.Encode(_batch);
        return IronSnappy.Snappy.Encode(_encoder.Request).Length;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int GeneratedMessages()
    {
        var request = new WriteRequest();
        for (var i = 0; i < _batch.Length; i++)
        {
            var sample = _batch[i];
            var series = new TimeSeries();
            foreach (var label in _labels[i].Labels)
            {
                series.Labels.Add(new Label { Name = label.Name, Value = label.Value });
            }

            series.Samples.Add(new Sample { Value = sample.Value, Timestamp = sample.TimestampMs });
            request.Timeseries.Add(series);
        }

        return IronSnappy.Snappy.Encode(request.ToByteArray()).Length;
    }
}
