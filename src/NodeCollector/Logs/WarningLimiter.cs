namespace NodeCollector.Logs;

/// <summary>
/// Lets a repeated warning through once per <see cref="Interval"/> per kind, counting the ones held back, so a file
/// full of bad lines gives one log event a minute instead of one per line.
/// </summary>
internal sealed class WarningLimiter(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Last, int Held)> _kinds = new(StringComparer.Ordinal);

    /// <summary>True when a warning of <paramref name="kind"/> may be logged now; <paramref name="held"/> is how many were held back since the last.</summary>
    public bool ShouldLog(string kind, out int held)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_kinds.TryGetValue(kind, out var state) && time.GetElapsedTime(state.Last, now) < Interval)
            {
                _kinds[kind] = (state.Last, state.Held + 1);
                held = 0;
                return false;
            }

            held = state.Held;
            _kinds[kind] = (now, 0);
            return true;
        }
    }
}
