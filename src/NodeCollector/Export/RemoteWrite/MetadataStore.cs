using NodeCollector.Metrics;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>The newest type, help and unit of every family appended, for the periodic metadata requests.</summary>
internal sealed class MetadataStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    public void Observe(in MetricFamily family)
    {
        lock (_lock)
        {
            if (!_families.TryGetValue(family.Name, out var known) || known != family)
            {
                _families[family.Name] = family;
            }
        }
    }

    /// <summary>Every family, sorted by name.</summary>
    public MetricFamily[] Snapshot()
    {
        lock (_lock)
        {
            var families = _families.Values.ToArray();
            Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return families;
        }
    }
}
