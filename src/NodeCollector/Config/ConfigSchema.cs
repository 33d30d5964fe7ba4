using YamlDotNet.RepresentationModel;

namespace NodeCollector.Config;

/// <summary>
/// The keys an options type accepts and how each is read. Binding a mapping creates the options with their
/// defaults, reads every known key and reports every unknown one (with a suggestion when one is close).
/// </summary>
internal sealed class ConfigSchema<T>
    where T : new()
{
    private readonly Dictionary<string, Action<T, ConfigReader>> _fields = new(StringComparer.Ordinal);

    public ConfigSchema<T> Field(string key, Action<T, ConfigReader> read)
    {
        _fields.Add(key, read);
        return this;
    }

    public IEnumerable<string> Keys => _fields.Keys;

    public T Bind(ConfigReader reader)
    {
        var options = new T();
        if (reader.Node is null || reader.IsNull)
        {
            return options;
        }

        if (reader.Node is not YamlMappingNode mapping)
        {
            reader.Problem("expected a mapping of keys to values");
            return options;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var child = reader.Child(key, valueNode);
            if (_fields.TryGetValue(key, out var read))
            {
                if (!child.IsNull)
                {
                    read(options, child);
                }
            }
            else
            {
                reader.Problems.Add(keyNode.Start, child.Path, UnknownKeyMessage(key));
            }
        }

        return options;
    }

    private string UnknownKeyMessage(string key)
    {
        var closest = _fields.Keys
            .Select(k => (Key: k, Distance: EditDistance(key, k)))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();
        var known = string.Join(", ", _fields.Keys.Order(StringComparer.Ordinal));
        return closest is null
            ? $"unknown key \"{key}\" (known keys: {known})"
            : $"unknown key \"{key}\"; did you mean \"{closest}\"? (known keys: {known})";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
