namespace NodeCollector.Kubernetes;

/// <summary>
/// Capped, jittered exponential backoff: the n-th consecutive failure waits a random time between half and
/// all of <c>min(max, initial × 2ⁿ)</c>. Pure state; the caller waits on its own clock. Not thread-safe.
/// </summary>
internal sealed class RetryBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _failures;

    public int Failures => _failures;

    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ceiling = Math.Min(max.Ticks, initial.Ticks * (1L << exponent));
        var jitter = 0.5 + (random.NextDouble() * 0.5);
        return TimeSpan.FromTicks((long)(ceiling * jitter));
    }

    public void Reset() => _failures = 0;
}
