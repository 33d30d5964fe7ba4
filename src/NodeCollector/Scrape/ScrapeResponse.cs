namespace NodeCollector.Scrape;

/// <summary>A fetched body (valid until the next fetch by the same client) or the reason the fetch failed.</summary>
internal readonly record struct ScrapeResponse(ReadOnlyMemory<byte> Body, bool OpenMetrics, string? Error)
{
    public static ScrapeResponse Failed(string error) => new(ReadOnlyMemory<byte>.Empty, false, error);
}
