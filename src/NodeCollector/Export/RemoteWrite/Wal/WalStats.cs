namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>Counters and gauges of the WAL, read by the self-metrics and the status JSON.</summary>
internal sealed class WalStats
{
    private long _samplesAppended;
    private long _corruptions;
    private long _corruptBytes;
    private long _segmentsTruncated;
    private long _appendFailures;
    private long _samplesLostOnAppend;

    public long SamplesAppended => Interlocked.Read(ref _samplesAppended);

    /// <summary>Torn or corrupt tails cut at the last good record (or unreadable segments removed).</summary>
    public long Corruptions => Interlocked.Read(ref _corruptions);

    public long CorruptBytes => Interlocked.Read(ref _corruptBytes);

    /// <summary>Segments deleted because every reader had sent them.</summary>
    public long SegmentsTruncated => Interlocked.Read(ref _segmentsTruncated);

    public long AppendFailures => Interlocked.Read(ref _appendFailures);

    public long SamplesLostOnAppend => Interlocked.Read(ref _samplesLostOnAppend);

    public long SizeBytes { get; set; }

    public int Segments { get; set; }

    public int CurrentSegment { get; set; }

    /// <summary>The newest sample timestamp appended, in ms (Prometheus' highest_timestamp_in_seconds × 1000).</summary>
    public long HighestTimestampMs { get; set; }

    internal void AddAppended(long samples) => Interlocked.Add(ref _samplesAppended, samples);

    internal void AddCorruption(long bytes)
    {
        Interlocked.Increment(ref _corruptions);
        Interlocked.Add(ref _corruptBytes, bytes);
    }

    internal void AddTruncated() => Interlocked.Increment(ref _segmentsTruncated);

    internal void AddAppendFailure(long samples)
    {
        Interlocked.Increment(ref _appendFailures);
        Interlocked.Add(ref _samplesLostOnAppend, samples);
    }
}
