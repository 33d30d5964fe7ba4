using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>rapl</c>: the energy counters (microjoules ÷ 1e6) of the Intel RAPL power zones in
/// <c>sys/class/powercap/intel-rapl:N[:M]</c>, one family per zone name (<c>package-0</c> counts as <c>package</c>)
/// with the zone's index and sysfs path as labels. <c>energy_uj</c> is root-only on current kernels.
/// </summary>
internal sealed class RaplCollector : IHostCollector
{
    private readonly string _powercapDir;
    private readonly FileBuffer _file = new(64);
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<(string Index, string Path, double Joules)>> _zones = new(StringComparer.Ordinal);

    public RaplCollector(HostCollectorContext context)
    {
        _powercapDir = context.Sys("class", "powercap");
    }

    public string Name => "rapl";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_powercapDir))
        {
            failure = $"{_powercapDir}: missing (no RAPL on this machine)";
            return false;
        }

        foreach (var zones in _zones.Values)
        {
            zones.Clear();
        }

        foreach (var dir in Directory.EnumerateDirectories(_powercapDir, "intel-rapl:*").Order(StringComparer.Ordinal))
        {
            var index = dir[(dir.LastIndexOf(':') + 1)..];
            if (!_file.TryReadValue(Path.Combine(dir, "name"), out var nameText, out failure))
            {
                return false;
            }

            var name = ZoneName(System.Text.Encoding.UTF8.GetString(nameText));
            if (!_file.TryReadValue(Path.Combine(dir, "energy_uj"), out var energy, out failure) || !Ascii.TryParseUInt64(energy, out var microjoules))
            {
                failure ??= $"{dir}/energy_uj: not a number";
                return false;
            }

            if (!_zones.TryGetValue(name, out var list))
            {
                _zones[name] = list = [];
            }

            list.Add((index, dir, microjoules / 1000000.0));
        }

        foreach (var (name, zones) in _zones)
        {
            writer.WriteFamily(FamilyFor(name));
            foreach (var (index, path, joules) in zones)
            {
                writer.WriteSample(FamilyFor(name).Name, new Label("index", index), new Label("path", path), joules);
            }
        }

        return true;
    }

    /// <summary>"package-0" → "package"; other names as they are.</summary>
    private static string ZoneName(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash > 0 && dash < name.Length - 1 && name[(dash + 1)..].All(char.IsAsciiDigit) ? name[..dash] : name;
    }

    private MetricFamily FamilyFor(string zone)
    {
        if (!_families.TryGetValue(zone, out var family))
        {
            var metric = new string([.. zone.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
            family = new MetricFamily($"node_rapl_{metric}_joules_total", $"Current RAPL {zone} value in joules", MetricType.Counter);
            _families[zone] = family;
        }

        return family;
    }
}
