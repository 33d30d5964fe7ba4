namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Capped exponential back-off as Prometheus does it: the first retry waits <c>min_backoff</c>, each later one
/// twice as long up to <c>max_backoff</c>; a server's <c>Retry-After</c> replaces the wait for that retry.
/// A pure state machine: the caller sleeps on its own clock.
/// </summary>
internal struct Backoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        _next = min;
    }

    /// <summary>The wait before the next retry; <paramref name="retryAfter"/> (from the server) wins when given.</summary>
    public TimeSpan Next(TimeSpan? retryAfter = null)
    {
        var wait = retryAfter is { } server && server >= TimeSpan.Zero ? server : _next;
        var doubled = _next * 2;
        _next = doubled > _max ? _max : doubled;
        return wait;
    }

    public void Reset() => _next = _min;
}
