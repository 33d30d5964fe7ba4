using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;
using NodeCollector.Config;

namespace NodeCollector.Web.Status;

/// <summary>
/// Writes the effective configuration (file values over defaults, environment references expanded) as YAML with
/// the keys of the configuration file. Every <see cref="Secret"/>, URL credential and header value is redacted
/// (<see cref="Redaction"/>), so the text is safe to show to anyone who can reach the status page.
/// </summary>
internal static class ConfigYamlWriter
{
    /// <summary>Properties whose file key is not their snake_case name.</summary>
    private static readonly Dictionary<string, string> KeyOverrides = new(StringComparer.Ordinal)
    {
        ["Queue"] = "queue_config",
        ["Metadata"] = "metadata_config",
        ["Tls"] = "tls_config",
    };

    public static string Write(CollectorConfig config)
    {
        var yaml = new StringBuilder();
        WriteMapping(yaml, config, 0);
        return yaml.ToString();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "ConfigTypes.ILLink.xml keeps every type of NodeCollector.Config whole.")]
    private static void WriteMapping(StringBuilder yaml, object options, int indent)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.GetIndexParameters().Length > 0)
            {
                continue; // derived values (QueueName, ...) are not keys of the file
            }

            var value = property.GetValue(options);
            if (value is HttpClientOptions http)
            {
                WriteMapping(yaml, http, indent); // its keys sit beside the owner's in the file
                continue;
            }

            WriteEntry(yaml, Key(property.Name), value, indent, property.Name == "Headers");
        }
    }

    private static void WriteEntry(StringBuilder yaml, string key, object? value, int indent, bool redactValues)
    {
        if (value is null)
        {
            return;
        }

        yaml.Append(' ', indent).Append(key).Append(':');
        WriteValue(yaml, value, indent, redactValues);
    }

    private static void WriteValue(StringBuilder yaml, object value, int indent, bool redactValues)
    {
        switch (value)
        {
            case IDictionary map:
                WriteMap(yaml, map, indent, redactValues);
                break;
            case IEnumerable list when value is not string:
                WriteList(yaml, list, indent);
                break;
            default:
                if (Scalar(value) is { } scalar)
                {
                    yaml.Append(' ').Append(scalar).Append('\n');
                }
                else
                {
                    yaml.Append('\n');
                    WriteMapping(yaml, value, indent + 2);
                }

                break;
        }
    }

    private static void WriteMap(StringBuilder yaml, IDictionary map, int indent, bool redactValues)
    {
        if (map.Count == 0)
        {
            yaml.Append(" {}\n");
            return;
        }

        yaml.Append('\n');
        foreach (var key in map.Keys.Cast<object>().Select(k => k.ToString() ?? "").Order(StringComparer.Ordinal))
        {
            var redact = redactValues || Redaction.IsSensitiveName(key);
            var value = redact ? Redaction.Marker : map[key];
            WriteEntry(yaml, Quote(key), value, indent + 2, redactValues: false);
        }
    }

    private static void WriteList(StringBuilder yaml, IEnumerable list, int indent)
    {
        var items = list.Cast<object?>().Where(i => i is not null).ToList();
        if (items.Count == 0)
        {
            yaml.Append(" []\n");
            return;
        }

        yaml.Append('\n');
        foreach (var item in items)
        {
            if (Scalar(item!) is { } scalar)
            {
                yaml.Append(' ', indent + 2).Append("- ").Append(scalar).Append('\n');
                continue;
            }

            // "- " then the item's first key on the same line: write the mapping indented, then fold its first line.
            var nested = new StringBuilder();
            WriteValue(nested, item!, indent + 2, redactValues: false);
            var text = nested.ToString().TrimStart('\n');
            yaml.Append(' ', indent + 2).Append("- ").Append(text.AsSpan(indent + 4));
        }
    }

    private static string? Scalar(object value) => value switch
    {
        Secret secret => Quote(secret.ToString()),
        string text => Quote(text.Contains("://", StringComparison.Ordinal) ? Redaction.Url(text) : text),
        bool flag => flag ? "true" : "false",
        TimeSpan duration => Quote(PromDuration.Format(duration)),
        Enum e => Quote(e.ToString()),
        IFormattable number when value.GetType().IsPrimitive || value is decimal => number.ToString(null, CultureInfo.InvariantCulture),
        _ when value.GetType().Namespace != typeof(CollectorConfig).Namespace => Quote(value.ToString() ?? ""),
        _ => null,
    };

    private static string Key(string propertyName)
    {
        if (KeyOverrides.TryGetValue(propertyName, out var key))
        {
            return key;
        }

        var snake = new StringBuilder(propertyName.Length + 4);
        snake.Append(char.ToLowerInvariant(propertyName[0]));
        for (var i = 1; i < propertyName.Length; i++)
        {
            var c = propertyName[i];
            var wordStart = char.IsUpper(c) && (!char.IsUpper(propertyName[i - 1]) || (i + 1 < propertyName.Length && char.IsLower(propertyName[i + 1])));
            var numberStart = char.IsDigit(c) && !char.IsDigit(propertyName[i - 1]);
            if (wordStart || numberStart)
            {
                snake.Append('_');
            }

            snake.Append(char.ToLowerInvariant(c));
        }

        return snake.ToString();
    }

    /// <summary>A YAML double-quoted scalar: every string is quoted, so no value is read back as another type.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) => quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
