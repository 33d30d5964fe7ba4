using Microsoft.Extensions.Logging;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// Scrapes one target every interval at its stable offset: fetch, parse and append the samples, the synthetic
/// series and staleness markers in one appender round, and record the target's health. Stopping writes
/// staleness markers for everything the target last exposed.
/// </summary>
internal sealed class ScrapeLoop : IAsyncDisposable
{
    private readonly IScrapeClient _client;
    private readonly IMetricAppender _appender;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ScrapeSampleAppender _samples;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private bool _scrapedOnce;
    private long _lastScrapeMs;
    private readonly string _shownUrl;
    private bool _failing;

    public ScrapeLoop(ScrapeTarget target, IScrapeClient client, IMetricAppender appender, TimeProvider time, ILogger logger, TimeSpan offset)
    {
        Target = target;
        _shownUrl = Config.Redaction.Url(target.Url.AbsoluteUri);
        Offset = offset;
        _client = client;
        _appender = appender;
        _time = time;
        _logger = logger;
        _samples = new ScrapeSampleAppender(target);
    }

    public ScrapeTarget Target { get; }

    public TimeSpan Offset { get; }

    public void Start() => _run = RunAsync(_stop.Token);

    /// <summary>One scrape now (the loop calls this; tests call it directly).</summary>
    public async Task ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        ScrapeResponse response;
        using (var timeout = new CancellationTokenSource(Target.Timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                response = await _client.FetchAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                response = ScrapeResponse.Failed($"scrape timed out after {Config.PromDuration.Format(Target.Timeout)}");
            }
        }

        var duration = _time.GetElapsedTime(started);
        _lastScrapeMs = start.ToUnixTimeMilliseconds();
        _appender.Begin(_lastScrapeMs, []);
        var result = response.Error is null
            ? _samples.Append(_appender, response.Body, response.OpenMetrics)
            : _samples.Append(_appender, null, false, response.Error);
        SyntheticSeries.Write(_appender, Target.Labels, result, duration);
        _appender.Commit();
        _scrapedOnce = true;
        Target.Health = new TargetHealth(result.Error is null ? "up" : "down", result.Error ?? "", start, duration);
        ReportHealth(result.Error);
    }

    /// <summary>
    /// Stops the loop. The stale markers for what the target last exposed carry the time it stopped (not the
    /// later moment an in-flight scrape gave up), and always come after that scrape's samples.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var stoppedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        if (_scrapedOnce)
        {
            _appender.Begin(Math.Max(stoppedMs, _lastScrapeMs + 1), []);
            _samples.AppendEndOfRun(_appender);
            SyntheticSeries.WriteStale(_appender, Target.Labels);
            _appender.Commit();
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var next = ScrapeOffset.NextAfter(_time.GetUtcNow(), Offset, Target.Interval);
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await ScrapeOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Loop boundary: an unexpected failure of one scrape must not end the target's loop.
                Log.ScrapeCrashed(_logger, Target.Job.Name, _shownUrl, ex);
            }

            // Skip the slots a slow scrape overran, keeping the offset.
            var now = _time.GetUtcNow();
            do
            {
                next += Target.Interval;
            }
            while (next <= now);
        }
    }

    private void ReportHealth(string? error)
    {
        if (error is not null && !_failing)
        {
            Log.TargetDown(_logger, Target.Job.Name, _shownUrl, error);
        }
        else if (error is null && _failing)
        {
            Log.TargetUp(_logger, Target.Job.Name, _shownUrl);
        }

        _failing = error is not null;
    }
}
