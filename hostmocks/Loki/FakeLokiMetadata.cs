using System.Text;

namespace HostMocks.Loki;

/// <summary>
/// An entry's structured metadata as the fake keeps it: the canonical label string of its pairs (sorted, <c>", "</c>
/// joined; "" for none), so that entries compare and deduplicate by timestamp, line and metadata as Loki's do.
/// </summary>
internal static class FakeLokiMetadata
{
    public static string Canonical(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            sorted[name] = value;
        }

        return sorted.Count == 0 ? "" : FakeLokiLabels.Canonical(sorted);
    }

    /// <summary>The pairs of a canonical metadata string; empty for "".</summary>
    public static IReadOnlyDictionary<string, string> Parse(string canonical) =>
        canonical.Length > 0 && FakeLokiLabels.TryParse(canonical, out var pairs, out _)
            ? pairs
            : new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Loki's measure for <c>max_structured_metadata_size</c>: UTF-8 bytes of every name and value.</summary>
    public static int Size(IReadOnlyDictionary<string, string> pairs) =>
        pairs.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value));
}
