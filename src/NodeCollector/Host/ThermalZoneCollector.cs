using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>thermal_zone</c>: zone temperatures (millidegrees ÷ 1000) and cooling device states from
/// <c>sys/class/thermal/{thermal_zoneN,cooling_deviceN}</c>. A zone whose temperature cannot be read is skipped.
/// </summary>
internal sealed class ThermalZoneCollector : IHostCollector
{
    private static readonly MetricFamily Temp = new("node_thermal_zone_temp", "Zone temperature in Celsius", MetricType.Gauge);
    private static readonly MetricFamily CurState = new("node_cooling_device_cur_state", "Current throttle state of the cooling device", MetricType.Gauge);
    private static readonly MetricFamily MaxState = new("node_cooling_device_max_state", "Maximum throttle state of the cooling device", MetricType.Gauge);

    private readonly string _classDir;
    private readonly FileBuffer _file = new(64);
    private readonly LabelValueCache _strings = new();
    private readonly List<(string Number, string Dir)> _zones = [];
    private readonly List<(string Number, string Dir)> _coolers = [];

    public ThermalZoneCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "thermal");
    }

    public string Name => "thermal_zone";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing";
            return false;
        }

        List(_zones, "thermal_zone");
        List(_coolers, "cooling_device");
        writer.WriteFamily(Temp);
        foreach (var (zone, dir) in _zones)
        {
            if (TryReadString(Path.Combine(dir, "type"), out var type) && TryReadNumber(Path.Combine(dir, "temp"), out var millidegrees))
            {
                writer.WriteSample(Temp.Name, new Label("type", type), new Label("zone", zone), millidegrees / 1000.0);
            }
        }

        foreach (var (family, file) in (ReadOnlySpan<(MetricFamily, string)>)[(CurState, "cur_state"), (MaxState, "max_state")])
        {
            writer.WriteFamily(family);
            foreach (var (name, dir) in _coolers)
            {
                if (TryReadString(Path.Combine(dir, "type"), out var type) && TryReadNumber(Path.Combine(dir, file), out var state))
                {
                    writer.WriteSample(family.Name, new Label("name", name), new Label("type", type), state);
                }
            }
        }

        return true;
    }

    private void List(List<(string, string)> entries, string prefix)
    {
        entries.Clear();
        foreach (var dir in Directory.EnumerateDirectories(_classDir, prefix + "*"))
        {
            var number = Path.GetFileName(dir.AsSpan())[prefix.Length..];
            if (!number.IsEmpty && !number.ContainsAnyExceptInRange('0', '9'))
            {
                entries.Add((_strings.Get(number), dir));
            }
        }
    }

    private bool TryReadString(string path, out string value)
    {
        var ok = _file.TryReadValue(path, out var text, out _);
        value = ok ? _strings.Get(text) : "";
        return ok;
    }

    private bool TryReadNumber(string path, out long value)
    {
        value = 0;
        return _file.TryReadValue(path, out var text, out _) && Ascii.TryParseInt64(text, out value);
    }
}
