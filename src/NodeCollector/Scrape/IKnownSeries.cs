namespace NodeCollector.Scrape;

/// <summary>
/// A scrape cache the parser may ask about a line's series before parsing its labels: a series key the cache holds
/// was parsed and validated in full when it was first seen, so an identical key needs no label parsing again.
/// </summary>
internal interface IKnownSeries
{
    /// <summary>True when <paramref name="seriesKey"/> (metric name and label block, as written) is in the cache.</summary>
    bool IsKnown(ReadOnlySpan<byte> seriesKey);
}
