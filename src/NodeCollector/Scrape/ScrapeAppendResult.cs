namespace NodeCollector.Scrape;

/// <summary>
/// The counts one scrape reports as synthetic series, and why it failed (null when it succeeded).
/// </summary>
internal readonly record struct ScrapeAppendResult(int SamplesScraped, int SamplesPostRelabeling, int SeriesAdded, string? Error);
