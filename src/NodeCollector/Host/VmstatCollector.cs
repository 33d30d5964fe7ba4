using System.Text;
using System.Text.RegularExpressions;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>vmstat</c>: the <c>/proc/vmstat</c> fields matching node_exporter's default
/// <c>--collector.vmstat.fields</c>, as untyped <c>node_vmstat_&lt;field&gt;</c>.
/// </summary>
internal sealed partial class VmstatCollector : IHostCollector
{
    private readonly string _path;
    private readonly FileBuffer _file = new(16384);
    private readonly Dictionary<string, MetricFamily?> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricFamily?>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public VmstatCollector(HostCollectorContext context)
    {
        _path = context.Proc("vmstat");
        _lookup = _families.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name => "vmstat";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        var fields = 0;
        Span<char> name = stackalloc char[128];
        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var key) || key.Length > name.Length
                || !Ascii.NextField(ref line, out var number) || !Ascii.TryParseNumber(number, out var value))
            {
                continue;
            }

            fields++;
            var length = Encoding.ASCII.GetChars(key, name);
            if (FamilyFor(name[..length]) is { } family)
            {
                writer.WriteSingle(family, value);
            }
        }

        if (fields == 0)
        {
            failure = $"{_path}: no fields";
            return false;
        }

        return true;
    }

    /// <summary>The family of a field, or null when the field is not exported; decided once per field name.</summary>
    private MetricFamily? FamilyFor(ReadOnlySpan<char> field)
    {
        if (_lookup.TryGetValue(field, out var family))
        {
            return family;
        }

        if (_families.Count > 1024)
        {
            _families.Clear();
        }

        var key = field.ToString();
        family = DefaultFields().IsMatch(field)
            ? new MetricFamily("node_vmstat_" + key, "/proc/vmstat information field " + key + ".", MetricType.Untyped)
            : null;
        _families[key] = family;
        return family;
    }

    [GeneratedRegex("^(oom_kill|pgpg|pswp|pg.*fault).*", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultFields();
}
