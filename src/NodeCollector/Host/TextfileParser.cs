using System.Globalization;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>One family parsed from a <c>*.prom</c> file, with its samples (labels sorted by name, as Prometheus writes them).</summary>
internal sealed record TextfileFamily(MetricFamily Family, List<(string Name, Label[] Labels, double Value)> Samples);

/// <summary>
/// Parses Prometheus text format 0.0.4 as node_exporter's textfile collector accepts it: HELP and TYPE comments,
/// samples with optional labels, histogram and summary series under their family; a family without HELP gets
/// "Metric read from &lt;file&gt;". Client-side timestamps are refused, as node_exporter refuses them.
/// </summary>
internal static class TextfileParser
{
    public static bool TryParse(string text, string path, out List<TextfileFamily> families, out string? error)
    {
        families = [];
        error = null;
        var byName = new Dictionary<string, TextfileFamily>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, MetricType>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var parts = line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 3 && parts[1] == "HELP")
                {
                    help[parts[2]] = parts.Length > 3 ? Unescape(parts[3], quoted: false) : "";
                }
                else if (parts.Length >= 4 && parts[1] == "TYPE")
                {
                    types[parts[2]] = parts[3] switch
                    {
                        "counter" => MetricType.Counter,
                        "gauge" => MetricType.Gauge,
                        "histogram" => MetricType.Histogram,
                        "summary" => MetricType.Summary,
                        _ => MetricType.Untyped,
                    };
                }

                continue;
            }

            if (!TryParseSample(line, out var name, out var labels, out var value, out var hasTimestamp))
            {
                error = $"{path}:{lineNumber}: not a valid sample";
                return false;
            }

            if (hasTimestamp)
            {
                error = $"{path}:{lineNumber}: client-side timestamps are not supported";
                return false;
            }

            var familyName = FamilyName(name, types);
            if (!byName.TryGetValue(familyName, out var family))
            {
                var type = types.GetValueOrDefault(familyName, MetricType.Untyped);
                family = new TextfileFamily(new MetricFamily(familyName, help.GetValueOrDefault(familyName, "Metric read from " + path), type), []);
                byName[familyName] = family;
                families.Add(family);
            }

            family.Samples.Add((name, labels, value));
        }

        // HELP may follow the first sample of its family.
        for (var i = 0; i < families.Count; i++)
        {
            if (help.TryGetValue(families[i].Family.Name, out var text2))
            {
                families[i] = families[i] with { Family = families[i].Family with { Help = text2 } };
            }
        }

        return true;
    }

    private static string FamilyName(string name, Dictionary<string, MetricType> types)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(name[..^suffix.Length], out var type) && (type == MetricType.Histogram || (type == MetricType.Summary && suffix != "_bucket")))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static bool TryParseSample(string line, out string name, out Label[] labels, out double value, out bool hasTimestamp)
    {
        labels = [];
        value = 0;
        hasTimestamp = false;
        var end = 0;
        while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] is '_' or ':'))
        {
            end++;
        }

        name = line[..end];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        var rest = line.AsSpan(end).TrimStart();
        if (!rest.IsEmpty && rest[0] == '{')
        {
            if (!TryParseLabels(ref rest, out labels))
            {
                return false;
            }
        }

        var fields = rest.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        hasTimestamp = fields.Length == 2;
        return fields.Length is 1 or 2 && TryParseValue(fields[0], out value);
    }

    private static bool TryParseLabels(ref ReadOnlySpan<char> rest, out Label[] labels)
    {
        var list = new List<Label>();
        labels = [];
        rest = rest[1..];
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty)
            {
                return false;
            }

            if (rest[0] == '}')
            {
                rest = rest[1..];
                break;
            }

            var equals = rest.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var labelName = rest[..equals].Trim().ToString();
            rest = rest[(equals + 1)..].TrimStart();
            if (rest.IsEmpty || rest[0] != '"')
            {
                return false;
            }

            var close = 1;
            while (close < rest.Length && rest[close] != '"')
            {
                close += rest[close] == '\\' ? 2 : 1;
            }

            if (close >= rest.Length)
            {
                return false;
            }

            list.Add(new Label(labelName, Unescape(rest[1..close].ToString(), quoted: true)));
            rest = rest[(close + 1)..].TrimStart();
            if (!rest.IsEmpty && rest[0] == ',')
            {
                rest = rest[1..];
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        labels = [.. list];
        return true;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Unescape(string text, bool quoted) =>
        !text.Contains('\\', StringComparison.Ordinal) ? text
            : text.Replace("\\\\", "\u0000", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal)
                .Replace(quoted ? "\\\"" : "\u0001", "\"", StringComparison.Ordinal).Replace("\u0000", "\\", StringComparison.Ordinal);
}
