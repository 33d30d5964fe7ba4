using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// Reads one hwmon chip's sensor files (<c>&lt;type&gt;&lt;n&gt;_&lt;property&gt;</c>, also under <c>device/</c>) and
/// turns them into node_exporter's hwmon families: units by sensor type (millivolts, millidegrees, microwatts, …),
/// alarm, fault and beep without units, everything else as "Hardware monitor &lt;type&gt; element &lt;property&gt;".
/// </summary>
internal sealed partial class HwmonSensorWriter
{
    private static readonly MetricFamily SensorLabel = new("node_hwmon_sensor_label", "Label for given chip and sensor", MetricType.Gauge);

    private static readonly HashSet<string> SensorTypes =
        ["vrm", "beep_enable", "update_interval", "in", "cpu", "fan", "pwm", "temp", "curr", "power", "energy", "humidity", "intrusion", "freq"];

    private readonly SortedDictionary<string, (MetricFamily Family, List<(Label[] Labels, double Value)> Samples)> _families = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Dictionary<string, string>> _sensors = new(StringComparer.Ordinal);

    public void Clear()
    {
        foreach (var (_, samples) in _families.Values)
        {
            samples.Clear();
        }
    }

    public void Add(in MetricFamily family, Label[] labels, double value)
    {
        if (!_families.TryGetValue(family.Name, out var entry))
        {
            entry = (family, []);
            _families[family.Name] = entry;
        }

        entry.Samples.Add((labels, value));
    }

    public void WriteTo(IMetricWriter writer)
    {
        foreach (var (family, samples) in _families.Values)
        {
            writer.WriteFamily(family);
            foreach (var (labels, value) in samples)
            {
                writer.WriteSample(family.Name, labels, value);
            }
        }
    }

    public void ReadChip(string dir, string chip, FileBuffer file)
    {
        _sensors.Clear();
        ReadSensorFiles(dir, file);
        var device = Path.Combine(dir, "device");
        if (Directory.Exists(device))
        {
            ReadSensorFiles(device, file);
        }

        foreach (var (sensor, data) in _sensors)
        {
            var type = FileName().Match(sensor).Groups["type"].Value;
            if (data.TryGetValue("label", out var label) && label.Length > 0)
            {
                Add(SensorLabel, [new("chip", chip), new("label", label), new("sensor", sensor)], 1);
            }

            Label[] labels = [new("chip", chip), new("sensor", sensor)];
            switch (type)
            {
                case "beep_enable":
                    Add(Family("node_hwmon_beep_enabled", "Hardware beep enabled"), labels, data.GetValueOrDefault("") == "1" ? 1 : 0);
                    continue;
                case "vrm" when TryParse(data.GetValueOrDefault(""), out var vrm):
                    Add(Family("node_hwmon_voltage_regulator_version", "Hardware voltage regulator"), labels, vrm);
                    continue;
                case "update_interval" when TryParse(data.GetValueOrDefault(""), out var interval):
                    Add(Family("node_hwmon_update_interval_seconds", "Hardware monitor update interval"), labels, interval * 0.001);
                    continue;
                case "vrm" or "update_interval":
                    continue;
            }

            foreach (var (element, text) in data)
            {
                if (element != "label" && TryParse(text, out var value))
                {
                    AddElement(chip, sensor, type, element, value, data, labels);
                }
            }
        }
    }

    private void AddElement(string chip, string sensor, string type, string element, double value, Dictionary<string, string> data, Label[] labels)
    {
        var name = "node_hwmon_" + type;
        if (element == "input")
        {
            name += data.ContainsKey("") ? "_input" : "";
        }
        else if (element.Length > 0)
        {
            name += "_" + HwmonCollector.Clean(element);
        }

        var (metric, help, scaled, kind) = (type, element) switch
        {
            (_, "fault" or "alarm") => (name, $"Hardware sensor {element} status ({type})", value, MetricType.Gauge),
            (_, "beep") => (name + "_enabled", "Hardware monitor sensor has beeping enabled", value, MetricType.Gauge),
            ("in" or "cpu", _) => (name + "_volts", $"Hardware monitor for voltage ({element})", value * 0.001, MetricType.Gauge),
            ("temp", not "type") => (name + "_celsius", $"Hardware monitor for temperature ({(element.Length == 0 ? "input" : element)})", value * 0.001, MetricType.Gauge),
            ("curr", _) => (name + "_amps", $"Hardware monitor for current ({element})", value * 0.001, MetricType.Gauge),
            ("energy", _) => (name + "_joule_total", $"Hardware monitor for joules used so far ({element})", value / 1000000.0, MetricType.Counter),
            ("power", "accuracy") => (name, "Hardware monitor power meter accuracy, as a ratio", value / 1000000.0, MetricType.Gauge),
            ("power", "average_interval" or "average_interval_min" or "average_interval_max") =>
                (name + "_seconds", $"Hardware monitor power usage update interval ({element})", value * 0.001, MetricType.Gauge),
            ("power", _) => (name + "_watt", $"Hardware monitor for power usage in watts ({element})", value / 1000000.0, MetricType.Gauge),
            ("humidity", _) => (name, $"Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) ({element})", value / 1000000.0, MetricType.Gauge),
            ("fan", "input" or "min" or "max" or "target") => (name + "_rpm", $"Hardware monitor for fan revolutions per minute ({element})", value, MetricType.Gauge),
            ("freq", "input") => (name + "_freq_mhz", "Hardware monitor for GPU frequency in MHz", value / 1000000.0, MetricType.Gauge),
            _ => (name, $"Hardware monitor {type} element {element}", value, MetricType.Gauge),
        };

        if (type == "freq" && element == "input")
        {
            // A GPU clock is labelled by what it clocks (sclk, mclk) instead of its sensor number; unlabelled ones are left out.
            if (data.TryGetValue("label", out var clock))
            {
                Add(Family(metric, help, kind), [new("chip", chip), new("sensor", HwmonCollector.Clean(clock))], scaled);
            }

            return;
        }

        Add(Family(metric, help, kind), labels, scaled);
    }

    private void ReadSensorFiles(string dir, FileBuffer file)
    {
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var match = FileName().Match(Path.GetFileName(path));
            if (!match.Success || !SensorTypes.Contains(match.Groups["type"].Value))
            {
                continue;
            }

            var id = match.Groups["id"].Value;
            if (id.Length > 0 && !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            // node_exporter reads one 128-byte chunk; a driver that fails the read leaves the property out.
            if (!file.TryReadValue(path, out var value, out _))
            {
                continue;
            }

            var sensor = match.Groups["type"].Value + (id.Length > 0 ? int.Parse(id, CultureInfo.InvariantCulture) : 0).ToString(CultureInfo.InvariantCulture);
            if (!_sensors.TryGetValue(sensor, out var data))
            {
                _sensors[sensor] = data = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            data[match.Groups["property"].Value] = Encoding.UTF8.GetString(value);
        }
    }

    private MetricFamily Family(string name, string help, MetricType type = MetricType.Gauge) =>
        _families.TryGetValue(name, out var entry) ? entry.Family : new MetricFamily(name, help, type);

    private static bool TryParse(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex("^(?<type>[^0-9]+)(?<id>[0-9]*)?(_(?<property>.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
