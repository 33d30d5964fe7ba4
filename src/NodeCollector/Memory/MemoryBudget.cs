namespace NodeCollector.Memory;

/// <summary>
/// <c>limits.memory_budget</c>: the one cap on what the collector buffers, divided into a share per consumer (see
/// <see cref="MemoryBudgetPlan"/>). Shares never add up to more than the total.
/// </summary>
internal sealed class MemoryBudget
{
    private readonly Lock _gate = new();
    private readonly List<MemoryBudgetShare> _shares = [];

    public MemoryBudget(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalBytes);
        TotalBytes = totalBytes;
    }

    public long TotalBytes { get; }

    public IReadOnlyList<MemoryBudgetShare> Shares
    {
        get
        {
            lock (_gate)
            {
                return [.. _shares];
            }
        }
    }

    public long AllocatedBytes
    {
        get
        {
            lock (_gate)
            {
                return _shares.Sum(s => s.LimitBytes);
            }
        }
    }

    public long UsedBytes => Shares.Sum(s => s.UsedBytes);

    /// <summary>Gives <paramref name="consumer"/> a share of <paramref name="bytes"/>; throws when the budget has not that much left.</summary>
    public MemoryBudgetShare Allocate(string consumer, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (_shares.Exists(s => s.Consumer == consumer))
            {
                throw new InvalidOperationException($"memory budget: {consumer} already has a share");
            }

            var left = TotalBytes - _shares.Sum(s => s.LimitBytes);
            if (bytes > left)
            {
                throw new InvalidOperationException($"memory budget: {consumer} asks for {bytes} bytes, {left} are left of {TotalBytes}");
            }

            var share = new MemoryBudgetShare(consumer, bytes);
            _shares.Add(share);
            return share;
        }
    }

    public MemoryBudgetShare? Find(string consumer)
    {
        lock (_gate)
        {
            return _shares.Find(s => s.Consumer == consumer);
        }
    }
}
