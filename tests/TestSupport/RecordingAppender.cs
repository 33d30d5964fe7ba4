using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.TestSupport;

/// <summary>An appender that keeps every committed round, for tests of producers (scrape loops, host rounds).</summary>
internal sealed class RecordingAppender : IMetricAppender, IMetricAppenderFactory
{
    private readonly object _gate = new();
    private readonly List<RecordedRound> _rounds = [];
    private RecordedRound? _open;

    public IReadOnlyList<RecordedRound> Rounds
    {
        get
        {
            lock (_gate)
            {
                return [.. _rounds];
            }
        }
    }

    public RecordedRound Last => Rounds[^1];

    public IMetricAppender Create() => this;

    public void Begin(long timestampMs, ReadOnlySpan<Label> targetLabels) =>
        _open = new RecordedRound(timestampMs, [.. targetLabels], new RecordingMetricWriter());

    public void WriteFamily(in MetricFamily family) => _open!.Writer.WriteFamily(family);

    public void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null) =>
        _open!.Writer.WriteSample(name, labels, value, timestampMs);

    public bool Commit()
    {
        lock (_gate)
        {
            _rounds.Add(_open!);
        }

        _open = null;
        return true;
    }
}

internal sealed record RecordedRound(long TimestampMs, Label[] TargetLabels, RecordingMetricWriter Writer)
{
    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/> ("k=v").</summary>
    public double Value(string name, params string[] labels) => Find(name, labels).Single().Value;

    public IEnumerable<RecordedSample> Find(string name, params string[] labels) =>
        Writer.Samples.Where(s => s.Name == name && labels.All(l => s.Labels.ToArray().Any(x => $"{x.Name}={x.Value}" == l)));

    public bool Has(string name, params string[] labels) => Find(name, labels).Any();
}
