namespace NodeCollector.Scrape;

/// <summary>Where one label's name and value sit in the body, and whether the value holds escapes.</summary>
internal readonly record struct LabelRange(Range Name, Range Value, bool Escaped);

/// <summary>The labels of the current line, reused from line to line so parsing a sample allocates nothing.</summary>
internal sealed class LabelRangeList(int capacity)
{
    private LabelRange[] _items = new LabelRange[capacity];

    public int Count { get; private set; }

    public LabelRange this[int index] => _items[index];

    public void Clear() => Count = 0;

    public void Add(LabelRange label)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = label;
    }

    public bool Contains(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Count; i++)
        {
            if (body[_items[i].Name].SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }
}
