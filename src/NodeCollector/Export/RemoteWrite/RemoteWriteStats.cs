namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// The counters of one endpoint, named after Prometheus' <c>prometheus_remote_storage_*</c> metrics: the
/// self-metrics and the status JSON read them. Counts are samples unless the name says otherwise.
/// </summary>
internal sealed class RemoteWriteStats
{
    private long _samplesSent;
    private long _samplesFailed;
    private long _samplesRetried;
    private long _droppedRelabel;
    private long _droppedMaxSize;
    private long _droppedMaxAge;
    private long _droppedUnknown;
    private long _samplesPending;
    private long _bytesSent;
    private long _highestSentMs;
    private long _metadataSent;
    private long _metadataFailed;
    private long _metadataRetried;
    private long _metadataBytes;
    private long _walSkippedBytes;

    /// <summary>Samples in every request attempt, retries included (Prometheus' <c>samples_total</c>).</summary>
    public long SamplesSent => Interlocked.Read(ref _samplesSent);

    /// <summary>Samples in requests answered with a final error (4xx other than a retried 429).</summary>
    public long SamplesFailed => Interlocked.Read(ref _samplesFailed);

    /// <summary>Samples in attempts that failed recoverably and were tried again.</summary>
    public long SamplesRetried => Interlocked.Read(ref _samplesRetried);

    public long SamplesDroppedRelabel => Interlocked.Read(ref _droppedRelabel);

    public long SamplesDroppedMaxSize => Interlocked.Read(ref _droppedMaxSize);

    public long SamplesDroppedMaxAge => Interlocked.Read(ref _droppedMaxAge);

    /// <summary>Samples whose series definition was not found (a damaged segment start).</summary>
    public long SamplesDroppedUnknownSeries => Interlocked.Read(ref _droppedUnknown);

    public long SamplesDropped => SamplesDroppedRelabel + SamplesDroppedMaxSize + SamplesDroppedMaxAge + SamplesDroppedUnknownSeries;

    /// <summary>Samples read from the WAL into the shards and not yet written or given up.</summary>
    public long SamplesPending => Interlocked.Read(ref _samplesPending);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long HighestSentTimestampMs => Interlocked.Read(ref _highestSentMs);

    public long MetadataSent => Interlocked.Read(ref _metadataSent);

    public long MetadataFailed => Interlocked.Read(ref _metadataFailed);

    public long MetadataRetried => Interlocked.Read(ref _metadataRetried);

    public long MetadataBytes => Interlocked.Read(ref _metadataBytes);

    /// <summary>WAL bytes a reader stepped over because they were damaged after start.</summary>
    public long WalSkippedBytes => Interlocked.Read(ref _walSkippedBytes);

    public int Shards { get; set; }

    public int DesiredShards { get; set; }

    internal void AddAttempt(int samples, int bytes)
    {
        Interlocked.Add(ref _samplesSent, samples);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void AddFailed(int samples) => Interlocked.Add(ref _samplesFailed, samples);

    internal void AddRetried(int samples) => Interlocked.Add(ref _samplesRetried, samples);

    internal void AddDroppedRelabel(long samples) => Interlocked.Add(ref _droppedRelabel, samples);

    internal void AddDroppedUnknownSeries(long samples) => Interlocked.Add(ref _droppedUnknown, samples);

    internal void AddDroppedByBound(Wal.WalDropReason reason, long samples)
    {
        if (reason == Wal.WalDropReason.MaxSize)
        {
            Interlocked.Add(ref _droppedMaxSize, samples);
        }
        else
        {
            Interlocked.Add(ref _droppedMaxAge, samples);
        }
    }

    internal void AddPending(long samples) => Interlocked.Add(ref _samplesPending, samples);

    internal void ObserveSent(long highestTimestampMs)
    {
        var current = Interlocked.Read(ref _highestSentMs);
        while (highestTimestampMs > current)
        {
            var seen = Interlocked.CompareExchange(ref _highestSentMs, highestTimestampMs, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    internal void AddMetadataAttempt(int families, int bytes)
    {
        Interlocked.Add(ref _metadataSent, families);
        Interlocked.Add(ref _metadataBytes, bytes);
    }

    internal void AddMetadataFailed(int families) => Interlocked.Add(ref _metadataFailed, families);

    internal void AddMetadataRetried(int families) => Interlocked.Add(ref _metadataRetried, families);

    internal void AddWalSkipped(long bytes) => Interlocked.Add(ref _walSkippedBytes, bytes);
}
