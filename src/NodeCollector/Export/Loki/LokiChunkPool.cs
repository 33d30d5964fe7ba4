namespace NodeCollector.Export.Loki;

/// <summary>
/// The fixed-size chunks that batches copy log lines into, kept for reuse by one batcher. Unlike
/// <c>ArrayPool.Shared</c>, which caches arrays per thread and per core (tailers on some twenty pool threads each
/// kept their own set of batch arenas), what is kept here is capped at <paramref name="keep"/> chunks, so memory stays
/// within the Loki buffer however many threads fill batches. Thread-safe: batches are filled under the batcher's lock
/// and returned by the sender.
/// </summary>
internal sealed class LokiChunkPool(int keep)
{
    /// <summary>Below the 85,000-byte large-object threshold, so a chunk that is not kept is an ordinary young object.</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly Stack<byte[]> _kept = new();

    /// <summary>Chunks for a buffer of <paramref name="bufferBytes"/>: enough to hold it whole, plus one per batch in use.</summary>
    public static LokiChunkPool ForBuffer(long bufferBytes) => new((int)Math.Min(int.MaxValue, (bufferBytes / ChunkSize) + 4));

    /// <summary>Chunks kept now, for tests and self-metrics.</summary>
    public int KeptCount
    {
        get
        {
            lock (_kept)
            {
                return _kept.Count;
            }
        }
    }

    public byte[] Rent()
    {
        lock (_kept)
        {
            if (_kept.TryPop(out var chunk))
            {
                return chunk;
            }
        }

        return new byte[ChunkSize];
    }

    /// <summary>Keeps <paramref name="chunk"/> unless enough are kept already; arrays of another size are left to the GC.</summary>
    public void Return(byte[] chunk)
    {
        if (chunk.Length != ChunkSize)
        {
            return;
        }

        lock (_kept)
        {
            if (_kept.Count < keep)
            {
                _kept.Push(chunk);
            }
        }
    }
}
