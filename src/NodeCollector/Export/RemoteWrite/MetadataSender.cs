using Microsoft.Extensions.Logging;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Sends the metadata (type, help, unit) of every family appended to one endpoint every
/// <c>metadata_config.send_interval</c>, in requests of at most <c>max_samples_per_send</c> families, retrying
/// like samples until the next round is due.
/// </summary>
internal sealed class MetadataSender
{
    private readonly RemoteWriteEndpoint _endpoint;
    private readonly RemoteWriteClient _client;
    private readonly MetadataStore _store;
    private readonly ILogger _logger;
    private readonly RemoteWriteEncoder _encoder = new();

    public MetadataSender(RemoteWriteEndpoint endpoint, RemoteWriteClient client, MetadataStore store, ILogger logger)
    {
        _endpoint = endpoint;
        _client = client;
        _store = store;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var options = _endpoint.Options.Metadata;
        var time = _endpoint.Time;
        using var timer = new PeriodicTimer(options.SendInterval, time);
        try
        {
            do
            {
                var families = _store.Snapshot();
                for (var at = 0; at < families.Length; at += options.MaxSamplesPerSend)
                {
                    var chunk = families.AsMemory(at, Math.Min(options.MaxSamplesPerSend, families.Length - at));
                    await SendAsync(chunk, time.GetTimestamp(), options.SendInterval, stop).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(ReadOnlyMemory<Metrics.MetricFamily> families, long started, TimeSpan giveUpAfter, CancellationToken stop)
    {
        _encoder.EncodeMetadata(families.Span);
        var body = _encoder.Compress();
        var stats = _endpoint.Stats;
        var queue = _endpoint.Options.Queue;
        var backoff = new Backoff(queue.MinBackoff, queue.MaxBackoff);
        for (var attempt = 0; ; attempt++)
        {
            stats.AddMetadataAttempt(families.Length, body.Length);
            var outcome = await _client.SendAsync(body, attempt, stop).ConfigureAwait(false);
            if (outcome.Kind == SendOutcomeKind.Success)
            {
                return;
            }

            if (outcome.Kind == SendOutcomeKind.Fatal)
            {
                stats.AddMetadataFailed(families.Length);
                Log.MetadataRejected(_logger, _endpoint.Options.QueueName, outcome.StatusCode, outcome.Detail);
                return;
            }

            var wait = backoff.Next(outcome.RetryAfter);
            if (_endpoint.Time.GetElapsedTime(started) + wait >= giveUpAfter)
            {
                // The next round sends the same metadata again.
                stats.AddMetadataFailed(families.Length);
                return;
            }

            stats.AddMetadataRetried(families.Length);
            await Task.Delay(wait, _endpoint.Time, stop).ConfigureAwait(false);
        }
    }
}
