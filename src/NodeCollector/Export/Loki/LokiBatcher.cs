using Microsoft.Extensions.Logging;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Export.Loki;

/// <summary>
/// The <see cref="ILogSink"/> in front of Loki: copies entries into batches grouped by stream, cut at
/// <c>batch_size</c> or after <c>batch_wait</c>, and hands them to one sender in order. Memory is bounded: buffered
/// bytes (open, ready and in-flight batches) stay within <c>buffer_size</c>, and each source may hold only its fair
/// share (the budget divided by the sources holding or waiting), so a noisy file cannot starve a quiet one; a write
/// over either limit waits (backpressure). When a batch is finished its bytes are released and each source in it is
/// acknowledged; batches finish one at a time and in order, so acknowledgements never overtake an earlier entry.
/// </summary>
internal sealed partial class LokiBatcher : ILogSink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly long _batchSize;
    private readonly TimeSpan _batchWait;
    private readonly int _maxStreams;
    private readonly long _budget;
    private readonly TimeProvider _time;
    private readonly LokiStats _stats;
    private readonly ILogger _logger;
    private readonly Queue<LokiBatch> _ready = new();
    private readonly Dictionary<ILogSource, SourceShare> _shares = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<PendingWrite> _waiting = new();
    private long _admitPass;
    private readonly LokiChunkPool _chunks;
    private LokiBatch _open;
    private readonly Stack<LokiBatch> _spares = new();
    private readonly int _maxSpares;
    private TaskCompletionSource _signal = NewSignal();
    private long _buffered;
    private long _inFlightStreams;
    private bool _flushing;
    private bool _streamLimitLogged;

    public LokiBatcher(long batchSize, TimeSpan batchWait, int maxStreams, long budget, TimeProvider time, LokiStats stats, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        (_batchSize, _batchWait, _maxStreams, _budget) = (batchSize, batchWait, maxStreams, budget);
        (_time, _stats, _logger) = (time, stats, logger);
        _chunks = LokiChunkPool.ForBuffer(budget);
        _maxSpares = (int)Math.Min(16, (budget / Math.Max(1, batchSize)) + 1);
        _open = NewBatch();
    }

    /// <summary>Bytes held in open, ready and in-flight batches (lines plus a small charge per entry).</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _buffered;
            }
        }
    }

    /// <summary>Streams with entries in open, ready or in-flight batches.</summary>
    public long ActiveStreams
    {
        get
        {
            lock (_gate)
            {
                var streams = _inFlightStreams + _open.StreamCount;
                foreach (var batch in _ready)
                {
                    streams += batch.StreamCount;
                }

                return streams;
            }
        }
    }

    /// <summary>Writes waiting for room (backpressure).</summary>
    public int WaitingWrites
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    public ValueTask WriteAsync(ILogSource source, LabelSet streamLabels, LogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(streamLabels);
        cancellationToken.ThrowIfCancellationRequested();
        var size = entry.Line.Length + LokiBatch.EntryOverhead;
        PendingWrite pending;
        lock (_gate)
        {
            _shares.TryGetValue(source, out var share);
            if (share is not { Waiting: > 0 } && CanAdmit(share, size))
            {
                Admit(source, streamLabels, entry, size, share);
                return ValueTask.CompletedTask;
            }

            share ??= AddShare(source);
            share.Waiting++;
            pending = new PendingWrite(source, streamLabels, entry, size);
            pending.Node = _waiting.AddLast(pending);
            Signal();
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.Owner = this;
            pending.Registration = cancellationToken.Register(static state => ((PendingWrite)state!).Owner!.Cancel((PendingWrite)state!), pending);
        }

        return new ValueTask(pending.Task);
    }

    /// <summary>
    /// The next batch for the sender: a full one, or the open one once <c>batch_wait</c> has passed since its first
    /// entry (at once when writers are waiting for room or when flushing). Null once flushing and empty.
    /// </summary>
    public async Task<LokiBatch?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            TimeSpan wait;
            lock (_gate)
            {
                if (_ready.TryDequeue(out var full))
                {
                    _inFlightStreams = full.StreamCount;
                    return full;
                }

                if (!_open.IsEmpty)
                {
                    var elapsed = _time.GetElapsedTime(_open.StartedAt);
                    if (_flushing || _waiting.Count > 0 || elapsed >= _batchWait)
                    {
                        var taken = _open;
                        _open = NewBatch();
                        _inFlightStreams = taken.StreamCount;
                        return taken;
                    }

                    wait = _batchWait - elapsed;
                }
                else if (_flushing)
                {
                    return null;
                }
                else
                {
                    wait = Timeout.InfiniteTimeSpan;
                }

                signal = _signal.Task;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, _time, timer.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// The sender is done with <paramref name="batch"/> (Loki stored it, or rejected part of it with a counted 400):
    /// frees its bytes, lets waiting writers in, and acknowledges each of its sources up to its last entry.
    /// </summary>
    public void Finish(LokiBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            _buffered -= batch.Bytes;
            _inFlightStreams = 0;
            foreach (var (source, held) in batch.Sources)
            {
                if (_shares.TryGetValue(source, out var share))
                {
                    share.Bytes -= held.Bytes;
                    RemoveIfIdle(source, share);
                }
            }

            AdmitWaiting();
        }

        foreach (var (source, held) in batch.Sources)
        {
            source.Acknowledge(held.ResumeOffset);
        }

        batch.Clear();
        lock (_gate)
        {
            if (_spares.Count < _maxSpares)
            {
                _spares.Push(batch);
            }
        }
    }

    /// <summary>From now on batches are handed out without waiting for <c>batch_wait</c>; <see cref="TakeAsync"/> returns null when all is sent.</summary>
    public void BeginFlush()
    {
        lock (_gate)
        {
            _flushing = true;
            Signal();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var pending in _waiting)
            {
                pending.TrySetCanceled();
            }

            _waiting.Clear();
            _open.Dispose();
            foreach (var batch in _ready)
            {
                batch.Dispose();
            }

            _ready.Clear();
        }
    }

    /// <summary>
    /// A finished batch kept for reuse (as many as the buffer holds batches, so batches in flight and queued come back
    /// to be filled again), or a new one. Called under the lock, or from the constructor.
    /// </summary>
    private LokiBatch NewBatch() => _spares.TryPop(out var batch) ? batch : new LokiBatch(_chunks);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds the entry to the open batch; <paramref name="share"/> is the source's share when it has one already.</summary>
    private void Admit(ILogSource source, LabelSet labels, in LogEntry entry, long size, SourceShare? share)
    {
        if (!_open.IsEmpty && _open.Bytes + size > _batchSize)
        {
            _ready.Enqueue(_open);
            _open = NewBatch();
            Signal();
        }

        // Only a batch's first entry records the time (batch_wait runs from it); reading the clock for every line
        // cost 2 % of the logs path's CPU.
        var now = _open.IsEmpty ? _time.GetTimestamp() : 0;

        if (_open.StreamCount >= _maxStreams && !_open.HasStream(labels))
        {
            _open.AddSkipped(source, entry.ResumeOffset, now);
            _stats.AddDropped(LokiDropReason.StreamLimit, 1);
            if (!_streamLimitLogged)
            {
                _streamLimitLogged = true;
                Log.StreamLimitReached(_logger, _maxStreams, LokiLabelText.Format(labels));
            }

            return;
        }

        var wasEmpty = _open.IsEmpty;
        _open.Add(source, labels, entry, now);
        _buffered += size;
        (share ?? AddShare(source)).Bytes += size;
        if (_open.Bytes >= _batchSize)
        {
            _ready.Enqueue(_open);
            _open = NewBatch();
            Signal();
        }
        else if (wasEmpty)
        {
            Signal();
        }
    }

    private void Signal()
    {
        var signal = _signal;
        _signal = NewSignal();
        signal.TrySetResult();
    }
}
