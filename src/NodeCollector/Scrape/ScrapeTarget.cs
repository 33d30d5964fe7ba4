using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>
/// A target after relabeling: the labels its samples get (no <c>__</c> names), the labels discovery gave it (as
/// given, and with the job's defaults that relabeling started from),
/// the URL to scrape and its interval and timeout (from <c>__scrape_interval__</c>/<c>__scrape_timeout__</c>).
/// Two targets are the same when their labels and URL are, which is how a pool keeps a loop across updates.
/// </summary>
internal sealed class ScrapeTarget
{
    public ScrapeTarget(ScrapeJob job, LabelSet sourceLabels, LabelSet discoveredLabels, LabelSet labels, Uri url, TimeSpan interval, TimeSpan timeout)
    {
        Job = job;
        SourceLabels = sourceLabels;
        DiscoveredLabels = discoveredLabels;
        Labels = labels;
        Url = url;
        Interval = interval;
        Timeout = timeout;
        Hash = labels.StableHash ^ LabelSet.From([new Label("url", url.AbsoluteUri)]).StableHash;
        Key = labels + " " + url.AbsoluteUri;
    }

    public ScrapeJob Job { get; }

    /// <summary>The labels as discovery gave them (what a target allocator serves over HTTP SD).</summary>
    public LabelSet SourceLabels { get; }

    /// <summary>Discovery's labels plus the job's defaults (<c>job</c>, <c>__scheme__</c>, ...), as Prometheus shows them.</summary>
    public LabelSet DiscoveredLabels { get; }

    public LabelSet Labels { get; }

    public Uri Url { get; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    /// <summary>A stable hash of the labels and URL (the same in every process, unlike <see cref="object.GetHashCode"/>).</summary>
    public ulong Hash { get; }

    /// <summary>Identity within a pool.</summary>
    public string Key { get; }

    /// <summary>The latest scrape's outcome; replaced as a whole so readers see a consistent state.</summary>
    public TargetHealth Health { get; set; } = TargetHealth.Unknown;

    public override string ToString() => Key;
}
