namespace NodeCollector.Host;

/// <summary>The collector runs one scrape waits for, with a deadline. A run that returns after the deadline signals a round nobody waits on.</summary>
internal sealed class ScrapeRound
{
    private readonly object _lock = new();
    private int _pending;

    public void Add()
    {
        lock (_lock)
        {
            _pending++;
        }
    }

    public void Signal()
    {
        lock (_lock)
        {
            if (--_pending == 0)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>Waits until every run has signalled or <paramref name="timeout"/> has passed; true when all finished.</summary>
    public bool Wait(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lock)
        {
            while (_pending > 0)
            {
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0 || !Monitor.Wait(_lock, (int)Math.Min(remaining, int.MaxValue)))
                {
                    return _pending == 0;
                }
            }

            return true;
        }
    }
}
