using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// The thermal throttle counts of the <c>cpu</c> collector: per package and per (package, core), read once per
/// package or core from <c>cpuN/thermal_throttle</c>, like node_exporter. CPUs without topology are skipped.
/// </summary>
internal sealed class CpuThrottleReader
{
    private static readonly MetricFamily CoreThrottles =
        new("node_cpu_core_throttles_total", "Number of times this CPU core has been throttled.", MetricType.Counter);

    private static readonly MetricFamily PackageThrottles =
        new("node_cpu_package_throttles_total", "Number of times this CPU package has been throttled.", MetricType.Counter);

    private readonly string _cpuDir;
    private readonly LabelValueCache _names;
    private readonly FileBuffer _file = new(64);
    private readonly SortedDictionary<ulong, ulong> _packages = [];
    private readonly SortedDictionary<(ulong Package, ulong Core), ulong> _cores = [];
    private readonly HashSet<(ulong Package, ulong Core)> _coresSeen = [];
    private string[]? _cpuPaths;

    public CpuThrottleReader(string cpuDir, LabelValueCache names)
    {
        _cpuDir = cpuDir;
        _names = names;
    }

    public void Write(IMetricWriter writer)
    {
        // The CPU directories stay when CPUs go offline; list them once.
        _cpuPaths ??= Directory.Exists(_cpuDir)
            ? [.. Directory.EnumerateDirectories(_cpuDir, "cpu*").Where(p => Path.GetFileName(p).Length > 3 && char.IsAsciiDigit(Path.GetFileName(p)[3]))]
            : [];
        _packages.Clear();
        _cores.Clear();
        _coresSeen.Clear();
        foreach (var cpu in _cpuPaths)
        {
            if (!TryReadNumber(Path.Combine(cpu, "topology", "physical_package_id"), out var package)
                || !TryReadNumber(Path.Combine(cpu, "topology", "core_id"), out var core))
            {
                continue;
            }

            if (_coresSeen.Add((package, core)) && TryReadNumber(Path.Combine(cpu, "thermal_throttle", "core_throttle_count"), out var coreCount))
            {
                _cores[(package, core)] = coreCount;
            }

            if (!_packages.ContainsKey(package) && TryReadNumber(Path.Combine(cpu, "thermal_throttle", "package_throttle_count"), out var packageCount))
            {
                _packages[package] = packageCount;
            }
        }

        if (_cores.Count > 0)
        {
            writer.WriteFamily(CoreThrottles);
            foreach (var ((package, core), count) in _cores)
            {
                writer.WriteSample(CoreThrottles.Name, new Label("core", _names.Get((long)core)), new Label("package", _names.Get((long)package)), count);
            }
        }

        if (_packages.Count > 0)
        {
            writer.WriteFamily(PackageThrottles);
            foreach (var (package, count) in _packages)
            {
                writer.WriteSample(PackageThrottles.Name, "package", _names.Get((long)package), count);
            }
        }
    }

    private bool TryReadNumber(string path, out ulong value) => _file.TryReadUInt64(path, out value, out _);
}
