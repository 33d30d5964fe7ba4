namespace HostMocks.Loki;

/// <summary>
/// What the fake Loki holds for one stream: the entries it accepted in arrival order, its newest timestamp, and how
/// many received entries were exact duplicates of accepted ones (dropped silently) or rejected. Without
/// <c>keepEntries</c> it keeps only the count and <see cref="Digest"/> of the accepted lines, and cannot tell a re-sent
/// entry from a new one (a re-sent older entry is then rejected as out of order).
/// </summary>
internal sealed class FakeLokiStream
{
    private readonly List<FakeLokiEntry> _entries = [];
    private readonly HashSet<FakeLokiEntry> _seen = [];
    private readonly bool _keepEntries;
    private int _count;

    public FakeLokiStream(string labels, IReadOnlyDictionary<string, string> labelValues, bool keepEntries = true)
    {
        Labels = labels;
        LabelValues = labelValues;
        _keepEntries = keepEntries;
    }

    /// <summary>Canonical label string: sorted, <c>", "</c>-joined.</summary>
    public string Labels { get; }

    public IReadOnlyDictionary<string, string> LabelValues { get; }

    public long NewestTimestamp { get; private set; } = long.MinValue;

    public int Duplicates { get; private set; }

    public int Rejected { get; private set; }

    public int Count => _count;

    /// <summary><see cref="FakeLokiLineDigest"/> of the accepted lines in arrival order.</summary>
    public ulong Digest { get; private set; } = FakeLokiLineDigest.Empty;

    /// <summary>The accepted entries, live: read them once pushes have stopped, or through <see cref="FakeLokiIngester.EntriesOf"/>.</summary>
    public IReadOnlyList<FakeLokiEntry> Entries => _entries;

    /// <summary>
    /// Loki's ordered-stream rule: an entry older than the newest is rejected ("entry out of order") unless it is an
    /// exact duplicate (same timestamp, line and structured metadata) of one already taken, which is dropped silently
    /// as Loki drops a retried last entry. The fake extends that to any earlier entry so that tests can count re-sent
    /// lines.
    /// </summary>
    public FakeLokiVerdict Offer(FakeLokiEntry entry)
    {
        if (_seen.Contains(entry))
        {
            Duplicates++;
            return FakeLokiVerdict.Duplicate;
        }

        if (entry.TimestampUnixNanos < NewestTimestamp)
        {
            Rejected++;
            return FakeLokiVerdict.OutOfOrder;
        }

        if (_keepEntries)
        {
            _entries.Add(entry);
            _seen.Add(entry);
        }

        _count++;
        Digest = FakeLokiLineDigest.Add(Digest, entry.Line);
        NewestTimestamp = entry.TimestampUnixNanos;
        return FakeLokiVerdict.Accepted;
    }

    public void CountRejected() => Rejected++;
}

/// <summary>What the fake did with one received entry.</summary>
internal enum FakeLokiVerdict
{
    Accepted,
    Duplicate,
    OutOfOrder,
}
