using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>
/// Keeps what was written so it can be inspected or replayed: a collector runner records a collector's
/// output and replays it only when the collector succeeded; tests assert on it. <see cref="Clear"/> keeps the
/// buffers for the next round.
/// </summary>
internal sealed class RecordingMetricWriter : IMetricWriter
{
    private readonly List<MetricFamily> _families = [];
    private readonly List<int> _familyFirstSample = [];
    private readonly List<Entry> _samples = [];
    private Label[] _labels = new Label[64];
    private int _labelCount;

    public IReadOnlyList<MetricFamily> Families => _families;

    public int SampleCount => _samples.Count;

    /// <summary>All samples in the order written (a convenience for tests; allocates an enumerator).</summary>
    public IEnumerable<RecordedSample> Samples
    {
        get
        {
            for (var i = 0; i < _samples.Count; i++)
            {
                yield return GetSample(i);
            }
        }
    }

    public void WriteFamily(in MetricFamily family)
    {
        _families.Add(family);
        _familyFirstSample.Add(_samples.Count);
    }

    public void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null)
    {
        if (_labelCount + labels.Length > _labels.Length)
        {
            Array.Resize(ref _labels, Math.Max(_labels.Length * 2, _labelCount + labels.Length));
        }

        labels.CopyTo(_labels.AsSpan(_labelCount));
        _samples.Add(new Entry(name, _labelCount, labels.Length, value, timestampMs));
        _labelCount += labels.Length;
    }

    public RecordedSample GetSample(int index)
    {
        var entry = _samples[index];
        return new RecordedSample(entry.Name, new ReadOnlyMemory<Label>(_labels, entry.LabelStart, entry.LabelCount), entry.Value, entry.TimestampMs);
    }

    /// <summary>Writes everything recorded, in the order it was written, to <paramref name="writer"/>.</summary>
    public void ReplayTo(IMetricWriter writer)
    {
        // Samples written before the first family (a writer misuse) are replayed first, as they came.
        var next = 0;
        for (var family = 0; family <= _families.Count; family++)
        {
            var end = family < _families.Count ? _familyFirstSample[family] : _samples.Count;
            for (; next < end; next++)
            {
                var entry = _samples[next];
                writer.WriteSample(entry.Name, _labels.AsSpan(entry.LabelStart, entry.LabelCount), entry.Value, entry.TimestampMs);
            }

            if (family < _families.Count)
            {
                writer.WriteFamily(_families[family]);
            }
        }
    }

    /// <summary>How many samples were written after the header of <paramref name="family"/>.</summary>
    public int FamilySampleCount(int family) =>
        (family + 1 < _families.Count ? _familyFirstSample[family + 1] : _samples.Count) - _familyFirstSample[family];

    /// <summary>Writes one recorded family, its header and its samples, to <paramref name="writer"/>.</summary>
    public void ReplayFamilyTo(int family, IMetricWriter writer)
    {
        writer.WriteFamily(_families[family]);
        var end = family + 1 < _families.Count ? _familyFirstSample[family + 1] : _samples.Count;
        for (var next = _familyFirstSample[family]; next < end; next++)
        {
            var entry = _samples[next];
            writer.WriteSample(entry.Name, _labels.AsSpan(entry.LabelStart, entry.LabelCount), entry.Value, entry.TimestampMs);
        }
    }

    /// <summary>Forgets everything recorded but keeps the buffers.</summary>
    public void Clear()
    {
        _families.Clear();
        _familyFirstSample.Clear();
        _samples.Clear();
        Array.Clear(_labels, 0, _labelCount);
        _labelCount = 0;
    }

    private readonly record struct Entry(string Name, int LabelStart, int LabelCount, double Value, long? TimestampMs);
}
