using System.Collections.Concurrent;

namespace NodeCollector.Logs;

/// <summary>The counters of log tailing that are not per file: read per pod, missed files, line problems.</summary>
internal sealed class LogsCounters
{
    private long _filesMissed;
    private long _bytesMissed;
    private long _linesTruncated;
    private long _linesMalformed;
    private long _linesInvalidUtf8;
    private long _truncations;
    private long _inodeReuses;
    private long _positionsCorrupt;
    private long _watcherOverflows;

    public ConcurrentDictionary<(string Namespace, string Pod), PodReadCounters> Pods { get; } = new();

    public long FilesMissed => Interlocked.Read(ref _filesMissed);

    public long BytesMissed => Interlocked.Read(ref _bytesMissed);

    public long LinesTruncated => Interlocked.Read(ref _linesTruncated);

    public long LinesMalformed => Interlocked.Read(ref _linesMalformed);

    public long LinesInvalidUtf8 => Interlocked.Read(ref _linesInvalidUtf8);

    /// <summary>Files found shorter than what was read from them: copytruncate, or truncation by hand.</summary>
    public long Truncations => Interlocked.Read(ref _truncations);

    public long InodeReuses => Interlocked.Read(ref _inodeReuses);

    public long PositionsCorrupt => Interlocked.Read(ref _positionsCorrupt);

    /// <summary>File-system notification buffer overflows, each answered by a full listing.</summary>
    public long WatcherOverflows => Interlocked.Read(ref _watcherOverflows);

    public PodReadCounters ForPod(string @namespace, string pod) => Pods.GetOrAdd((@namespace, pod), static _ => new PodReadCounters());

    public void FileMissed(long bytes)
    {
        Interlocked.Increment(ref _filesMissed);
        Interlocked.Add(ref _bytesMissed, Math.Max(0, bytes));
    }

    public void LineTruncated() => Interlocked.Increment(ref _linesTruncated);

    public void LineMalformed() => Interlocked.Increment(ref _linesMalformed);

    public void LineInvalidUtf8() => Interlocked.Increment(ref _linesInvalidUtf8);

    public void Truncation() => Interlocked.Increment(ref _truncations);

    public void InodeReused() => Interlocked.Increment(ref _inodeReuses);

    public void PositionsCorrupted() => Interlocked.Increment(ref _positionsCorrupt);

    public void WatcherOverflowed() => Interlocked.Increment(ref _watcherOverflows);
}
