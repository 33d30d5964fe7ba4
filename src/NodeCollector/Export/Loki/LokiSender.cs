using System.Globalization;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Export.Loki;

/// <summary>
/// The one sender: takes batches from the <see cref="LokiBatcher"/> in order, encodes and compresses each once,
/// and pushes it until Loki has taken it (retrying with capped exponential back-off, never giving up while running)
/// or rejected part of it with a 400 (counted by reason, logged once per reason). Only then is the batch finished,
/// which acknowledges its sources. One push is in flight at a time, which keeps acknowledgements in order and each
/// stream's entries in timestamp order across batches.
/// </summary>
internal sealed class LokiSender
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly LokiOptions _options;
    private readonly LokiBatcher _batcher;
    private readonly LokiClient _client;
    private readonly LokiStats _stats;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LokiPushEncoder _encoder = new();
    private readonly bool[] _reasonLogged = new bool[LokiDropReasons.All.Length];
    private int _failuresSinceWarning;
    private int _failuresSinceSuccess;
    private long _lastWarning = long.MinValue;
    private bool _metadataTrimLogged;

    public LokiSender(LokiOptions options, LokiBatcher batcher, LokiClient client, LokiStats stats, TimeProvider time, ILogger logger)
    {
        (_options, _batcher, _client, _stats, _time, _logger) = (options, batcher, client, stats, time, logger);
    }

    /// <summary>Sends until <see cref="LokiBatcher.BeginFlush"/> has drained the batcher, or until <paramref name="abort"/>.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        while (await _batcher.TakeAsync(abort).ConfigureAwait(false) is { } batch)
        {
            if (batch.EntryCount > 0)
            {
                await SendAsync(batch, abort).ConfigureAwait(false);
            }

            _batcher.Finish(batch);
        }
    }

    private async Task SendAsync(LokiBatch batch, CancellationToken abort)
    {
        _encoder.Encode(batch);
        NoteMetadataTrimmed(batch);
        var body = _encoder.Compress();
        var backoff = new Backoff(_options.MinBackoff, _options.MaxBackoff);
        while (true)
        {
            var started = _time.GetTimestamp();
            var outcome = await _client.PushAsync(body, abort).ConfigureAwait(false);
            _stats.AddRequest(body.Length);
            LokiMetrics.RecordRequest(outcome.StatusCode, _time.GetElapsedTime(started));
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Success:
                    NoteSuccess();
                    _stats.AddFinished(batch.EntryCount, batch.LineBytes);
                    return;
                case SendOutcomeKind.Fatal:
                    NoteSuccess();
                    CountRejected(batch, outcome);
                    return;
                default:
                    _stats.AddRetry();
                    var wait = backoff.Next(outcome.RetryAfter);
                    WarnRetrying(batch, outcome, wait);
                    await Task.Delay(wait, _time, abort).ConfigureAwait(false);
                    break;
            }
        }
    }

    private void NoteMetadataTrimmed(LokiBatch batch)
    {
        if (batch.MetadataTrimmedEntries == 0)
        {
            return;
        }

        _stats.AddMetadataTrimmed(batch.MetadataTrimmedEntries);
        if (!_metadataTrimLogged)
        {
            _metadataTrimLogged = true;
            Log.MetadataTrimmed(_logger, batch.MetadataTrimmedEntries, LokiStructuredMetadata.MaxEntries, LokiStructuredMetadata.MaxBytes);
        }
    }

    private void CountRejected(LokiBatch batch, SendOutcome outcome)
    {
        var counts = outcome.StatusCode == 400
            ? LokiRejections.Parse(outcome.Detail, batch.EntryCount)
            : AllOther(batch.EntryCount);
        long rejected = 0;
        foreach (var reason in LokiDropReasons.All)
        {
            var count = counts[(int)reason];
            if (count == 0)
            {
                continue;
            }

            rejected += count;
            _stats.AddDropped(reason, count);
            if (!_reasonLogged[(int)reason])
            {
                _reasonLogged[(int)reason] = true;
                Log.Rejected(_logger, LokiDropReasons.Label(reason), outcome.StatusCode, count, Shorten(outcome.Detail));
            }
        }

        // Loki counts line bytes of what it stored; ours are approximated by the batch's share of stored entries.
        var stored = batch.EntryCount - rejected;
        _stats.AddFinished(stored, batch.EntryCount == 0 ? 0 : batch.LineBytes * stored / batch.EntryCount);
    }

    private static long[] AllOther(int entries)
    {
        var counts = new long[LokiDropReasons.All.Length];
        counts[(int)LokiDropReason.Other] = entries;
        return counts;
    }

    private void WarnRetrying(LokiBatch batch, SendOutcome outcome, TimeSpan wait)
    {
        _failuresSinceWarning++;
        _failuresSinceSuccess++;
        var now = _time.GetTimestamp();
        if (_lastWarning != long.MinValue && _time.GetElapsedTime(_lastWarning, now) < WarningInterval)
        {
            return;
        }

        Log.Retrying(_logger, outcome.StatusCode, batch.EntryCount, PromDuration.Format(wait), Shorten(outcome.Detail), _failuresSinceWarning);
        _lastWarning = now;
        _failuresSinceWarning = 0;
    }

    private void NoteSuccess()
    {
        if (_failuresSinceSuccess > 0)
        {
            Log.Recovered(_logger, _failuresSinceSuccess);
        }

        _failuresSinceSuccess = 0;
        _failuresSinceWarning = 0;
        _lastWarning = long.MinValue;
    }

    private static string Shorten(string detail)
    {
        detail = detail.Trim();
        return detail.Length > 512 ? detail[..512] + "…" : detail;
    }

    internal static string StatusLabel(int status) => status == 0 ? "network" : status.ToString(CultureInfo.InvariantCulture);
}
