using System.Collections.Concurrent;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Builds <c>prefix + sanitized(key)</c> label names and remembers them, so that a pod update does not
/// allocate its label names again. The memory is bounded: past <see cref="Capacity"/> names it stops
/// remembering new ones.
/// </summary>
internal sealed class PrefixedLabelNames(string prefix)
{
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public string Get(string key)
    {
        if (_names.TryGetValue(key, out var name))
        {
            return name;
        }

        name = prefix + LabelNameSanitizer.Sanitize(key);
        if (_names.Count < Capacity)
        {
            _names.TryAdd(key, name);
        }

        return name;
    }
}
