namespace NodeCollector.Scrape;

/// <summary>Fetches one target's exposition: over HTTP, or from an in-process source.</summary>
internal interface IScrapeClient : IDisposable
{
    Task<ScrapeResponse> FetchAsync(CancellationToken cancellationToken);
}
