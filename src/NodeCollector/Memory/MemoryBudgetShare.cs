namespace NodeCollector.Memory;

/// <summary>
/// One consumer's part of <see cref="MemoryBudget"/>. A consumer either reserves bytes here before it holds them
/// (<see cref="TryReserve"/>, false when the share is spent: the caller waits or spills) or sizes a bounded buffer of
/// its own from <see cref="LimitBytes"/> and reports what it holds through <see cref="Observe"/>.
/// </summary>
internal sealed class MemoryBudgetShare
{
    private long _reserved;
    private Func<long>? _observed;

    public MemoryBudgetShare(string consumer, long limitBytes)
    {
        Consumer = consumer;
        LimitBytes = limitBytes;
    }

    public string Consumer { get; }

    public long LimitBytes { get; }

    public long UsedBytes => Interlocked.Read(ref _reserved) + (Volatile.Read(ref _observed)?.Invoke() ?? 0);

    /// <summary>Takes <paramref name="bytes"/> from the share; false, taking nothing, when that would pass the limit.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var current = Interlocked.Read(ref _reserved);
            if (current + bytes > LimitBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _reserved, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (Interlocked.Add(ref _reserved, -bytes) < 0)
        {
            throw new InvalidOperationException($"memory budget share {Consumer}: released more than was reserved");
        }
    }

    /// <summary>For a consumer bounded by its own structure: how many bytes it holds now (read on every scrape of the metric).</summary>
    public void Observe(Func<long> used) => Volatile.Write(ref _observed, used);
}
