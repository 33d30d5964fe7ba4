using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// Turns one target's response bodies into appended samples, Prometheus-style: a per-target cache keyed by the
/// raw series bytes remembers each series' final labels (target labels merged with <c>honor_labels</c> or
/// <c>exported_</c>, then metric relabeling), so a series seen before costs a dictionary probe and no allocation.
/// Samples are staged first and only written when the whole body parsed within the limits, because a failed
/// scrape keeps nothing. Series seen last time but not now get a staleness marker.
/// </summary>
internal sealed class ScrapeSampleAppender : IKnownSeries
{
    private static readonly byte[][] FamilySuffixes = [.. new[] { "_bucket", "_sum", "_count", "_total", "_created", "_info", "_gcount", "_gsum" }.Select(Encoding.ASCII.GetBytes)];

    private readonly ScrapeTarget _target;
    private readonly ExpositionParser _parser = new();
    private readonly LabelSetBuilder _builder = new();
    private readonly Dictionary<byte[], SeriesEntry> _series = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], SeriesEntry>.AlternateLookup<ReadOnlySpan<byte>> _seriesLookup;
    private readonly Dictionary<byte[], string> _names = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _nameLookup;
    private readonly List<Staged> _staged = [];
    private readonly List<MetricFamily> _stagedFamilies = [];
    private List<SeriesEntry> _order = [];
    private List<SeriesEntry> _nextOrder = [];
    private int _cursor;
    private SeriesEntry? _probed;
    private long _iteration;

    public ScrapeSampleAppender(ScrapeTarget target)
    {
        _target = target;
        _seriesLookup = _series.GetAlternateLookup<ReadOnlySpan<byte>>();
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<byte>>();
        _parser.KnownSeries = this;
    }

    /// <summary>Series in the cache (kept and dropped), for tests and benchmarks.</summary>
    public int CachedSeries => _series.Count;

    /// <summary>
    /// Appends the samples of <paramref name="body"/> (null when the scrape itself failed with
    /// <paramref name="scrapeError"/>) and the staleness markers of series that disappeared.
    /// </summary>
    public ScrapeAppendResult Append(IMetricWriter writer, ReadOnlyMemory<byte>? body, bool openMetrics, string? scrapeError = null)
    {
        _iteration++;
        _staged.Clear();
        _stagedFamilies.Clear();
        _nextOrder.Clear();
        _cursor = 0;
        var result = body is { } content ? Stage(content, openMetrics) : new ScrapeAppendResult(0, 0, 0, scrapeError);
        if (result.Error is not null)
        {
            // A failed scrape keeps nothing: undo the sightings so that every series of the last good scrape goes stale.
            foreach (var staged in _staged)
            {
                if (staged.Entry is { } entry && entry.LastSeen == _iteration)
                {
                    entry.LastSeen = staged.PreviousSeen;
                }
            }

            _staged.Clear();
            _stagedFamilies.Clear();
            _nextOrder.Clear();
            result = result with { SamplesPostRelabeling = 0, SeriesAdded = 0 };
        }

        // After a failed scrape the series it kept are forgotten below, so the order starts afresh.
        KeepOrder();

        WriteStaged(writer);
        WriteStale(writer, _iteration - 1);
        return result;
    }

    /// <summary>The parser asks before parsing labels; the entry found is the one the next staged sample uses.</summary>
    public bool IsKnown(ReadOnlySpan<byte> seriesKey)
    {
        // Targets expose their series in the same order every time: try the series that followed last time first,
        // which skips hashing and the table probe, and reads keys that lie next to each other in memory.
        if (_cursor < _order.Count && _order[_cursor].Key.AsSpan().SequenceEqual(seriesKey))
        {
            _probed = _order[_cursor];
            return true;
        }

        _seriesLookup.TryGetValue(seriesKey, out _probed);
        return _probed is not null;
    }

    /// <summary>Writes staleness markers for every series of the latest scrape (the target went away).</summary>
    public void AppendEndOfRun(IMetricWriter writer)
    {
        WriteStale(writer, _iteration);
        _series.Clear();
        _nextOrder.Clear();
        KeepOrder();
    }

    private ScrapeAppendResult Stage(ReadOnlyMemory<byte> body, bool openMetrics)
    {
        _parser.Reset(body, openMetrics);
        _probed = null;
        var family = default(MetricFamily);
        byte[] familyBytes = [];
        var familyWritten = false;
        int scraped = 0, kept = 0, added = 0;
        var job = _target.Job;
        while (_parser.Next())
        {
            if (_parser.Entry != ExpositionEntry.Series)
            {
                var name = NameOf(_parser.MetricName, out var nameBytes);
                if (!string.Equals(name, family.Name, StringComparison.Ordinal))
                {
                    family = new MetricFamily(name, "", MetricType.Untyped);
                    familyBytes = nameBytes;
                    familyWritten = false;
                }

                family = _parser.Entry switch
                {
                    ExpositionEntry.Help => family with { Help = _parser.Text },
                    ExpositionEntry.Type => family with { Type = _parser.Type },
                    _ => family with { Unit = _parser.Text },
                };
                continue;
            }

            scraped++;
            if (!BelongsTo(_parser.MetricName, familyBytes))
            {
                family = new MetricFamily(NameOf(_parser.MetricName, out familyBytes), "", MetricType.Untyped);
                familyWritten = false;
            }

            var entry = _probed;
            _probed = null;
            if (entry is null && !_seriesLookup.TryGetValue(_parser.SeriesKey, out entry))
            {
                entry = CreateEntry();
                _series.Add(entry.Key, entry);
            }

            if (entry.LastSeen == _iteration)
            {
                continue; // The same series twice in one body: Prometheus keeps the first sample.
            }

            if (entry.Position >= 0)
            {
                _cursor = entry.Position + 1;
            }

            _nextOrder.Add(entry);
            if (entry.Dropped)
            {
                entry.LastSeen = _iteration;
                continue;
            }

            if (job.LabelLimit > 0 && entry.Labels!.Length + 1 > job.LabelLimit)
            {
                return new ScrapeAppendResult(scraped, kept, added, $"label_limit exceeded (metric: {entry.Name}, number of labels: {entry.Labels.Length + 1}, limit: {job.LabelLimit})");
            }

            if (entry.LastSeen == 0)
            {
                added++;
            }

            kept++;
            if (job.SampleLimit > 0 && kept > job.SampleLimit)
            {
                return new ScrapeAppendResult(scraped, kept, added, $"sample_limit exceeded (limit: {job.SampleLimit})");
            }

            if (!familyWritten)
            {
                _stagedFamilies.Add(family);
                _staged.Add(default);
                familyWritten = true;
            }

            var timestamp = job.HonorTimestamps ? _parser.TimestampMs : null;
            entry.ExplicitTimestamp = timestamp is not null;
            if (!entry.Family.Equals(family))
            {
                entry.Family = family;
            }

            _staged.Add(new Staged(entry, _parser.Value, timestamp, entry.LastSeen));
            entry.LastSeen = _iteration;
        }

        if (_parser.Error is { } error)
        {
            return new ScrapeAppendResult(scraped, kept, added, "parse error at " + error);
        }

        return new ScrapeAppendResult(scraped, kept, added, null);
    }

    private SeriesEntry CreateEntry()
    {
        _builder.Clear();
        _parser.CopyLabels(_builder);
        TargetLabelMerger.Merge(_builder, _target.Labels, _target.Job.HonorLabels);
        var key = _parser.SeriesKey.ToArray();
        if (!RelabelRule.ApplyAll(_target.Job.MetricRelabelRules, _builder) || _builder.Get(LabelSet.MetricName).Length == 0)
        {
            return new SeriesEntry(key, "", null);
        }

        var built = _builder.Build();
        var labels = new Label[built.Count - 1];
        var at = 0;
        foreach (var label in built.Labels)
        {
            if (!string.Equals(label.Name, LabelSet.MetricName, StringComparison.Ordinal))
            {
                labels[at++] = label;
            }
        }

        return new SeriesEntry(key, built.Get(LabelSet.MetricName), labels);
    }

    /// <summary>A good scrape's series order (empty after a failed one) is the guess for the next scrape.</summary>
    private void KeepOrder()
    {
        foreach (var entry in _order)
        {
            entry.Position = -1;
        }

        (_order, _nextOrder) = (_nextOrder, _order);
        _nextOrder.Clear();
        for (var i = 0; i < _order.Count; i++)
        {
            _order[i].Position = i;
        }
    }

    private void WriteStaged(IMetricWriter writer)
    {
        var families = 0;
        foreach (var staged in _staged)
        {
            if (staged.Entry is null)
            {
                writer.WriteFamily(_stagedFamilies[families++]);
            }
            else
            {
                writer.WriteImmutableSample(staged.Entry.Name, staged.Entry.Labels!, staged.Value, staged.TimestampMs);
            }
        }

        _staged.Clear();
        _stagedFamilies.Clear();
    }

    /// <summary>
    /// Marks stale every kept series (without its own timestamps, unless <c>track_timestamps_staleness</c>) last seen in <paramref name="iteration"/>; after a
    /// scrape, forgets every series that scrape did not see.
    /// </summary>
    private void WriteStale(IMetricWriter writer, long iteration)
    {
        string? familyName = null;
        var trackTimestamps = _target.Job.TrackTimestampsStaleness;
        foreach (var (key, entry) in _series)
        {
            if (entry.LastSeen == iteration && iteration > 0 && !entry.Dropped && (!entry.ExplicitTimestamp || trackTimestamps))
            {
                WriteStaleSample(writer, entry, ref familyName);
            }

            if (entry.LastSeen != _iteration)
            {
                _series.Remove(key);
            }
        }
    }

    private static void WriteStaleSample(IMetricWriter writer, SeriesEntry entry, ref string? familyName)
    {
        if (!string.Equals(familyName, entry.Family.Name, StringComparison.Ordinal))
        {
            writer.WriteFamily(entry.Family);
            familyName = entry.Family.Name;
        }

        writer.WriteImmutableSample(entry.Name, entry.Labels!, StaleMarker.Value);
    }

    private string NameOf(ReadOnlySpan<byte> name, out byte[] bytes)
    {
        if (!_nameLookup.TryGetValue(name, out var key, out var text))
        {
            text = Encoding.UTF8.GetString(name);
            key = name.ToArray();
            _names[key] = text;
        }

        bytes = key;
        return text;
    }

    /// <summary>Whether a series named <paramref name="seriesName"/> belongs to the family named <paramref name="familyName"/> (itself or a known suffix).</summary>
    private static bool BelongsTo(ReadOnlySpan<byte> seriesName, ReadOnlySpan<byte> familyName)
    {
        if (familyName.IsEmpty || !seriesName.StartsWith(familyName))
        {
            return false;
        }

        var suffix = seriesName[familyName.Length..];
        if (suffix.IsEmpty)
        {
            return true;
        }

        foreach (var known in FamilySuffixes)
        {
            if (suffix.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A sample to write, or (no entry) the next of the staged families.</summary>
    private readonly record struct Staged(SeriesEntry? Entry, double Value, long? TimestampMs, long PreviousSeen);
}
