namespace NodeCollector.Labels;

/// <summary>
/// A working copy of a label set for relabeling: set, delete, read, then build. Setting a label to "" deletes it,
/// as in Prometheus. Label sets are small (tens of labels), so a flat list beats a dictionary here.
/// </summary>
internal sealed class LabelSetBuilder
{
    private readonly List<Label> _labels = new(16);

    public LabelSetBuilder()
    {
    }

    public LabelSetBuilder(LabelSet labels)
    {
        Reset(labels);
    }

    public int Count => _labels.Count;

    /// <summary>Starts over from <paramref name="labels"/>, keeping the buffer.</summary>
    public void Reset(LabelSet labels)
    {
        _labels.Clear();
        foreach (var label in labels.Labels)
        {
            _labels.Add(label);
        }
    }

    public void Clear() => _labels.Clear();

    /// <summary>The value of <paramref name="name"/>, or "" when absent.</summary>
    public string Get(string name)
    {
        var at = IndexOf(name);
        return at < 0 ? "" : _labels[at].Value;
    }

    public void Set(string name, string value)
    {
        var at = IndexOf(name);
        if (value.Length == 0)
        {
            if (at >= 0)
            {
                _labels.RemoveAt(at);
            }

            return;
        }

        if (at >= 0)
        {
            _labels[at] = new Label(name, value);
        }
        else
        {
            _labels.Add(new Label(name, value));
        }
    }

    public void Delete(string name) => Set(name, "");

    /// <summary>A copy of the current labels, for passes that change the set while walking it (labelmap, labeldrop).</summary>
    public Label[] Snapshot() => [.. _labels];

    public LabelSet Build()
    {
        if (_labels.Count == 0)
        {
            return LabelSet.Empty;
        }

        var sorted = _labels.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return LabelSet.FromSorted(sorted);
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
