using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// One hwmon chip's sensors (<c>&lt;type&gt;&lt;n&gt;_&lt;property&gt;</c> files, also under <c>device/</c>), laid out once
/// with node_exporter's family, unit and scale for each file; a collection then only reads the values. Units by sensor
/// type (millivolts, millidegrees, microwatts, …), alarm, fault and beep without units, everything else as
/// "Hardware monitor &lt;type&gt; element &lt;property&gt;".
/// </summary>
internal sealed partial class HwmonSensorWriter
{
    private static readonly MetricFamily SensorLabel = new("node_hwmon_sensor_label", "Label for given chip and sensor", MetricType.Gauge);

    private static readonly HashSet<string> SensorTypes =
        ["vrm", "beep_enable", "update_interval", "in", "cpu", "fan", "pwm", "temp", "curr", "power", "energy", "humidity", "intrusion", "freq"];

    private readonly List<Reading> _readings = [];
    private readonly List<(string Sensor, string LabelPath, Label[] Labels)> _labels = [];

    public HwmonSensorWriter(string dir, string chip)
    {
        var sensors = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Discover(dir, sensors);
        if (Directory.Exists(Path.Combine(dir, "device")))
        {
            Discover(Path.Combine(dir, "device"), sensors);
        }

        foreach (var (sensor, files) in sensors)
        {
            var type = FileName().Match(sensor).Groups["type"].Value;
            Label[] labels = [new("chip", chip), new("sensor", sensor)];
            if (files.TryGetValue("label", out var labelPath))
            {
                _labels.Add((sensor, labelPath, [new("chip", chip), new("label", ""), new("sensor", sensor)]));
            }

            foreach (var (property, path) in files)
            {
                if (property != "label" && Layout(type, property, files) is { } layout)
                {
                    var freqLabel = type == "freq" && property == "input" ? files.GetValueOrDefault("label") : null;
                    if (type == "freq" && property == "input" && freqLabel is null)
                    {
                        continue;
                    }

                    _readings.Add(new Reading(path, layout.Family, layout.Scale, layout.BeepEnable, labels, freqLabel, chip));
                }
            }
        }
    }

    /// <summary>Reads every value of the chip into <paramref name="samples"/> (by family name).</summary>
    public void Read(FileBuffer file, LabelValueCache strings, HwmonSamples samples)
    {
        foreach (var (_, path, labels) in _labels)
        {
            if (file.TryReadValue(path, out var text, out _) && !text.IsEmpty)
            {
                labels[1] = new Label("label", strings.Get(text));
                samples.Add(SensorLabel, labels, 1);
            }
        }

        foreach (var reading in _readings)
        {
            if (!file.TryReadValue(reading.Path, out var text, out _))
            {
                continue;
            }

            if (reading.BeepEnable)
            {
                samples.Add(reading.Family, reading.Labels, text.SequenceEqual("1"u8) ? 1 : 0);
                continue;
            }

            if (!Ascii.TryParseDouble(text, out var value))
            {
                continue;
            }

            var labels = reading.Labels;
            if (reading.FreqLabelPath is not null)
            {
                // A GPU clock is labelled by what it clocks (sclk, mclk) instead of its sensor number.
                if (!file.TryReadValue(reading.FreqLabelPath, out var clock, out _))
                {
                    continue;
                }

                labels = [new("chip", reading.Chip), new("sensor", strings.Get(HwmonCollector.Clean(Encoding.UTF8.GetString(clock))))];
            }

            samples.Add(reading.Family, labels, reading.Scale switch
            {
                0 => value,
                < 0 => value / 1000000.0,
                _ => value * reading.Scale,
            });
        }
    }

