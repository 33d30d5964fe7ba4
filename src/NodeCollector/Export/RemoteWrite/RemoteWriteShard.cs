using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// One sending lane of an endpoint: a bounded queue of samples (<c>capacity</c>) cut into requests of at most
/// <c>max_samples_per_send</c>, or fewer when <c>batch_send_deadline</c> passes. A request is retried until it is
/// written or fails finally; only then does the shard take the next, so a series (always on the same shard)
/// keeps its order.
/// </summary>
internal sealed class RemoteWriteShard
{
    private readonly Channel<QueuedSample> _queue;
    private readonly RemoteWriteSender _sender;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deadline;
    private readonly QueuedSample[] _batch;

    public RemoteWriteShard(RemoteWriteSender sender, int capacity, int maxSamplesPerSend, TimeSpan batchSendDeadline, TimeProvider time)
    {
        _sender = sender;
        _time = time;
        _deadline = batchSendDeadline;
        _batch = new QueuedSample[maxSamplesPerSend];
        _queue = Channel.CreateBounded<QueuedSample>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken abort) => Completion = Task.Run(() => RunAsync(abort), CancellationToken.None);

    /// <summary>Queues a sample; waits while the shard is full (the WAL keeps the rest on disk meanwhile).</summary>
    public ValueTask EnqueueAsync(QueuedSample sample, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(sample) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(sample, cancellationToken);

    /// <summary>No more samples: the shard sends what it has and ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync(CancellationToken abort)
    {
        var reader = _queue.Reader;
        var count = 0;
        CancellationTokenSource? batchTimer = null;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                while (count < _batch.Length && reader.TryRead(out var sample))
                {
                    _batch[count++] = sample;
                }

                if (count == _batch.Length)
                {
                    await SendAsync(count, abort).ConfigureAwait(false);
                    count = 0;
                    DisposeTimer(ref batchTimer);
                    continue;
                }

                if (count == 0)
                {
                    if (!await reader.WaitToReadAsync(abort).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                // A partial batch waits for more samples until its deadline.
                batchTimer ??= CreateTimer(abort);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(batchTimer.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!abort.IsCancellationRequested)
                {
                    more = true;
                    await SendAsync(count, abort).ConfigureAwait(false);
                    count = 0;
                    DisposeTimer(ref batchTimer);
                }

                if (!more)
                {
                    await SendAsync(count, abort).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Stopping: what was not written stays in the WAL for the next start.
        }
        finally
        {
            DisposeTimer(ref batchTimer);
        }
    }

    private CancellationTokenSource CreateTimer(CancellationToken abort)
    {
        // The deadline runs on the injected clock; linking adds the stop request.
        var deadline = new CancellationTokenSource(_deadline, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(abort, deadline.Token);
        linked.Token.Register(static state => ((IDisposable)state!).Dispose(), deadline);
        return linked;
    }

    private static void DisposeTimer(ref CancellationTokenSource? timer)
    {
        if (timer is not null && !timer.IsCancellationRequested)
        {
            timer.Cancel();
        }

        timer?.Dispose();
        timer = null;
    }

    private Task SendAsync(int count, CancellationToken abort) => _sender.SendAsync(_batch.AsMemory(0, count), abort);
}
