using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// Appending one scrape of 1,000 series to the WAL on the local disk, per sample: <see cref="Append"/> is the WAL
/// alone (series already numbered), <see cref="AppenderRound"/> the whole appender path a source writes through
/// (series lookup by the labels as written, timestamps, one record). Segments roll and are trimmed by max_size.
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmark
{
    private const int Series = 1000;

    private string _dir = "";
    private WriteAheadLog _wal = null!;
    private WalSample[] _samples = [];
    private RemoteWriteAppender _appender = null!;
    private (string Name, Label[] Labels)[] _written = [];
    private long _round;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("nodecollector-bench-wal-").FullName;
        _wal = WriteAheadLog.Open(_dir, 256L << 20, TimeSpan.FromHours(2), TimeProvider.System, NullLogger.Instance);
        var sets = RemoteWriteSeriesShapes.Create(Series);
        _samples = [.. sets.Select((l, i) => new WalSample(new WalSeries((ulong)(i + 1), l), 1_700_000_000_000, i))];
        _appender = new RemoteWriteAppender(_wal, new WalSeriesTable(new Dictionary<string, string> { ["cluster"] = "prod-eu-1" }, TimeProvider.System), new MetadataStore());
        _written = [.. sets.Select(l => (l.Get("__name__"), l.Labels.ToArray().Where(x => x.Name is not ("__name__" or "cluster")).ToArray()))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wal.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Series)]
    public bool Append() => _wal.Append(_samples);

    [Benchmark(OperationsPerInvoke = Series)]
    public bool AppenderRound()
    {
        _round++;
        _appender.Begin(1_700_000_000_000 + (_round * 15_000), []);
        _appender.WriteFamily(new MetricFamily("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", MetricType.Counter));
        foreach (var (name, labels) in _written)
        {
            _appender.WriteSample(name, labels, _round);
        }

        return _appender.Commit();
    }
}
