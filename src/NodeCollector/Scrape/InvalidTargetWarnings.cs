using Microsoft.Extensions.Logging;

namespace NodeCollector.Scrape;

/// <summary>
/// Rate-limits the warning about a discovered target that relabeling made invalid: every sync (each pod change)
/// sees it again, so it is logged when it first appears and then at most once per <see cref="Repeat"/> while it
/// stays; one that goes and comes back is logged again.
/// </summary>
internal sealed class InvalidTargetWarnings(string job, ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan Repeat = TimeSpan.FromMinutes(10);

    private Dictionary<string, DateTimeOffset> _logged = new(StringComparer.Ordinal);
    private Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>Reports one invalid target of the sync in progress.</summary>
    public void Report(string labels, string reason)
    {
        var key = labels + "\n" + reason;
        var now = time.GetUtcNow();
        if (!_logged.TryGetValue(key, out var last) || now - last >= Repeat)
        {
            Log.TargetInvalid(logger, job, labels, reason);
            last = now;
        }

        _seen[key] = last;
    }

    /// <summary>Ends a sync: forgets the targets it did not report.</summary>
    public void EndSync()
    {
        (_logged, _seen) = (_seen, _logged);
        _seen.Clear();
    }
}
