using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Keeps one kind of object in the snapshot, as client-go's reflector does: list, then watch from the
/// list's version, applying each event and remembering the last version seen (bookmarks included).
/// A watch the server ends is resumed at once; a dropped or truncated one is resumed from the last version
/// after a backoff; 410 Gone (status or ERROR event) relists; any other error, a malformed or unknown event,
/// relists after a backoff. While recovering, the snapshot is marked stale.
/// </summary>
internal sealed class ListWatchLoop<T>(IListWatchSource<T> source, KubernetesOptions options)
    where T : class, IKubernetesObject
{
    /// <summary>A watch that ends sooner than this without delivering anything is retried after a backoff.</summary>
    private static readonly TimeSpan MinQuietWatch = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = options.Logger;
    private readonly RetryBackoff _backoff = new(options.BackoffInitial, options.BackoffMax, new Random(options.Random.Next()));
    private readonly Random _random = new(options.Random.Next());

    // Advanced by every event applied and every bookmark, so that a resumed watch never replays an event.
    private string _resourceVersion = "";
    private bool _recovering;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var relist = true;
        var expiredInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan? delay = null;
            var operation = relist ? "list" : "watch";
            try
            {
                if (relist)
                {
                    _resourceVersion = await source.ListAndReplaceAsync(cancellationToken).ConfigureAwait(false);
                    _recovering = false;
                    relist = false;
                    _backoff.Reset();
                }

                operation = "watch";
                var outcome = await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                if (outcome.Failed is { } failed)
                {
                    relist = true;
                    expiredInARow = failed.IsGone ? expiredInARow + 1 : 0;
                    delay = failed.IsGone && expiredInARow == 1 ? null : _backoff.NextDelay();
                    if (failed.IsGone)
                    {
                        Log.Expired(_logger, source.Kind, _resourceVersion, failed.Reason);
                    }
                    else
                    {
                        Log.WatchErrorEvent(_logger, source.Kind, failed.StatusCode, failed.Reason, failed.Message, delay ?? TimeSpan.Zero);
                    }
                }
                else
                {
                    expiredInARow = outcome.Applied ? 0 : expiredInARow;
                    Log.WatchEnded(_logger, source.Kind, _resourceVersion);

                    // A server (or proxy) that closes watches at once must not make this a busy loop.
                    if (!outcome.Applied && outcome.Lasted < MinQuietWatch)
                    {
                        delay = _backoff.NextDelay();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubernetesApiException e) when (e.IsGone)
            {
                relist = true;
                expiredInARow++;
                delay = expiredInARow == 1 ? null : _backoff.NextDelay();
                Log.Expired(_logger, source.Kind, _resourceVersion, e.Reason);
            }
            catch (KubernetesApiException e)
            {
                relist = true;
                delay = _backoff.NextDelay();
                Log.RequestFailed(_logger, source.Kind, operation, e.StatusCode, e.Reason, e.Message, delay.Value);
            }
            catch (WatchStreamException e) when (!e.RequiresRelist)
            {
                delay = _backoff.NextDelay();
                Log.WatchDropped(_logger, source.Kind, e.Message, _resourceVersion, delay.Value);
            }
            catch (WatchStreamException e)
            {
                relist = true;
                delay = _backoff.NextDelay();
                Log.WatchStreamInvalid(_logger, source.Kind, e.Failure.ToString(), e.Message, delay.Value);
            }
            catch (TimeoutException e)
            {
                delay = _backoff.NextDelay();
                Log.RequestTimedOut(_logger, source.Kind, operation, e.Message, delay.Value);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                delay = _backoff.NextDelay();
                if (relist)
                {
                    Log.ConnectionFailed(_logger, source.Kind, operation, Describe(e), delay.Value);
                }
                else
                {
                    Log.WatchDropped(_logger, source.Kind, Describe(e), _resourceVersion, delay.Value);
                }
            }
            catch (JsonException e)
            {
                relist = true;
                delay = _backoff.NextDelay();
                Log.RequestFailed(_logger, source.Kind, operation, 0, "InvalidJson", e.Message, delay.Value);
            }
            catch (Exception e)
            {
                // Loop boundary: whatever else went wrong, rebuild the state from a fresh list after a pause
                // rather than stop discovery or keep state of unknown quality.
                relist = true;
                delay = _backoff.NextDelay();
                Log.UnexpectedError(_logger, e, source.Kind, delay.Value);
            }

            if (relist || delay is not null)
            {
                _recovering = true;
                source.SetState(SnapshotState.Stale);
            }

            if (delay is { } wait)
            {
                try
                {
                    await Task.Delay(wait, options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task<WatchOutcome> WatchOnceAsync(CancellationToken cancellationToken)
    {
        var resourceVersion = _resourceVersion;
        var started = options.TimeProvider.GetTimestamp();
        var timeout = options.WatchTimeout * (1 + _random.NextDouble());
        var stream = await source.WatchAsync(resourceVersion, timeout, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (options.Logger.IsEnabled(LogLevel.Debug))
            {
                Log.WatchStarted(_logger, source.Kind, resourceVersion);
            }

            source.SetState(SnapshotState.Current);
            if (_recovering)
            {
                _recovering = false;
                Log.Recovered(_logger, source.Kind, resourceVersion);
            }

            var applied = false;
            await foreach (var watchEvent in stream.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (watchEvent.Type)
                {
                    case WatchEventType.Error:
                        var status = watchEvent.Status;
                        return new WatchOutcome(applied, options.TimeProvider.GetElapsedTime(started), new KubernetesApiException(status?.Code ?? 0, status?.Reason, status?.Message ?? "ERROR event"));
                    case WatchEventType.Bookmark:
                        _resourceVersion = watchEvent.ResourceVersion ?? _resourceVersion;
                        Log.Bookmark(_logger, source.Kind, _resourceVersion);
                        break;
                    default:
                        source.Apply(watchEvent);
                        _resourceVersion = watchEvent.ResourceVersion ?? _resourceVersion;
                        if (!applied)
                        {
                            applied = true;
                            _backoff.Reset();
                        }

                        break;
                }
            }

            return new WatchOutcome(applied, options.TimeProvider.GetElapsedTime(started), null);
        }
    }

    /// <summary>The message with its causes: "SSL connection could not be established" alone hides why.</summary>
    private static string Describe(Exception error)
    {
        var text = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += " -> " + inner.Message;
        }

        return text;
    }

    private readonly record struct WatchOutcome(bool Applied, TimeSpan Lasted, KubernetesApiException? Failed);
}
