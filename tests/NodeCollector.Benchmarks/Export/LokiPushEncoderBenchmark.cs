using System.Text;
using BenchmarkDotNet.Attributes;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// One 1 MiB Loki push (<c>batch_size</c>): 5,000 log lines of 150–250 bytes over 50 streams, encoded as a
/// <c>PushRequest</c> and snappy-compressed. Results are per entry (<c>OperationsPerInvoke</c>): "Mean" is time per
/// entry and "Allocated" bytes per entry; MB/s per core = <see cref="AverageLineBytes"/> / Mean.
/// <see cref="BatchEncodeAndCompress"/> adds copying each entry into a batch through the sink, as a tailer does.
/// With <see cref="StructuredMetadata"/> each stream also carries <c>pod_uid</c> and <c>container_id</c> as structured
/// metadata (written into every entry).
/// </summary>
[MemoryDiagnoser]
public class LokiPushEncoderBenchmark
{
    public const int Entries = 5000;
    public const double AverageLineBytes = 200;

    private readonly LokiPushEncoder _encoder = new();
    private readonly BenchSource _source = new();
    private LokiBatch _batch = null!;
    private LabelSet[] _streams = [];
    private byte[][] _lines = [];

    [Params(false, true)]
    public bool StructuredMetadata { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _streams = [.. Enumerable.Range(0, 50).Select(i => LabelSet.From([
            new Label("namespace", "shop"), new Label("pod", $"shop-api-6d9f7c8b5-{i:D5}"), new Label("container", "api"),
            new Label("stream", i % 5 == 0 ? "stderr" : "stdout"), new Label("node", "k3s-agent-1"), new Label("job", "shop/api"),
            .. StructuredMetadata ? MetadataOf(i) : []]))];
        var random = new Random(7);
        _lines = [.. Enumerable.Range(0, Entries).Select(i =>
        {
            var text = new StringBuilder($"{{\"level\":\"info\",\"ts\":\"2024-01-01T12:00:{i % 60:D2}.{i:D6}Z\",\"msg\":\"request served\",\"path\":\"/api/v1/orders/{random.Next():D10}\",\"status\":200,\"duration_ms\":{random.Next(1, 900)},\"trace_id\":\"{random.NextInt64():x16}{random.NextInt64():x16}\"");
            while (text.Length < 150 + random.Next(100))
            {
                text.Append(",\"k").Append(random.Next(100)).Append("\":\"").Append(random.Next()).Append('"');
            }

            return Encoding.UTF8.GetBytes(text.Append('}').ToString());
        })];
        _batch = Fill(new LokiBatch());
    }

    /// <summary>The push <see cref="Encode"/> wrote last.</summary>
    public ReadOnlySpan<byte> EncodedRequest => _encoder.Request;

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(OperationsPerInvoke = Entries)]
    public int Encode() => _encoder.Encode(_batch);

    [Benchmark(OperationsPerInvoke = Entries, Baseline = true)]
    public int EncodeAndCompress()
    {
        _encoder.Encode(_batch);
        return _encoder.Compress().Length;
    }

    [Benchmark(OperationsPerInvoke = Entries)]
    public int BatchEncodeAndCompress()
    {
        using var batch = Fill(new LokiBatch());
        _encoder.Encode(batch);
        return _encoder.Compress().Length;
    }

    private static Label[] MetadataOf(int stream) =>
    [
        new(StreamLabels.MetadataPrefix + "pod_uid", $"0f6b1c2e-3a4d-4e5f-8a9b-{stream:D12}"),
        new(StreamLabels.MetadataPrefix + "container_id", $"containerd://{stream:D4}{new string('a', 60)}"),
    ];

    private LokiBatch Fill(LokiBatch batch)
    {
        for (var i = 0; i < Entries; i++)
        {
            batch.Add(_source, _streams[i % _streams.Length], new LogEntry(1_700_000_000_000_000_000 + i, _lines[i], i), i);
        }

        return batch;
    }

    private sealed class BenchSource : ILogSource
    {
        public LogFileIdentity Identity { get; } = new(1, 1, 1);

        public void Acknowledge(long resumeOffset)
        {
        }
    }
}
