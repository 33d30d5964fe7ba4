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
    private List<WalSeriesTable.Entry> _round = [];
    private List<WalSeriesTable.Entry> _previousRound = [];
    private Label[] _target = [];
    private long _timestampMs;
    private long _roundTicks;

    public RemoteWriteAppender(WriteAheadLog wal, WalSeriesTable series, MetadataStore metadata)
    {
        _wal = wal;
        _series = series;
        _metadata = metadata;
    }

    public int SampleCount => _samples.Count;

    /// <summary>The samples of the round so far, before <see cref="Commit"/>.</summary>
    internal ReadOnlySpan<WalSample> Pending => CollectionsMarshal.AsSpan(_samples);

    /// <summary>Starts a round at <paramref name="timestampMs"/> with the labels of the target being collected.</summary>
    public void Begin(long timestampMs, ReadOnlySpan<Label> targetLabels)
    {
        _samples.Clear();
        _round.Clear();
        _timestampMs = timestampMs;
        var now = _series.Timestamp();
        if (_series.MayHaveForgotten(_roundTicks))
        {
            // The table may have forgotten what the last round used.
            _previousRound.Clear();
        }

        _roundTicks = now;
        if (!targetLabels.SequenceEqual(_target))
        {
            // A new array, never changed in place: the series table keeps references to it.
            _target = targetLabels.ToArray();
        }
    }

    public void WriteFamily(in MetricFamily family) => _metadata.Observe(family);

    public void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null) =>
        Add(_series.GetOrAddEntry(name, labels, null, _target, _roundTicks), timestampMs ?? _timestampMs, value);

    /// <summary>
    /// Sources that keep their series' label arrays (scrapes) write them in the same order every round, so the entry at
    /// the same position in the previous round is tried first: a reference compare instead of a hash and a lock.
    /// </summary>
    public void WriteImmutableSample(string name, Label[] labels, double value, long? timestampMs = null)
    {
        var at = _round.Count;
        WalSeriesTable.Entry entry;
        if (at < _previousRound.Count && _previousRound[at].Is(name, labels, _target))
        {
            entry = _previousRound[at];
            WalSeriesTable.Touch(entry, _roundTicks);
        }
        else
        {
            entry = _series.GetOrAddEntry(name, labels, labels, _target, _roundTicks);
        }

        Add(entry, timestampMs ?? _timestampMs, value);
    }

    /// <summary>Appends the round to the WAL in one record; false when the disk refused it (counted and logged).</summary>
    public bool Commit()
    {
        var ok = _wal.Append(CollectionsMarshal.AsSpan(_samples));
        _samples.Clear();
        (_previousRound, _round) = (_round, _previousRound);
        _series.Sweep();
        return ok;
    }

    private void Add(WalSeriesTable.Entry entry, long timestampMs, double value)
    {
        _round.Add(entry);
        _samples.Add(new WalSample(entry.Series, timestampMs, value));
    }
}
