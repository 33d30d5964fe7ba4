using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Collects labels and returns them sorted by name (ordinal, as Prometheus sorts). Empty values are
/// left out, as a Prometheus label with an empty value does not exist. A name can repeat when two keys
/// sanitize alike (<c>a.b</c> and <c>a_b</c>); Prometheus then keeps an arbitrary one, this keeps the
/// greatest value, so the result does not depend on map order.
/// </summary>
internal sealed class SortedLabels
{
    private static readonly Comparison<Label> ByNameThenValue = static (a, b) =>
    {
        var byName = string.CompareOrdinal(a.Name, b.Name);
        return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
    };

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
        if (_labels.Count == 0)
        {
            return [];
        }

        var items = _labels.ToArray();
        Array.Sort(items, ByNameThenValue);
        var length = 1;
        for (var i = 1; i < items.Length; i++)
        {
            if (items[i].Name == items[length - 1].Name)
            {
                items[length - 1] = items[i];
            }
            else
            {
                items[length++] = items[i];
            }
        }

        return length == items.Length ? ImmutableCollectionsMarshal.AsImmutableArray(items) : ImmutableArray.Create(items, 0, length);
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
