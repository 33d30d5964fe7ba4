using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// What a target's series cache remembers about one raw series (name and label block as scraped): the final
/// name and labels after target labels and metric relabeling, or that relabeling dropped it; and in which
/// scrape it was last seen, which is what staleness and <c>scrape_series_added</c> are computed from.
/// </summary>
internal sealed class SeriesEntry
{
    public SeriesEntry(byte[] key, string name, Label[]? labels)
    {
        Key = key;
        Name = name;
        Labels = labels;
    }

    public byte[] Key { get; }

    public string Name { get; }

    /// <summary>The labels written with the sample (without <c>__name__</c>); null when metric relabeling dropped the series.</summary>
    public Label[]? Labels { get; }

    public bool Dropped => Labels is null;

    public MetricFamily Family { get; set; }

    /// <summary>The scrape iteration that last appended this series (0: never).</summary>
    public long LastSeen { get; set; }

    /// <summary>Where this series came in the target's last good scrape (-1: not in it), to guess the next line's series.</summary>
    public int Position { get; set; } = -1;

    /// <summary>The series carried its own timestamp; Prometheus then writes no staleness marker for it.</summary>
    public bool ExplicitTimestamp { get; set; }
}
