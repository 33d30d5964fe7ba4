using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeCollector.Config;

/// <summary>
/// Reads one YAML value at a known key path. Every read that fails records a problem with the value's
/// position and returns a harmless fallback, so that one pass over the file reports every problem.
/// Environment references are expanded in scalar values only, never in keys.
/// </summary>
internal sealed class ConfigReader
{
    private readonly Func<string, string?> _environment;

    public ConfigReader(YamlNode? node, string path, ConfigProblems problems, Func<string, string?> environment)
    {
        Node = node;
        Path = path;
        Problems = problems;
        _environment = environment;
    }

    public YamlNode? Node { get; }

    public string Path { get; }

    public ConfigProblems Problems { get; }

    /// <summary>An empty value (<c>key:</c>, <c>~</c>, <c>null</c>): the key keeps its default.</summary>
    public bool IsNull => Node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private Mark Start => Node?.Start ?? Mark.Empty;

    /// <summary>The reader of a mapping's value; validation problems on its path point at the value.</summary>
    public ConfigReader Child(string key, YamlNode node)
    {
        var path = Path.Length == 0 ? key : Path + "." + key;
        Problems.RecordPosition(path, node.Start);
        return new ConfigReader(node, path, Problems, _environment);
    }

    public void Problem(string message) => Problems.Add(Start, Path, message);

    public string String()
    {
        if (Node is not YamlScalarNode scalar)
        {
            Problem("expected a single value, not a list or mapping");
            return "";
        }

        if (!EnvExpander.TryExpand(scalar.Value ?? "", _environment, out var expanded, out var error))
        {
            Problem(error!);
            return "";
        }

        return expanded;
    }

    public Secret Secret() => new(String());

    public bool Bool()
    {
        var text = String();
        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Problem($"\"{text}\" is not a boolean (expected true or false)");
        return false;
    }

    public int Int()
    {
        var text = String();
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem($"\"{text}\" is not an integer");
        return 0;
    }

    public ulong UInt64()
    {
        var text = String();
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem($"\"{text}\" is not a non-negative integer");
        return 0;
    }

    public TimeSpan Duration()
    {
        var text = String();
        if (PromDuration.TryParse(text, out var value))
        {
            return value;
        }

        Problem($"\"{text}\" is not a valid duration (expected numbers with units ms, s, m, h, d, w, y, largest first, e.g. 15s or 1m30s)");
        return TimeSpan.Zero;
    }

    public long Bytes()
    {
        var text = String();
        if (ByteSize.TryParse(text, out var value))
        {
            return value;
        }

        Problem($"\"{text}\" is not a valid size (expected an integer with an optional unit B, KiB, MiB, GiB, TiB, e.g. 256KiB)");
        return 0;
    }

    public IReadOnlyList<string> StringList()
    {
        if (Node is not YamlSequenceNode sequence)
        {
            Problem("expected a list, e.g. [a, b]");
            return [];
        }

        var values = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            values.Add(Item(sequence.Children[i], i).String());
        }

        return values;
    }

    public IReadOnlyDictionary<string, string> StringMap() => Map(r => r.IsNull ? "" : r.String());

    public IReadOnlyDictionary<string, TValue> Map<TValue>(Func<ConfigReader, TValue> read)
    {
        if (Node is not YamlMappingNode mapping)
        {
            Problem("expected a mapping of names to values");
            return new Dictionary<string, TValue>();
        }

        var values = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            values[key] = read(Child(key, valueNode));
        }

        return values;
    }

    public T Object<T>(ConfigSchema<T> schema)
        where T : new() => schema.Bind(this);

    public IReadOnlyList<T> List<T>(ConfigSchema<T> schema)
        where T : new()
    {
        if (Node is not YamlSequenceNode sequence)
        {
            Problem("expected a list");
            return [];
        }

        var items = new List<T>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            items.Add(schema.Bind(Item(sequence.Children[i], i)));
        }

        return items;
    }

    private ConfigReader Item(YamlNode node, int index)
    {
        var path = $"{Path}[{index}]";
        Problems.RecordPosition(path, node.Start);
        return new ConfigReader(node, path, Problems, _environment);
    }
}
