namespace NodeCollector.Export.Loki;

/// <summary>The Loki client's counters, read by the self-metrics and by tests. Thread-safe.</summary>
internal sealed class LokiStats
{
    private readonly long[] _dropped = new long[LokiDropReasons.All.Length];
    private long _entriesSent;
    private long _bytesSent;
    private long _encodedBytes;
    private long _requests;
    private long _retries;
    private long _batches;
    private long _metadataTrimmed;

    /// <summary>Entries Loki stored (accepted batches, less the entries a 400 rejected).</summary>
    public long EntriesSent => Interlocked.Read(ref _entriesSent);

    /// <summary>Line bytes of <see cref="EntriesSent"/>'s batches, before compression.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Compressed request bytes put on the wire, every attempt.</summary>
    public long EncodedBytes => Interlocked.Read(ref _encodedBytes);

    /// <summary>HTTP requests made, every attempt.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests that failed in a retryable way and were sent again.</summary>
    public long RetriedRequests => Interlocked.Read(ref _retries);

    /// <summary>Batches finished: accepted, or rejected by a 400 and counted.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Entries sent with structured metadata trimmed to Loki's per-entry limits.</summary>
    public long MetadataTrimmed => Interlocked.Read(ref _metadataTrimmed);

    public long Dropped(LokiDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    public long DroppedTotal
    {
        get
        {
            long total = 0;
            foreach (var reason in LokiDropReasons.All)
            {
                total += Dropped(reason);
            }

            return total;
        }
    }

    public void AddDropped(LokiDropReason reason, long entries) => Interlocked.Add(ref _dropped[(int)reason], entries);

    public void AddRequest(long encodedBytes)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _encodedBytes, encodedBytes);
    }

    public void AddMetadataTrimmed(long entries) => Interlocked.Add(ref _metadataTrimmed, entries);

    public void AddRetry() => Interlocked.Increment(ref _retries);

    public void AddFinished(long entriesStored, long lineBytes)
    {
        Interlocked.Add(ref _entriesSent, entriesStored);
        Interlocked.Add(ref _bytesSent, lineBytes);
        Interlocked.Increment(ref _batches);
    }
}
