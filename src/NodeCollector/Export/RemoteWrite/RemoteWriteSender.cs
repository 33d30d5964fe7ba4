using Microsoft.Extensions.Logging;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Encodes, compresses and sends one batch for a shard, retrying recoverable failures with capped exponential
/// back-off (or the server's <c>Retry-After</c>) until the batch is written or fails finally. Counts every attempt,
/// retry and final failure; releases the batch's samples from the WAL only when done.
/// </summary>
internal sealed class RemoteWriteSender
{
    private readonly RemoteWriteClient _client;
    private readonly RemoteWriteEndpoint _endpoint;
    private readonly RemoteWriteEncoder _encoder = new();

    public RemoteWriteSender(RemoteWriteClient client, RemoteWriteEndpoint endpoint)
    {
        _client = client;
        _endpoint = endpoint;
    }

    public async Task SendAsync(ReadOnlyMemory<QueuedSample> batch, CancellationToken abort)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        var endpoint = _endpoint;
        var count = batch.Length;
        _encoder.Encode(batch.Span);
        var body = _encoder.Compress();
        long highest = long.MinValue;
        foreach (var sample in batch.Span)
        {
            highest = Math.Max(highest, sample.TimestampMs);
        }

        var backoff = new Backoff(endpoint.Options.Queue.MinBackoff, endpoint.Options.Queue.MaxBackoff);
        for (var attempt = 0; ; attempt++)
        {
            endpoint.Stats.AddAttempt(count, body.Length);
            var started = endpoint.Time.GetTimestamp();
            var outcome = await _client.SendAsync(body, attempt, abort).ConfigureAwait(false);
            endpoint.ObserveSendDuration(endpoint.Time.GetElapsedTime(started), count);
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Success:
                    endpoint.Stats.ObserveSent(highest);
                    endpoint.MarkSuccess();
                    endpoint.Done(batch.Span);
                    return;
                case SendOutcomeKind.Fatal:
                    endpoint.Stats.AddFailed(count);
                    endpoint.Warnings.Rejected(outcome.StatusCode, count, outcome.Detail);
                    endpoint.Done(batch.Span);
                    return;
                default:
                    endpoint.Stats.AddRetried(count);
                    var wait = backoff.Next(outcome.RetryAfter);
                    endpoint.Warnings.Retrying(outcome.StatusCode, count, wait, outcome.Detail);
                    await Task.Delay(wait, endpoint.Time, abort).ConfigureAwait(false);
                    break;
            }
        }
    }
}
