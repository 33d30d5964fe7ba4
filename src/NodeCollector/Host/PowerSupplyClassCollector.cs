using System.Collections.Frozen;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>powersupplyclass</c>: each supply in <c>sys/class/power_supply</c> with its numeric attributes
/// (micro-units scaled to amperes, volts, watts and watt-hours, tenths of a degree to degrees) and its text attributes
/// as the labels of <c>node_power_supply_info</c>. A supply's attribute files are listed once; a collection reads them.
/// </summary>
internal sealed class PowerSupplyClassCollector : IHostCollector
{
    private static readonly MetricFamily Info = new("node_power_supply_info", "info of /sys/class/power_supply/<power_supply>.", MetricType.Gauge);

    // sysfs attribute → node_exporter's metric suffix and the divisor to its unit.
    private static readonly FrozenDictionary<string, (string Suffix, double Divisor)> Numbers = new Dictionary<string, (string, double)>
    {
        ["authentic"] = ("authentic", 1), ["calibrate"] = ("calibrate", 1), ["capacity"] = ("capacity", 1),
        ["capacity_alert_max"] = ("capacity_alert_max", 1), ["capacity_alert_min"] = ("capacity_alert_min", 1),
        ["cycle_count"] = ("cyclecount", 1), ["online"] = ("online", 1), ["present"] = ("present", 1),
        ["time_to_empty_now"] = ("time_to_empty_seconds", 1), ["time_to_full_now"] = ("time_to_full_seconds", 1),
        ["current_boot"] = ("current_boot", 1e6), ["current_max"] = ("current_max", 1e6), ["current_now"] = ("current_ampere", 1e6),
        ["energy_empty"] = ("energy_empty", 1e6), ["energy_empty_design"] = ("energy_empty_design", 1e6),
        ["energy_full"] = ("energy_full", 1e6), ["energy_full_design"] = ("energy_full_design", 1e6), ["energy_now"] = ("energy_watthour", 1e6),
        ["voltage_boot"] = ("voltage_boot", 1e6), ["voltage_max"] = ("voltage_max", 1e6), ["voltage_max_design"] = ("voltage_max_design", 1e6),
        ["voltage_min"] = ("voltage_min", 1e6), ["voltage_min_design"] = ("voltage_min_design", 1e6), ["voltage_now"] = ("voltage_volt", 1e6),
        ["voltage_ocv"] = ("voltage_ocv", 1e6), ["charge_control_limit"] = ("charge_control_limit", 1e6),
        ["charge_control_limit_max"] = ("charge_control_limit_max", 1e6), ["charge_counter"] = ("charge_counter", 1e6),
        ["charge_empty"] = ("charge_empty", 1e6), ["charge_empty_design"] = ("charge_empty_design", 1e6), ["charge_full"] = ("charge_full", 1e6),
        ["charge_full_design"] = ("charge_full_design", 1e6), ["charge_now"] = ("charge_ampere", 1e6),
        ["charge_term_current"] = ("charge_term_current", 1e6), ["constant_charge_current"] = ("constant_charge_current", 1e6),
        ["constant_charge_current_max"] = ("constant_charge_current_max", 1e6), ["constant_charge_voltage"] = ("constant_charge_voltage", 1e6),
        ["constant_charge_voltage_max"] = ("constant_charge_voltage_max", 1e6), ["precharge_current"] = ("precharge_current", 1e6),
        ["input_current_limit"] = ("input_current_limit", 1e6), ["power_now"] = ("power_watt", 1e6),
        ["temp"] = ("temp_celsius", 10), ["temp_alert_max"] = ("temp_alert_max_celsius", 10), ["temp_alert_min"] = ("temp_alert_min_celsius", 10),
        ["temp_ambient"] = ("temp_ambient_celsius", 10), ["temp_ambient_max"] = ("temp_ambient_max_celsius", 10),
        ["temp_ambient_min"] = ("temp_ambient_min_celsius", 10), ["temp_max"] = ("temp_max_celsius", 10), ["temp_min"] = ("temp_min_celsius", 10),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Text attributes that become labels of the info series (when not empty); sorted, as labels are written.
    private static readonly string[] InfoAttributes =
        ["capacity_level", "charge_type", "health", "manufacturer", "model_name", "scope", "serial_number", "status", "technology", "type", "usb_type"];

    private static readonly FrozenDictionary<string, MetricFamily> Families = Numbers.Values.ToFrozenDictionary(
        v => v.Suffix, v => new MetricFamily("node_power_supply_" + v.Suffix, v.Suffix + " value of /sys/class/power_supply/<power_supply>.", MetricType.Gauge));

    private readonly string _classDir;
    private readonly FileBuffer _file = new(128);
    private readonly LabelValueCache _strings = new();
    private readonly FamilyGroups _groups = new();
    private readonly Dictionary<string, Supply> _supplies = new(StringComparer.Ordinal);
    private readonly List<Label> _info = [];

    public PowerSupplyClassCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "power_supply");
    }

    public string Name => "powersupplyclass";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing (no power supply class)";
            return false;
        }

        _groups.Clear();
        foreach (var dir in Directory.EnumerateDirectories(_classDir))
        {
            var name = Path.GetFileName(dir);
            if (!_supplies.TryGetValue(name, out var supply))
            {
                supply = new Supply(dir);
                _supplies[name] = supply;
            }

            if (!TryReadSupply(name, supply, out failure))
            {
                return false;
            }
        }

        _groups.WriteTo(writer);
        return true;
    }

    private bool TryReadSupply(string name, Supply supply, out string? failure)
    {
        failure = null;
        var label = new Label("power_supply", name);
        foreach (var (attribute, path) in supply.NumberFiles)
        {
            if (!_file.TryReadValue(path, out var text, out failure))
            {
                // Attributes a driver lists but cannot report right now (EINVAL, ENODATA) are left out, as node_exporter does.
                if (_file.LastFailureIsNoValue)
                {
                    failure = null;
                    continue;
                }

                return false;
            }

            if (!Ascii.TryParseInt64(text, out var value))
            {
                failure = $"{path}: not a number";
                return false;
            }

            var (suffix, divisor) = Numbers[attribute];
            _groups.Add(Families[suffix], label, value / divisor);
        }

        _info.Clear();
        foreach (var (attribute, path) in supply.TextFiles)
        {
            if (!_file.TryReadValue(path, out var text, out failure))
            {
                if (_file.LastFailureIsNoValue)
                {
                    failure = null;
                    continue;
                }

                return false;
            }

            if (!text.IsEmpty)
            {
                _info.Add(new Label(attribute, _strings.Get(text)));
            }
        }

        _info.Add(label);
        _info.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        _groups.Add(Info, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_info), 1);
        return true;
    }

    /// <summary>The attribute files one supply has, found once.</summary>
    private sealed class Supply
    {
        public Supply(string dir)
        {
            var files = Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            NumberFiles = [.. files.Where(PowerSupplyClassCollector.Numbers.ContainsKey).Select(f => (f, Path.Combine(dir, f)))];
            TextFiles = [.. InfoAttributes.Where(files.Contains).Select(f => (f, Path.Combine(dir, f)))];
        }

        public (string Attribute, string Path)[] NumberFiles { get; }

        public (string Attribute, string Path)[] TextFiles { get; }
    }
}
