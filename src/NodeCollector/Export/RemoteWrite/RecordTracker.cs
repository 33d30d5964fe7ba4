using NodeCollector.Export.RemoteWrite.Wal;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Follows each WAL record read by an endpoint until all of its samples are written or given up, in whatever
/// order the shards finish. The watermark, the start of the oldest unfinished record, is where the endpoint
/// resumes after a restart and what the WAL must keep.
/// </summary>
internal sealed class RecordTracker
{
    private readonly Lock _lock = new();
    private Entry[] _bySequence = new Entry[1024];
    private long _firstSequence;
    private long _nextSequence;
    private WalPosition _readPosition;

    public RecordTracker(WalPosition start)
    {
        _readPosition = start;
    }

    /// <summary>The start of the oldest unfinished record, or the read position when everything read is done.</summary>
    public WalPosition Watermark
    {
        get
        {
            lock (_lock)
            {
                return _firstSequence < _nextSequence ? _bySequence[_firstSequence % _bySequence.Length].Start : _readPosition;
            }
        }
    }

    /// <summary>The sequence the next <see cref="Add"/> returns (the endpoint's single reader tags samples with it first).</summary>
    public long NextSequence
    {
        get
        {
            lock (_lock)
            {
                return _nextSequence;
            }
        }
    }

    /// <summary>Registers a record that was read, with how many of its samples will be sent; returns its sequence.</summary>
    public long Add(WalPosition start, WalPosition end, int samples)
    {
        lock (_lock)
        {
            if (_nextSequence - _firstSequence == _bySequence.Length)
            {
                Grow();
            }

            var sequence = _nextSequence++;
            _bySequence[sequence % _bySequence.Length] = new Entry(start, samples);
            _readPosition = end;
            Advance();
            return sequence;
        }
    }

    /// <summary>Moves the read position on without a record (past a dropped or damaged segment).</summary>
    public void Skip(WalPosition to)
    {
        lock (_lock)
        {
            if (to > _readPosition)
            {
                _readPosition = to;
            }
        }
    }

    public void Complete(ReadOnlySpan<QueuedSample> samples)
    {
        lock (_lock)
        {
            foreach (var sample in samples)
            {
                if (sample.RecordSequence >= _firstSequence)
                {
                    _bySequence[sample.RecordSequence % _bySequence.Length].Remaining--;
                }
            }

            Advance();
        }
    }

    private void Advance()
    {
        while (_firstSequence < _nextSequence && _bySequence[_firstSequence % _bySequence.Length].Remaining <= 0)
        {
            _firstSequence++;
        }
    }

    private void Grow()
    {
        var grown = new Entry[_bySequence.Length * 2];
        for (var s = _firstSequence; s < _nextSequence; s++)
        {
            grown[s % grown.Length] = _bySequence[s % _bySequence.Length];
        }

        _bySequence = grown;
    }

    private struct Entry(WalPosition start, int remaining)
    {
        public readonly WalPosition Start = start;
        public int Remaining = remaining;
    }
}
