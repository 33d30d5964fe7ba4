using System.Runtime.InteropServices;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// The remote-write side of the one metric writer: a collection or scrape writes into it synchronously, then
/// <see cref="Commit"/> appends everything to the WAL as one record. Samples without a timestamp get the
/// collection's; target labels (<c>job</c>, <c>instance</c>) and external labels are added. One appender per
/// producer; it is reused from round to round.
/// </summary>
internal sealed class RemoteWriteAppender : IMetricAppender
{
    private readonly WriteAheadLog _wal;
    private readonly WalSeriesTable _series;
    private readonly MetadataStore _metadata;
    private readonly List<WalSample> _samples = [];
    private Label[] _target = [];
    private long _timestampMs;

    public RemoteWriteAppender(WriteAheadLog wal, WalSeriesTable series, MetadataStore metadata)
    {
        _wal = wal;
        _series = series;
        _metadata = metadata;
    }

    public int SampleCount => _samples.Count;

    /// <summary>Starts a round at <paramref name="timestampMs"/> with the labels of the target being collected.</summary>
    public void Begin(long timestampMs, ReadOnlySpan<Label> targetLabels)
    {
        _samples.Clear();
        _timestampMs = timestampMs;
        if (!targetLabels.SequenceEqual(_target))
        {
            // A new array, never changed in place: the series table keeps references to it.
            _target = targetLabels.ToArray();
        }
    }

    public void WriteFamily(in MetricFamily family) => _metadata.Observe(family);

    public void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null) =>
        _samples.Add(new WalSample(_series.GetOrAdd(name, labels, null, _target), timestampMs ?? _timestampMs, value));

    public void WriteImmutableSample(string name, Label[] immutableLabels, double value, long? timestampMs = null) =>
        _samples.Add(new WalSample(_series.GetOrAdd(name, immutableLabels, immutableLabels, _target), timestampMs ?? _timestampMs, value));

    /// <summary>Appends the round to the WAL in one record; false when the disk refused it (counted and logged).</summary>
    public bool Commit()
    {
        var ok = _wal.Append(CollectionsMarshal.AsSpan(_samples));
        _samples.Clear();
        _series.Sweep();
        return ok;
    }
}
