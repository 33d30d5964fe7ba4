using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// Samples gathered per device in whatever order the files come, written family by family: a writer takes each family
/// once, with all its samples after the header. Families are kept (with their buffers) from one collection to the next.
/// </summary>
internal sealed class FamilyGroups
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(MetricFamily Family, RecordingMetricWriter Samples)> _groups = [];

    public void Add(in MetricFamily family, ReadOnlySpan<Label> labels, double value)
    {
        if (!_index.TryGetValue(family.Name, out var i))
        {
            i = _groups.Count;
            _index[family.Name] = i;
            _groups.Add((family, new RecordingMetricWriter()));
        }

        _groups[i].Samples.WriteSample(family.Name, labels, value);
    }

    public void Add(in MetricFamily family, Label label, double value)
    {
        ReadOnlySpan<Label> labels = [label];
        Add(family, labels, value);
    }

    public void Add(in MetricFamily family, Label first, Label second, double value)
    {
        ReadOnlySpan<Label> labels = [first, second];
        Add(family, labels, value);
    }

    /// <summary>Forgets the samples, keeps the families and buffers.</summary>
    public void Clear()
    {
        foreach (var (_, samples) in _groups)
        {
            samples.Clear();
        }
    }

    /// <summary>Every family that has samples, each once.</summary>
    public void WriteTo(IMetricWriter writer)
    {
        foreach (var (family, samples) in _groups)
        {
            if (samples.SampleCount > 0)
            {
                writer.WriteFamily(family);
                samples.ReplayTo(writer);
            }
        }
    }
}
