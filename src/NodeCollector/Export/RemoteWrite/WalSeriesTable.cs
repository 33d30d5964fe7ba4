using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Gives every series appended to the WAL a reference number and its final label set (sample labels, then target
/// labels, then external labels where the name is not taken yet; sorted, empty values dropped), looked up by the
/// labels as the source wrote them, so a series seen before costs a hash and a compare, not an allocation. Series
/// not appended for <see cref="IdleLimit"/> are forgotten (they get a new number if they come back).
/// </summary>
internal sealed class WalSeriesTable
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, Entry> _entries = [];
    private readonly Label[] _external;
    private readonly TimeProvider _time;
    private ulong _nextRef = 1;
    private long _lastSweep;

    public WalSeriesTable(IReadOnlyDictionary<string, string> externalLabels, TimeProvider time)
    {
        _external = [.. externalLabels.Select(l => new Label(l.Key, l.Value))];
        _time = time;
        _lastSweep = time.GetTimestamp();
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The series of <paramref name="name"/> with <paramref name="labels"/> and <paramref name="target"/>. The table
    /// keeps <paramref name="target"/> by reference (the caller never changes it) and <paramref name="labelsArray"/>,
    /// when given, instead of a copy of <paramref name="labels"/>: one label array per series, shared with its source.
    /// </summary>
    public WalSeries GetOrAdd(string name, ReadOnlySpan<Label> labels, Label[]? labelsArray, Label[] target) =>
        GetOrAddEntry(name, labels, labelsArray, target, _time.GetTimestamp()).Series;

    /// <summary><see cref="GetOrAdd"/> returning the table's entry, which a producer may remember for its next round.</summary>
    public Entry GetOrAddEntry(string name, ReadOnlySpan<Label> labels, Label[]? labelsArray, Label[] target, long now)
    {
        var hash = Hash(name, labels, target);
        lock (_lock)
        {
            for (var entry = _entries.GetValueOrDefault(hash); entry is not null; entry = entry.Next)
            {
                if (entry.Matches(name, labels, target))
                {
                    entry.LastUsed = now;
                    return entry;
                }
            }

            var all = new Label[_external.Length + target.Length + labels.Length + 1];
            _external.CopyTo(all, 0);
            target.CopyTo(all.AsSpan(_external.Length));
            labels.CopyTo(all.AsSpan(_external.Length + target.Length));
            all[^1] = new Label(LabelSet.MetricName, name);
            var series = new WalSeries(_nextRef++, LabelSet.From(all));
            var added = new Entry(name, labelsArray ?? labels.ToArray(), target, series, _entries.GetValueOrDefault(hash)) { LastUsed = now };
            _entries[hash] = added;
            return added;
        }
    }

    /// <summary>Now, on the table's clock (the <c>now</c> of <see cref="GetOrAddEntry"/> and <see cref="Touch"/>).</summary>
    public long Timestamp() => _time.GetTimestamp();

    /// <summary>Whether an entry last used at <paramref name="since"/> may have been swept by now.</summary>
    public bool MayHaveForgotten(long since) => _time.GetElapsedTime(since) >= IdleLimit / 2;

    /// <summary>
    /// Marks a remembered entry used at <paramref name="now"/> without a lookup. The producer remembers entries only
    /// from its previous round (well within <see cref="IdleLimit"/>), so the entry is still in the table.
    /// </summary>
    public static WalSeries Touch(Entry entry, long now)
    {
        Volatile.Write(ref entry.LastUsedField, now);
        return entry.Series;
    }

    /// <summary>Forgets idle series, at most once a minute.</summary>
    public void Sweep()
    {
        if (_time.GetElapsedTime(_lastSweep) < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastSweep = _time.GetTimestamp();
        lock (_lock)
        {
            List<ulong>? empty = null;
            foreach (var (hash, head) in _entries)
            {
                Entry? first = null;
                Entry? last = null;
                for (var entry = head; entry is not null; entry = entry.Next)
                {
                    if (_time.GetElapsedTime(entry.LastUsed) >= IdleLimit)
                    {
                        continue;
                    }

                    if (last is null)
                    {
                        first = entry;
                    }
                    else
                    {
                        last.Next = entry;
                    }

                    last = entry;
                }

                if (last is null)
                {
                    (empty ??= []).Add(hash);
                    continue;
                }

                last.Next = null;
                if (!ReferenceEquals(first, head))
                {
                    _entries[hash] = first!;
                }
            }

            foreach (var hash in empty ?? [])
            {
                _entries.Remove(hash);
            }
        }
    }

    private static ulong Hash(string name, ReadOnlySpan<Label> labels, ReadOnlySpan<Label> target)
    {
        var hash = new HashCode();
        hash.Add(name);
        foreach (var label in labels)
        {
            hash.Add(label.Name);
            hash.Add(label.Value);
        }

        hash.Add(0xFFFF);
        foreach (var label in target)
        {
            hash.Add(label.Name);
            hash.Add(label.Value);
        }

        return (ulong)(uint)hash.ToHashCode() | ((ulong)(uint)labels.Length << 32);
    }

    /// <summary>One series: the labels as its source wrote them (the keys), and the WAL series they map to.</summary>
    internal sealed class Entry(string name, Label[] labels, Label[] target, WalSeries series, Entry? next)
    {
        internal long LastUsedField;

        public string Name { get; } = name;

        public Label[] Labels { get; } = labels;

        public Label[] Target { get; } = target;

        public WalSeries Series { get; } = series;

        public Entry? Next { get; set; } = next;

        public long LastUsed
        {
            get => Volatile.Read(ref LastUsedField);
            set => Volatile.Write(ref LastUsedField, value);
        }

        /// <summary>Whether this entry is the one kept for exactly these arrays (a reference compare).</summary>
        public bool Is(string name, Label[] labels, Label[] target) =>
            ReferenceEquals(Labels, labels) && ReferenceEquals(Target, target) && string.Equals(Name, name, StringComparison.Ordinal);

        public bool Matches(string name, ReadOnlySpan<Label> labels, ReadOnlySpan<Label> target) =>
            string.Equals(Name, name, StringComparison.Ordinal) && labels.SequenceEqual(Labels) && target.SequenceEqual(Target);
    }
}
