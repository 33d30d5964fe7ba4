using System.Collections.Immutable;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Collects labels and returns them sorted by name (ordinal, as Prometheus sorts). Empty values are
/// left out, as a Prometheus label with an empty value does not exist. For a repeated name the value
/// added last wins.
/// </summary>
internal sealed class SortedLabels
{
    private static readonly Comparison<Label> ByName = (a, b) => string.CompareOrdinal(a.Name, b.Name);

    private readonly List<Label> _labels;

    public SortedLabels(int capacity = 32) => _labels = new List<Label>(capacity);

    public int Count => _labels.Count;

    public void Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _labels.Add(new Label(name, value));
        }
    }

    public ImmutableArray<Label> ToImmutable()
    {
        // A stable sort keeps insertion order among equal names, so "last added wins" holds below.
        var items = _labels.ToArray();
        var order = new int[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var byName = ByName(items[x], items[y]);
            return byName != 0 ? byName : x.CompareTo(y);
        });

        var result = ImmutableArray.CreateBuilder<Label>(items.Length);
        foreach (var index in order)
        {
            var label = items[index];
            if (result.Count > 0 && result[^1].Name == label.Name)
            {
                result[^1] = label;
            }
            else
            {
                result.Add(label);
            }
        }

        return result.DrainToImmutable();
    }

    /// <summary>Merges two sorted, duplicate-free sets; on equal names <paramref name="overrides"/> wins.</summary>
    public static ImmutableArray<Label> Merge(ImmutableArray<Label> common, ImmutableArray<Label> overrides)
    {
        var result = ImmutableArray.CreateBuilder<Label>(common.Length + overrides.Length);
        int i = 0, j = 0;
        while (i < common.Length && j < overrides.Length)
        {
            var byName = string.CompareOrdinal(common[i].Name, overrides[j].Name);
            if (byName < 0)
            {
                result.Add(common[i++]);
            }
            else if (byName > 0)
            {
                result.Add(overrides[j++]);
            }
            else
            {
                result.Add(overrides[j++]);
                i++;
            }
        }

        while (i < common.Length)
        {
            result.Add(common[i++]);
        }

        while (j < overrides.Length)
        {
            result.Add(overrides[j++]);
        }

        return result.DrainToImmutable();
    }
}
