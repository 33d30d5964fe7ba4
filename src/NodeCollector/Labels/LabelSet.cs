namespace NodeCollector.Labels;

/// <summary>
/// An immutable set of labels sorted by name (ordinal), with no empty values and no duplicate names. Metric names
/// live in <c>__name__</c>. <see cref="StableHash"/> is the same in every process, so it can key series on disk.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>
{
    public const string MetricName = "__name__";

    public static readonly LabelSet Empty = new([]);

    private readonly Label[] _labels;

    private LabelSet(Label[] sortedLabels)
    {
        _labels = sortedLabels;
        StableHash = ComputeHash(sortedLabels);
    }

    public int Count => _labels.Length;

    public ReadOnlySpan<Label> Labels => _labels;

    public ulong StableHash { get; }

    public Label this[int index] => _labels[index];

    /// <summary>Builds a set from labels in any order; empty values are dropped, a repeated name keeps the last value.</summary>
    public static LabelSet From(ReadOnlySpan<Label> labels)
    {
        var sorted = new List<Label>(labels.Length);
        foreach (var label in labels)
        {
            var at = sorted.FindIndex(l => l.Name == label.Name);
            if (at >= 0)
            {
                sorted.RemoveAt(at);
            }

            if (label.Value.Length > 0)
            {
                sorted.Add(label);
            }
        }

        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new LabelSet([.. sorted]);
    }

    /// <summary>Wraps labels the caller guarantees sorted, unique and non-empty (builders use this).</summary>
    internal static LabelSet FromSorted(Label[] sortedLabels) => sortedLabels.Length == 0 ? Empty : new LabelSet(sortedLabels);

    /// <summary>The value of <paramref name="name"/>, or "" when absent (Prometheus treats the two alike).</summary>
    public string Get(string name)
    {
        var lo = 0;
        var hi = _labels.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var compare = string.CompareOrdinal(_labels[mid].Name, name);
            if (compare == 0)
            {
                return _labels[mid].Value;
            }

            if (compare < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return "";
    }

    public bool Equals(LabelSet? other)
    {
        // The same instance is the common case (a stream's labels are looked up for each of its lines).
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.StableHash != StableHash || other._labels.Length != _labels.Length)
        {
            return false;
        }

        return _labels.AsSpan().SequenceEqual(other._labels);
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => (int)StableHash;

    /// <summary>Prometheus' notation: <c>{a="1", b="2"}</c>, values escaped.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(_labels[i].Name).Append("=\"")
                .Append(_labels[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return text.Append('}').ToString();
    }

    /// <summary>FNV-1a over names and values with separators that cannot occur in UTF-16 text.</summary>
    private static ulong ComputeHash(Label[] labels)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        foreach (var label in labels)
        {
            foreach (var c in label.Name)
            {
                hash = (hash ^ c) * prime;
            }

            hash = (hash ^ 0xFFFF) * prime;
            foreach (var c in label.Value)
            {
                hash = (hash ^ c) * prime;
            }

            hash = (hash ^ 0xFFFE) * prime;
        }

        return hash;
    }
}