    private static (MetricFamily Family, double Scale, bool BeepEnable)? Layout(string type, string element, Dictionary<string, string> files)
    {
        switch (type)
        {
            case "beep_enable":
                return element.Length == 0 ? (new("node_hwmon_beep_enabled", "Hardware beep enabled", MetricType.Gauge), 0, true) : null;
            case "vrm":
                return element.Length == 0 ? (new("node_hwmon_voltage_regulator_version", "Hardware voltage regulator", MetricType.Gauge), 0, false) : null;
            case "update_interval":
                return element.Length == 0 ? (new("node_hwmon_update_interval_seconds", "Hardware monitor update interval", MetricType.Gauge), 0.001, false) : null;
        }

        var name = "node_hwmon_" + type;
        if (element == "input")
        {
            name += files.ContainsKey("") ? "_input" : "";
        }
        else if (element.Length > 0)
        {
            name += "_" + HwmonCollector.Clean(element);
        }

        // Scale 0 means the value as it is; divisions by 1e6 are written as node_exporter writes them (value / 1e6).
        var (metric, help, scale, kind) = (type, element) switch
        {
            (_, "fault" or "alarm") => (name, $"Hardware sensor {element} status ({type})", 0, MetricType.Gauge),
            (_, "beep") => (name + "_enabled", "Hardware monitor sensor has beeping enabled", 0, MetricType.Gauge),
            ("in" or "cpu", _) => (name + "_volts", $"Hardware monitor for voltage ({element})", 0.001, MetricType.Gauge),
            ("temp", not "type") => (name + "_celsius", $"Hardware monitor for temperature ({(element.Length == 0 ? "input" : element)})", 0.001, MetricType.Gauge),
            ("curr", _) => (name + "_amps", $"Hardware monitor for current ({element})", 0.001, MetricType.Gauge),
            ("energy", _) => (name + "_joule_total", $"Hardware monitor for joules used so far ({element})", -1, MetricType.Counter),
            ("power", "accuracy") => (name, "Hardware monitor power meter accuracy, as a ratio", -1, MetricType.Gauge),
            ("power", "average_interval" or "average_interval_min" or "average_interval_max") =>
                (name + "_seconds", $"Hardware monitor power usage update interval ({element})", 0.001, MetricType.Gauge),
            ("power", _) => (name + "_watt", $"Hardware monitor for power usage in watts ({element})", -1, MetricType.Gauge),
            ("humidity", _) => (name, $"Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) ({element})", -1, MetricType.Gauge),
            ("fan", "input" or "min" or "max" or "target") => (name + "_rpm", $"Hardware monitor for fan revolutions per minute ({element})", 0, MetricType.Gauge),
            ("freq", "input") => (name + "_freq_mhz", "Hardware monitor for GPU frequency in MHz", -1, MetricType.Gauge),
            _ => (name, $"Hardware monitor {type} element {element}", 0, MetricType.Gauge),
        };
        return (new MetricFamily(metric, help, kind), scale, false);
    }

    private static void Discover(string dir, SortedDictionary<string, Dictionary<string, string>> sensors)
    {
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            var match = FileName().Match(Path.GetFileName(path));
            var id = match.Groups["id"].Value;
            if (!match.Success || !SensorTypes.Contains(match.Groups["type"].Value)
                || (id.Length > 0 && !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                continue;
            }

            var sensor = match.Groups["type"].Value + (id.Length > 0 ? int.Parse(id, CultureInfo.InvariantCulture) : 0).ToString(CultureInfo.InvariantCulture);
            if (!sensors.TryGetValue(sensor, out var files))
            {
                sensors[sensor] = files = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            files[match.Groups["property"].Value] = path;
        }
    }

    [GeneratedRegex("^(?<type>[^0-9]+)(?<id>[0-9]*)?(_(?<property>.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    /// <summary>One value file: where it is, which family it feeds and how it is scaled (-1: divided by 1e6).</summary>
    private sealed record Reading(string Path, MetricFamily Family, double Scale, bool BeepEnable, Label[] Labels, string? FreqLabelPath, string Chip);
}

/// <summary>The hwmon samples of one collection, grouped by family; lists are kept between collections.</summary>
internal sealed class HwmonSamples
{
    private readonly SortedDictionary<string, (MetricFamily Family, List<(Label[] Labels, double Value)> Samples)> _families = new(StringComparer.Ordinal);

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

        // Sensor labels share one array per sensor whose label value changes per read: keep a copy.
        entry.Samples.Add((string.Equals(family.Name, "node_hwmon_sensor_label", StringComparison.Ordinal) ? [.. labels] : labels, value));
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
}
