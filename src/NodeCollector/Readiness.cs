namespace NodeCollector;

/// <summary>
/// Tracks whether every configured source has started (for <c>/-/ready</c>). A source registers either a probe
/// (asked on every check, e.g. "first pod list succeeded") or a name it marks started itself; with no sources
/// the collector is ready once the server runs.
/// </summary>
internal sealed class Readiness
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Func<bool>> _sources = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);

    /// <summary>Registers a source that is not ready until <see cref="MarkStarted"/> is called with its name.</summary>
    public void Register(string source)
    {
        lock (_lock)
        {
            _sources.TryAdd(source, () => IsMarked(source));
        }
    }

    /// <summary>Registers a source whose readiness <paramref name="probe"/> reports.</summary>
    public void Register(string source, Func<bool> probe)
    {
        lock (_lock)
        {
            _sources[source] = probe;
        }
    }

    public void MarkStarted(string source)
    {
        lock (_lock)
        {
            _started.Add(source);
        }
    }

    /// <summary>The sources that have not started yet, in name order; empty when ready.</summary>
    public IReadOnlyList<string> Pending()
    {
        KeyValuePair<string, Func<bool>>[] sources;
        lock (_lock)
        {
            sources = [.. _sources];
        }

        return [.. sources.Where(s => !s.Value()).Select(s => s.Key).Order(StringComparer.Ordinal)];
    }

    public bool IsReady => Pending().Count == 0;

    private bool IsMarked(string source)
    {
        lock (_lock)
        {
            return _started.Contains(source);
        }
    }
}
