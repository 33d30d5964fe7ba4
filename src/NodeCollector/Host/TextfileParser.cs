using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Scrape;

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
    public static bool TryParse(ReadOnlyMemory<byte> text, string path, out List<TextfileFamily> families, out string? error)
    {
        families = [];
        error = null;
        var byName = new Dictionary<string, TextfileFamily>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, MetricType>(StringComparer.Ordinal);
        var parser = new ExpositionParser();
        parser.Reset(text, openMetrics: false);
        while (parser.Next())
        {
            var name = System.Text.Encoding.UTF8.GetString(parser.MetricName);
            switch (parser.Entry)
            {
                case ExpositionEntry.Help:
                    help[name] = parser.Text;
                    continue;
                case ExpositionEntry.Type:
                    types[name] = parser.Type;
                    continue;
                case ExpositionEntry.Series when parser.TimestampMs is not null:
                    error = $"{path}:{parser.Line}: client-side timestamps are not supported";
                    return false;
                case ExpositionEntry.Series:
                    break;
                default:
                    continue;
            }

            var familyName = FamilyName(name, types);
            if (!byName.TryGetValue(familyName, out var family))
            {
                var type = types.GetValueOrDefault(familyName, MetricType.Untyped);
                family = new TextfileFamily(new MetricFamily(familyName, help.GetValueOrDefault(familyName, "Metric read from " + path), type), []);
                byName[familyName] = family;
                families.Add(family);
            }

            family.Samples.Add((name, SortedLabels(parser), parser.Value));
        }

        if (parser.Error is { } parseError)
        {
            error = $"{path}:{parseError.Line}: {parseError.Reason}";
            return false;
        }

        // HELP may follow the first sample of its family.
        for (var i = 0; i < families.Count; i++)
        {
            if (help.TryGetValue(families[i].Family.Name, out var familyHelp))
            {
                families[i] = families[i] with { Family = families[i].Family with { Help = familyHelp } };
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

    private static Label[] SortedLabels(ExpositionParser parser)
    {
        var labels = new List<Label>(parser.LabelCount);
        for (var i = 0; i < parser.LabelCount; i++)
        {
            var value = parser.LabelValue(i);
            if (value.Length > 0)
            {
                labels.Add(new Label(parser.LabelName(i), value));
            }
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. labels];
    }
}
