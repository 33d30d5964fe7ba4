using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// The remote-write write-ahead log: one directory of numbered segments. Each collection or scrape is appended as
/// one checksummed record, so a crash loses at most the record being written, never half of one. Readers (one
/// per endpoint) tail the segments; a segment is deleted once every reader is past it, or earlier when the WAL
/// outgrows <c>max_size</c> or a segment outlives <c>max_age</c>; then readers count what they lose.
/// Opening repairs torn tails and always starts a new segment.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _dir;
    private readonly long _maxSize;
    private readonly TimeSpan _maxAge;
    private readonly long _segmentSize;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IWalConsumer> _consumers = [];
    private readonly List<WalSegment> _closed = [];
    private readonly WalCommitEncoder _encoder = new();
    private WalSegment[] _snapshot = [];
    private SafeFileHandle? _handle;
    private WalSegment _current = null!;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private WriteAheadLog(string dir, long maxSize, TimeSpan maxAge, long segmentSize, TimeProvider time, ILogger logger)
    {
        _dir = dir;
        _maxSize = maxSize;
        _maxAge = maxAge;
        _segmentSize = segmentSize;
        _time = time;
        _logger = logger;
    }

    public WalStats Stats { get; } = new();

    public string Directory => _dir;

    /// <summary>Every segment, oldest first, the current one last with its committed length.</summary>
    public IReadOnlyList<WalSegment> Segments => Volatile.Read(ref _snapshot);

    /// <summary>Completes at the next append (readers wait on it when they have read everything).</summary>
    public Task NextAppend => Volatile.Read(ref _appended).Task;

    /// <summary>
    /// Opens the WAL in <paramref name="dir"/>: cuts each segment at its last good record (counting the loss),
    /// removes unreadable ones, and starts a new segment. Segments are <paramref name="segmentSize"/> bytes at most
    /// (default: an eighth of <paramref name="maxSize"/>, at most 128 MiB). Segments must be large next to the
    /// definitions of all live series (about 150 bytes each, 30 MB for 200 k series): a smaller segment would define
    /// most series again for every few samples it holds, writing, reading and decoding the labels over and over.
    /// </summary>
    public static WriteAheadLog Open(string dir, long maxSize, TimeSpan maxAge, TimeProvider time, ILogger logger, long segmentSize = 0)
    {
        System.IO.Directory.CreateDirectory(dir);
        if (segmentSize <= 0)
        {
            segmentSize = Math.Clamp(maxSize / 8, 64 * 1024, 128L << 20);
        }

        var wal = new WriteAheadLog(dir, maxSize, maxAge, segmentSize, time, logger);
        wal.Recover();
        return wal;
    }

    public void AddConsumer(IWalConsumer consumer)
    {
        lock (_lock)
        {
            _consumers.Add(consumer);
        }
    }

    public void RemoveConsumer(IWalConsumer consumer)
    {
        lock (_lock)
        {
            _consumers.Remove(consumer);
        }
    }

    /// <summary>
    /// Appends <paramref name="samples"/> as one record (with the definitions of series new to the segment) and
    /// hands it to the operating system. Returns false when the disk refused it (full, or no segment could be
    /// created); the samples are then counted as lost and logged, and the next append tries again.
    /// </summary>
    public bool Append(ReadOnlySpan<WalSample> samples)
    {
        if (samples.IsEmpty)
        {
            return true;
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (_handle is null)
            {
                if (!TryStartSegment(_current.Index))
                {
                    Stats.AddAppendFailure(samples.Length);
                    Log.WalAppendFailed(_logger, samples.Length, "no segment could be created in " + _dir);
                    return false;
                }

                Publish();
            }

            var length = _encoder.Encode(samples, _current.Index, nowMs);
            if (_current.Length > WalFormat.MagicSize && _current.Length + length > _segmentSize && Roll())
            {
                length = _encoder.Encode(samples, _current.Index, nowMs);
            }

            try
            {
                RandomAccess.Write(_handle!, _encoder.Record, _current.Length);
            }
            catch (IOException e)
            {
                // The segment stays current: the torn bytes lie past its committed length, which readers never
                // pass, and the next record overwrites them.
                Stats.AddAppendFailure(samples.Length);
                Log.WalAppendFailed(_logger, samples.Length, e.Message);
                TryCut(_handle!, _current.Length);
                _encoder.ForgetLastRecord();
                return false;
            }

        long highest = Stats.HighestTimestampMs;
            foreach (var sample in samples)
            {
                highest = Math.Max(highest, sample.TimestampMs);
            }

            Stats.HighestTimestampMs = highest;
            Stats.AddAppended(samples.Length);
            _current = _current with { Length = _current.Length + length, Samples = _current.Samples + samples.Length, LastAppendMs = nowMs };
            Publish();
            EnforceBounds(nowMs);
        }

        var appended = Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        appended.SetResult();
        return true;
    }

    /// <summary>Deletes segments every reader is done with, and applies the size and age bounds.</summary>
    public void Maintain()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                EnforceBounds(_time.GetUtcNow().ToUnixTimeMilliseconds());
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CloseCurrent();
        }
    }

    private void Recover()
    {
        var indexes = new List<int>();
        foreach (var file in System.IO.Directory.EnumerateFiles(_dir))
        {
            if (WalFormat.TryParseSegmentName(Path.GetFileName(file), out var index))
            {
                indexes.Add(index);
            }
        }

        indexes.Sort();
        var next = indexes.Count == 0 ? 0 : indexes[^1] + 1;
        foreach (var index in indexes)
        {
            var path = Path.Combine(_dir, WalFormat.SegmentName(index));
            var scan = WalSegmentScan.Scan(path);
            if (!scan.ValidMagic || scan.ValidLength <= WalFormat.MagicSize && scan.FileLength > WalFormat.MagicSize)
            {
                // Nothing readable: a segment created just before a crash (empty) or one whose start is damaged.
                if (scan.FileLength > 0)
                {
                    Stats.AddCorruption(scan.FileLength);
                    Log.WalSegmentUnreadable(_logger, path, scan.FileLength);
                }

                File.Delete(path);
                continue;
            }

            if (scan.ValidLength < scan.FileLength)
            {
                using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
                {
                    RandomAccess.SetLength(handle, scan.ValidLength);
                }

                Stats.AddCorruption(scan.FileLength - scan.ValidLength);
                Log.WalTailRepaired(_logger, path, scan.ValidLength, scan.FileLength - scan.ValidLength);
            }

            _closed.Add(new WalSegment(index, path, scan.ValidLength, scan.Samples, scan.LastAppendMs == 0 ? FileTimeMs(path) : scan.LastAppendMs));
        }

        // After the highest index ever seen, so a saved reader position never points into a reused name. On a full
        // disk the WAL opens without a current segment and the first append that finds room creates it.
        if (!TryStartSegment(next))
        {
            _current = new WalSegment(next, Path.Combine(_dir, WalFormat.SegmentName(next)), WalFormat.MagicSize, 0, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        Publish();
    }

    private static long FileTimeMs(string path) => new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds();

    /// <summary>Creates segment <paramref name="index"/> and makes it current; false (logged) when the disk refuses.</summary>
    private bool TryStartSegment(int index)
    {
        var path = Path.Combine(_dir, WalFormat.SegmentName(index));
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            RandomAccess.Write(handle, WalFormat.Magic, 0);
        }
        catch (IOException e)
        {
            handle?.Dispose();
            if (handle is not null)
            {
                TryDelete(path);
            }

            Log.WalAppendFailed(_logger, 0, e.Message);
            return false;
        }

        _handle = handle;
        _current = new WalSegment(index, path, WalFormat.MagicSize, 0, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return true;
    }

    /// <summary>Closes the current segment and starts the next; when the next cannot be created the current one goes on.</summary>
    private bool Roll()
    {
        var previous = _current;
        var previousHandle = _handle;
        if (!TryStartSegment(previous.Index + 1))
        {
            return false;
        }

        FlushAndClose(previousHandle);
        _closed.Add(previous);
        Publish();
        return true;
    }

    private void CloseCurrent()
    {
        FlushAndClose(_handle);
        _handle = null;
    }

    private void FlushAndClose(SafeFileHandle? handle)
    {
        if (handle is null)
        {
            return;
        }

        try
        {
            RandomAccess.FlushToDisk(handle);
        }
        catch (IOException e)
        {
            Log.WalAppendFailed(_logger, 0, e.Message);
        }

        handle.Dispose();
    }

    private static void TryCut(SafeFileHandle handle, long length)
    {
        try
        {
            RandomAccess.SetLength(handle, length);
        }
        catch (IOException)
        {
            // The next open cuts the torn record anyway.
        }
    }

    private void Publish()
    {
        // Without a handle the current segment is not on disk yet (the disk refused it): readers must not see it.
        var segments = new WalSegment[_closed.Count + (_handle is null ? 0 : 1)];
        _closed.CopyTo(segments);
        if (_handle is not null)
        {
            segments[^1] = _current;
        }

        long size = 0;
        foreach (var segment in segments)
        {
            size += segment.Length;
        }

        Stats.SizeBytes = size;
        Stats.Segments = segments.Length;
        Stats.CurrentSegment = _current.Index;
        Volatile.Write(ref _snapshot, segments);
    }

    private void EnforceBounds(long nowMs)
    {
        // Without readers (none registered yet) nothing counts as sent: only the bounds apply.
        var needed = _consumers.Count == 0 ? int.MinValue : _current.Index;
        foreach (var consumer in _consumers)
        {
            needed = Math.Min(needed, consumer.Watermark.Segment);
        }

        var changed = false;
        while (_closed.Count > 0)
        {
            var oldest = _closed[0];
            WalDropReason? reason = null;
            if (oldest.Index < needed)
            {
                Stats.AddTruncated();
            }
            else if (Stats.SizeBytes > _maxSize)
            {
                reason = WalDropReason.MaxSize;
            }
            else if (nowMs - oldest.LastAppendMs > (long)_maxAge.TotalMilliseconds)
            {
                reason = WalDropReason.MaxAge;
            }
            else
            {
                break;
            }

            if (reason is { } dropReason)
            {
                foreach (var consumer in _consumers)
                {
                    consumer.OnSegmentDropping(oldest, dropReason);
                }
            }

            _closed.RemoveAt(0);
            TryDelete(oldest.Path);
            Stats.SizeBytes -= oldest.Length;
            changed = true;
        }

        if (changed)
        {
            Publish();
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            Log.WalAppendFailed(_logger, 0, e.Message);
        }
    }
}
