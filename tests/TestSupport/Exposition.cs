using System.Text;
using NodeCollector.Metrics;

namespace NodeCollector.TestSupport;

/// <summary>Prometheus text split into families (HELP, TYPE, sample lines), for comparing outputs family by family.</summary>
internal sealed record ExpositionFamily(string Name, string? Help, string? Type, IReadOnlyList<string> Samples)
{
    /// <summary>The family as text, samples sorted (Prometheus does not define series order within a family).</summary>
    public string Text => $"# HELP {Name} {Help}\n# TYPE {Name} {Type}\n" + string.Concat(Samples.Order(StringComparer.Ordinal).Select(s => s + "\n"));
}

internal static class Exposition
{
    /// <summary>Families of a text exposition, after dropping lines that start with one of <paramref name="skipPrefixes"/>.</summary>
    public static Dictionary<string, ExpositionFamily> Parse(string text, IReadOnlyList<string>? skipPrefixes = null)
    {
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var type = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || (skipPrefixes?.Any(p => line.StartsWith(p, StringComparison.Ordinal)) ?? false))
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                current = rest[..space];
                (line[2] == 'H' ? help : type)[current] = rest[(space + 1)..];
                samples.TryAdd(current, []);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var name = line[..nameEnd];
            var family = current is not null && (name == current || name.StartsWith(current + "_", StringComparison.Ordinal)) ? current : name;
            if (!samples.TryGetValue(family, out var list))
            {
                samples[family] = list = [];
            }

            list.Add(line);
        }

        return samples.ToDictionary(
            s => s.Key,
            s => new ExpositionFamily(s.Key, help.GetValueOrDefault(s.Key), type.GetValueOrDefault(s.Key), s.Value),
            StringComparer.Ordinal);
    }

    /// <summary>What a source writes, as Prometheus text 0.0.4.</summary>
    public static string Render(IMetricSource source)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        source.Collect(writer);
        writer.Complete();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
