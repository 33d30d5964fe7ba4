using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>time</c>: the clock (<c>node_time_seconds</c>), the local time zone's offset, and the kernel's
/// available and current clocksources from <c>sys/devices/system/clocksource/clocksourceN</c>.
/// </summary>
internal sealed class TimeCollector : IHostCollector
{
    private static readonly MetricFamily Now = new("node_time_seconds", "System time in seconds since epoch (1970).", MetricType.Gauge);
    private static readonly MetricFamily ZoneOffset = new("node_time_zone_offset_seconds", "System time zone offset in seconds.", MetricType.Gauge);

    private static readonly MetricFamily Available =
        new("node_time_clocksource_available_info", "Available clocksources read from '/sys/devices/system/clocksource'.", MetricType.Gauge);

    private static readonly MetricFamily Current =
        new("node_time_clocksource_current_info", "Current clocksource read from '/sys/devices/system/clocksource'.", MetricType.Gauge);

    private readonly TimeProvider _time;
    private readonly string _clocksourceDir;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _names = new();
    private (string Device, string Available, string Current)[]? _devices;
    private (string Standard, string Daylight)? _abbreviations;

    public TimeCollector(HostCollectorContext context)
    {
        _time = context.Time;
        _clocksourceDir = context.Sys("devices", "system", "clocksource");
    }

    public string Name => "time";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        var now = _time.GetUtcNow();
        writer.WriteSingle(Now, (now - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond);
        var zone = _time.LocalTimeZone;
        var offset = zone.GetUtcOffset(now);
        writer.WriteFamily(ZoneOffset);
        _abbreviations ??= TimeZoneAbbreviation.ForLocalZone(zone);
        writer.WriteSample(ZoneOffset.Name, "time_zone", zone.IsDaylightSavingTime(now) ? _abbreviations.Value.Daylight : _abbreviations.Value.Standard, offset.TotalSeconds);

        // The clocksource devices are fixed at boot; list them once.
        _devices ??= Directory.Exists(_clocksourceDir)
            ? [.. Directory.EnumerateDirectories(_clocksourceDir, "clocksource*")
                .Select(d => (Path.GetFileName(d)["clocksource".Length..], Path.Combine(d, "available_clocksource"), Path.Combine(d, "current_clocksource")))
                .Where(d => d.Item1.Length > 0 && d.Item1.All(char.IsAsciiDigit))]
            : [];
        writer.WriteFamily(Available);
        foreach (var (device, available, _) in _devices)
        {
            if (!_file.TryReadValue(available, out var list, out failure))
            {
                return false;
            }

            while (Ascii.NextField(ref list, out var source))
            {
                writer.WriteSample(Available.Name, new Label("clocksource", _names.Get(source)), new Label("device", device), 1);
            }
        }

        writer.WriteFamily(Current);
        foreach (var (device, _, current) in _devices)
        {
            if (!_file.TryReadValue(current, out var source, out failure))
            {
                return false;
            }

            writer.WriteSample(Current.Name, new Label("clocksource", _names.Get(source)), new Label("device", device), 1);
        }

        failure = null;
        return true;
    }
}
