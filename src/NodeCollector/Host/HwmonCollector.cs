using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>hwmon</c>: the hardware monitoring chips in <c>sys/class/hwmon</c> (temperatures, fans, voltages,
/// power, …) with node_exporter's metric names and units. A chip is named after its device (<c>platform_coretemp_0</c>;
/// with the chip's own name appended when several chips share a device), else its <c>name</c> file, else <c>hwmonN</c>.
/// </summary>
internal sealed class HwmonCollector : IHostCollector
{
    private static readonly MetricFamily ChipNames = new("node_hwmon_chip_names", "Annotation metric for human-readable chip names", MetricType.Gauge);

    private readonly string _classDir;
    private readonly DeviceFilter _chips;
    private readonly FileBuffer _file = new(128);
    private readonly LabelValueCache _strings = new();
    private readonly HwmonSamples _samples = new();
    private readonly List<string> _dirs = [];
    private readonly List<(string Dir, string? Device, string DeviceName, string? Name)> _found = [];
    private List<(Label[] ChipName, HwmonSensorWriter Sensors)> _chipsLaidOut = [];
    private List<string> _laidOutDirs = [];

    public HwmonCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "hwmon");
        _chips = new DeviceFilter(context.Options.Hwmon.ChipExclude, context.Options.Hwmon.ChipInclude);
    }

    public string Name => "hwmon";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing (no hardware monitors)";
            return false;
        }

        // Chips and their sensor files are laid out again only when the set of hwmon directories changes.
        _dirs.Clear();
        _dirs.AddRange(Directory.EnumerateDirectories(_classDir));
        _dirs.Sort(StringComparer.Ordinal);
        if (!_dirs.SequenceEqual(_laidOutDirs, StringComparer.Ordinal))
        {
            LayOut();
        }

        _samples.Clear();
        foreach (var (chipName, sensors) in _chipsLaidOut)
        {
            if (chipName.Length > 0)
            {
                _samples.Add(ChipNames, chipName, 1);
            }

            sensors.Read(_file, _strings, _samples);
        }

        _samples.WriteTo(writer);
        return true;
    }

    private void LayOut()
    {
        _found.Clear();
        foreach (var dir in _dirs)
        {
            var (device, deviceName) = DeviceOf(dir);
            _found.Add((dir, device, deviceName, ReadName(dir)));
        }

        var chips = new List<(Label[], HwmonSensorWriter)>();
        foreach (var (dir, device, deviceName, name) in _found)
        {
            var chip = ChipName(dir, device, deviceName, name);
            if (chip.Length > 0 && !_chips.Excludes(chip))
            {
                chips.Add((name is { Length: > 0 } ? [new("chip", chip), new("chip_name", name)] : [], new HwmonSensorWriter(dir, chip)));
            }
        }

        _chipsLaidOut = chips;
        _laidOutDirs = [.. _dirs];
    }

    private string ChipName(string dir, string? device, string deviceName, string? name)
    {
        if (device is not null && deviceName.Length > 0)
        {
            var shared = _found.Count(f => f.Device == device) > 1;
            return shared && name is { Length: > 0 } ? deviceName + "_" + name : deviceName;
        }

        return name is { Length: > 0 } ? name : Clean(Path.GetFileName(dir));
    }

    /// <summary>The resolved target of a <c>device</c> symlink and its "type_name" from the last two path parts.</summary>
    private static (string? Device, string Name) DeviceOf(string dir)
    {
        var link = new FileInfo(Path.Combine(dir, "device"));
        if (link.LinkTarget is null)
        {
            return (null, "");
        }

        // Relative to where the hwmon directory really is (sys/class/hwmon/hwmonN is itself a symlink).
        var resolvedDir = new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dir;
        var target = Path.GetFullPath(Path.Combine(resolvedDir, link.LinkTarget));
        var deviceName = Clean(Path.GetFileName(target));
        var deviceType = Clean(Path.GetFileName(Path.GetDirectoryName(target) ?? ""));
        return (target, deviceType.Length > 0 && deviceName.Length > 0 ? deviceType + "_" + deviceName : deviceName);
    }

    private string? ReadName(string dir) =>
        _file.TryReadValue(Path.Combine(dir, "name"), out var text, out _) && Clean(Encoding.UTF8.GetString(text)) is { Length: > 0 } clean ? clean : null;

    /// <summary>node_exporter's cleanMetricName: lower case, [^a-z0-9:_] → _, trimmed of _.</summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is ':' or '_' ? c : '_');
        }

        return builder.ToString().Trim('_');
    }
}
