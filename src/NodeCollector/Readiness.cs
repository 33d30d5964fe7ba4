namespace NodeCollector;

/// <summary>
/// Tracks whether every configured source has started (for <c>/-/ready</c>). Sources register at construction
/// and mark themselves started; with no sources the collector is ready once the server runs.
/// </summary>
internal sealed class Readiness
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _sources = new(StringComparer.Ordinal);

    /// <summary>Registers a source that is not ready until <see cref="MarkStarted"/> is called with its name.</summary>
    public void Register(string source)
    {
        lock (_lock)
        {
            _sources.TryAdd(source, false);
        }
    }

    public void MarkStarted(string source)
    {
        lock (_lock)
        {
            _sources[source] = true;
        }
    }

    /// <summary>The sources that have not started yet, in name order; empty when ready.</summary>
    public IReadOnlyList<string> Pending()
    {
        lock (_lock)
        {
            return [.. _sources.Where(s => !s.Value).Select(s => s.Key).Order(StringComparer.Ordinal)];
        }
    }

    public bool IsReady => Pending().Count == 0;
}
