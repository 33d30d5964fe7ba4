using NodeCollector.Labels;

namespace NodeCollector.Export.Loki;

/// <summary>
/// The entries of one stream in a batch, in arrival order, its label string as Loki reads it, and the structured
/// metadata every entry carries (see <see cref="LokiStructuredMetadata"/>).
/// </summary>
internal sealed class LokiBatchStream
{
    private LokiBatchEntry[] _entries;

    /// <param name="entries">An array to fill (a previous batch's, see <see cref="TakeEntries"/>); null for a new one.</param>
    public LokiBatchStream(LabelSet labels, LokiBatchEntry[]? entries = null)
    {
        _entries = entries ?? new LokiBatchEntry[16];
        Labels = labels;
        LabelText = LokiLabelText.Utf8(LokiStructuredMetadata.StreamLabelsOf(labels));
        Metadata = LokiStructuredMetadata.Encode(labels, out var leftOut);
        MetadataLeftOut = leftOut;
    }

    public LabelSet Labels { get; }

    /// <summary><c>{name="value", ...}</c> in UTF-8, sorted by name.</summary>
    public byte[] LabelText { get; }

    /// <summary>The <c>structuredMetadata</c> field bytes written into each entry; empty when there is none.</summary>
    public byte[] Metadata { get; }

    /// <summary>Metadata pairs left out to stay within Loki's per-entry limits.</summary>
    public int MetadataLeftOut { get; }

    public int Count { get; private set; }

    public Span<LokiBatchEntry> Entries => _entries.AsSpan(0, Count);

    public void Add(LokiBatchEntry entry)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Count * 2);
        }

        _entries[Count++] = entry;
    }

    /// <summary>Empties the stream and hands over its entry array for another stream to fill.</summary>
    public LokiBatchEntry[] TakeEntries()
    {
        var entries = _entries;
        (_entries, Count) = ([], 0);
        return entries;
    }

    /// <summary>
    /// Puts the entries in timestamp order, as Loki wants them within a stream; equal timestamps keep their arrival
    /// order (positions grow with arrival, so they break ties).
    /// </summary>
    public void SortByTimestamp()
    {
        var entries = Entries;
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].TimestampUnixNanos < entries[i - 1].TimestampUnixNanos)
            {
                entries.Sort(static (a, b) => a.TimestampUnixNanos != b.TimestampUnixNanos
                    ? a.TimestampUnixNanos.CompareTo(b.TimestampUnixNanos)
                    : a.Position.CompareTo(b.Position));
                return;
            }
        }
    }
}
