using System.Buffers;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// Scrapes metric sources in this process: writes them as Prometheus text into a buffer reused from scrape to
/// scrape and hands that to the ordinary parse, relabel and append path, so an in-process target gets the same
/// synthetic series, staleness and relabeling as one over HTTP. A source that throws fails the scrape (<c>up</c> 0).
/// </summary>
internal sealed class InProcessScrapeClient : IScrapeClient
{
    private readonly IReadOnlyList<IMetricSource> _sources;
    private readonly Action? _onScrape;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly TextExpositionWriter _writer;

    public InProcessScrapeClient(IReadOnlyList<IMetricSource> sources, Action? onScrape = null)
    {
        _sources = sources;
        _onScrape = onScrape;
        _writer = new TextExpositionWriter(_buffer, ExpositionFormat.PrometheusText);
    }

    public Task<ScrapeResponse> FetchAsync(CancellationToken cancellationToken)
    {
        _onScrape?.Invoke();
        _buffer.ResetWrittenCount();
        _writer.Reset();
        foreach (var source in _sources)
        {
            try
            {
                source.Collect(_writer);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Scrape boundary: a failing source fails this scrape, as a target answering 500 would.
                return Task.FromResult(ScrapeResponse.Failed($"collecting {source.GetType().Name} failed: {e.Message}"));
            }
        }

        _writer.Complete();
        return Task.FromResult(new ScrapeResponse(_buffer.WrittenMemory, false, null));
    }

    public void Dispose()
    {
        // Nothing to release: the sources belong to the application.
    }
}
