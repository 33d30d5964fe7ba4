using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>cpufreq</c>: per CPU thread, the hardware and scaling frequencies (kHz × 1000) and the governors
/// from <c>sys/devices/system/cpu/cpuN/cpufreq</c>. A value the kernel does not provide is left out.
/// </summary>
internal sealed class CpufreqCollector : IHostCollector
{
    private static readonly (string File, MetricFamily Family)[] Frequencies =
    [
        ("cpuinfo_cur_freq", new("node_cpu_frequency_hertz", "Current CPU thread frequency in hertz.", MetricType.Gauge)),
        ("cpuinfo_max_freq", new("node_cpu_frequency_max_hertz", "Maximum CPU thread frequency in hertz.", MetricType.Gauge)),
        ("cpuinfo_min_freq", new("node_cpu_frequency_min_hertz", "Minimum CPU thread frequency in hertz.", MetricType.Gauge)),
        ("scaling_cur_freq", new("node_cpu_scaling_frequency_hertz", "Current scaled CPU thread frequency in hertz.", MetricType.Gauge)),
        ("scaling_max_freq", new("node_cpu_scaling_frequency_max_hertz", "Maximum scaled CPU thread frequency in hertz.", MetricType.Gauge)),
        ("scaling_min_freq", new("node_cpu_scaling_frequency_min_hertz", "Minimum scaled CPU thread frequency in hertz.", MetricType.Gauge)),
    ];

    private static readonly MetricFamily Governor = new("node_cpu_scaling_governor", "Current enabled CPU frequency governor.", MetricType.Gauge);

    private readonly string _cpuDir;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _strings = new();
    private (string Cpu, string[] Paths)[]? _cpus;

    public CpufreqCollector(HostCollectorContext context)
    {
        _cpuDir = context.Sys("devices", "system", "cpu");
    }

    public string Name => "cpufreq";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_cpuDir))
        {
            failure = $"{_cpuDir}: missing";
            return false;
        }

        // CPUs with a cpufreq directory; the set is fixed at boot (offline CPUs keep theirs).
        _cpus ??= [.. Directory.EnumerateDirectories(_cpuDir, "cpu*")
            .Select(d => (Number: Path.GetFileName(d)[3..], Dir: Path.Combine(d, "cpufreq")))
            .Where(c => c.Number.Length > 0 && c.Number.All(char.IsAsciiDigit) && Directory.Exists(c.Dir))
            .OrderBy(c => c.Number, StringComparer.Ordinal)
            .Select(c => (c.Number, Paths: Frequencies.Select(f => Path.Combine(c.Dir, f.File))
                .Concat([Path.Combine(c.Dir, "scaling_governor"), Path.Combine(c.Dir, "scaling_available_governors")]).ToArray()))];

        for (var f = 0; f < Frequencies.Length; f++)
        {
            var family = Frequencies[f].Family;
            writer.WriteFamily(family);
            foreach (var (cpu, paths) in _cpus)
            {
                if (_file.TryReadValue(paths[f], out var text, out _) && Ascii.TryParseUInt64(text, out var kilohertz))
                {
                    writer.WriteSample(family.Name, "cpu", cpu, kilohertz * 1000.0);
                }
            }
        }

        writer.WriteFamily(Governor);
        foreach (var (cpu, paths) in _cpus)
        {
            if (!_file.TryReadValue(paths[Frequencies.Length], out var current, out _))
            {
                continue;
            }

            var currentGovernor = _strings.Get(current);
            if (!_file.TryReadValue(paths[Frequencies.Length + 1], out var available, out _))
            {
                continue;
            }

            while (Ascii.NextField(ref available, out var governor))
            {
                var name = _strings.Get(governor);
                writer.WriteSample(Governor.Name, new Label("cpu", cpu), new Label("governor", name), ReferenceEquals(name, currentGovernor) ? 1 : 0);
            }
        }

        return true;
    }
}
