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
internal sealed class ScrapeSampleAppender
{
    private static readonly string[] FamilySuffixes = ["_bucket", "_sum", "_count", "_total", "_created", "_info", "_gcount", "_gsum"];

    private readonly ScrapeTarget _target;
    private readonly ExpositionParser _parser = new();
    private readonly LabelSetBuilder _builder = new();
    private readonly Dictionary<byte[], SeriesEntry> _series = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], SeriesEntry>.AlternateLookup<ReadOnlySpan<byte>> _seriesLookup;
    private readonly Dictionary<byte[], string> _names = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _nameLookup;
    private readonly List<Staged> _staged = [];
    private long _iteration;

    public ScrapeSampleAppender(ScrapeTarget target)
    {
        _target = target;
        _seriesLookup = _series.GetAlternateLookup<ReadOnlySpan<byte>>();
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<byte>>();
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
            result = result with { SamplesPostRelabeling = 0, SeriesAdded = 0 };
        }

        WriteStaged(writer);
        WriteStale(writer, _iteration - 1);
        return result;
    }

    /// <summary>Writes staleness markers for every series of the latest scrape (the target went away).</summary>
    public void AppendEndOfRun(IMetricWriter writer)
    {
        WriteStale(writer, _iteration);
        _series.Clear();
    }

    private ScrapeAppendResult Stage(ReadOnlyMemory<byte> body, bool openMetrics)
    {
        _parser.Reset(body, openMetrics);
        var family = default(MetricFamily);
        var familyWritten = false;
        int scraped = 0, kept = 0, added = 0;
        var job = _target.Job;
        while (_parser.Next())
        {
            if (_parser.Entry != ExpositionEntry.Series)
            {
                var name = NameOf(_parser.MetricName);
                if (!string.Equals(name, family.Name, StringComparison.Ordinal))
                {
                    family = new MetricFamily(name, "", MetricType.Untyped);
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
            if (!BelongsTo(_parser.MetricName, family.Name))
            {
                family = new MetricFamily(NameOf(_parser.MetricName), "", MetricType.Untyped);
                familyWritten = false;
            }

            if (!_seriesLookup.TryGetValue(_parser.SeriesKey, out var entry))
            {
                entry = CreateEntry();
                _series.Add(entry.Key, entry);
            }

            if (entry.Dropped)
            {
                entry.LastSeen = _iteration;
                continue;
            }

            if (entry.LastSeen == _iteration)
            {
                continue; // The same series twice in one body: Prometheus keeps the first sample.
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
                _staged.Add(new Staged(null, family, 0, null, 0));
                familyWritten = true;
            }

            var timestamp = job.HonorTimestamps ? _parser.TimestampMs : null;
            entry.ExplicitTimestamp = timestamp is not null;
            entry.Family = family;
            _staged.Add(new Staged(entry, default, _parser.Value, timestamp, entry.LastSeen));
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

    private void WriteStaged(IMetricWriter writer)
    {
        foreach (var staged in _staged)
        {
            if (staged.Entry is null)
            {
                writer.WriteFamily(staged.Family);
            }
            else
            {
                writer.WriteSample(staged.Entry.Name, staged.Entry.Labels, staged.Value, staged.TimestampMs);
            }
        }

        _staged.Clear();
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

        writer.WriteSample(entry.Name, entry.Labels, StaleMarker.Value);
    }

    private string NameOf(ReadOnlySpan<byte> name)
    {
        if (!_nameLookup.TryGetValue(name, out var text))
        {
            text = Encoding.UTF8.GetString(name);
            _names[name.ToArray()] = text;
        }

        return text;
    }

    private static bool BelongsTo(ReadOnlySpan<byte> seriesName, string familyName)
    {
        if (string.IsNullOrEmpty(familyName) || seriesName.Length < familyName.Length)
        {
            return false;
        }

        for (var i = 0; i < familyName.Length; i++)
        {
            if (seriesName[i] != familyName[i])
            {
                return false;
            }
        }

        var suffix = seriesName[familyName.Length..];
        if (suffix.Length == 0)
        {
            return true;
        }

        foreach (var known in FamilySuffixes)
        {
            if (suffix.Length == known.Length && Encoding.ASCII.GetByteCount(known) == suffix.Length && AsciiEquals(suffix, known))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AsciiEquals(ReadOnlySpan<byte> bytes, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Staged(SeriesEntry? Entry, MetricFamily Family, double Value, long? TimestampMs, long PreviousSeen);
}
