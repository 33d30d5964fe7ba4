namespace NodeCollector.Scrape;

/// <summary>
/// Where in its interval a target is scraped: a fixed offset from the target's stable hash mixed with a
/// per-collector seed (the node name), so restarts keep the schedule and targets spread over the interval.
/// </summary>
internal static class ScrapeOffset
{
    public static TimeSpan Of(ulong targetHash, ulong seed, TimeSpan interval)
    {
        var mixed = Mix(targetHash ^ seed);
        return TimeSpan.FromTicks((long)(mixed % (ulong)interval.Ticks));
    }

    /// <summary>The first scrape time at or after <paramref name="now"/> that lies on the target's offset.</summary>
    public static DateTimeOffset NextAfter(DateTimeOffset now, TimeSpan offset, TimeSpan interval)
    {
        var ticks = now.UtcTicks;
        var start = ticks - (ticks % interval.Ticks) + offset.Ticks;
        if (start < ticks)
        {
            start += interval.Ticks;
        }

        return new DateTimeOffset(start, TimeSpan.Zero);
    }

    /// <summary>A 64-bit finalizer (splitmix64), so neighbouring hashes land far apart.</summary>
    private static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xbf58476d1ce4e5b9UL;
        value ^= value >> 27;
        value *= 0x94d049bb133111ebUL;
        return value ^ (value >> 31);
    }
}
