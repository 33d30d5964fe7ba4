using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>nvme</c>: each controller in <c>sys/class/nvme</c> as <c>node_nvme_info</c>, and its namespaces
/// (<c>nvmeXnY</c>, <c>nvmeXcZnY</c>) with size and use in blocks of the namespace's logical block size.
/// </summary>
internal sealed class NvmeCollector : IHostCollector
{
    private static readonly MetricFamily Info = new("node_nvme_info", "Non-numeric data from /sys/class/nvme/<device>, value is always 1.", MetricType.Gauge);
    private static readonly MetricFamily NamespaceInfo = new("node_nvme_namespace_info", "Information about NVMe namespaces. Value is always 1", MetricType.Gauge);

    private static readonly MetricFamily Capacity = new(
        "node_nvme_namespace_capacity_bytes", "Capacity of the NVMe namespace in bytes. Computed as namespace_size * namespace_logical_block_size", MetricType.Gauge);

    private static readonly MetricFamily Size = new(
        "node_nvme_namespace_size_bytes", "Size of the NVMe namespace in bytes. Available in /sys/class/nvme/<device>/<namespace>/size", MetricType.Gauge);

    private static readonly MetricFamily Used = new(
        "node_nvme_namespace_used_bytes", "Used space of the NVMe namespace in bytes. Available in /sys/class/nvme/<device>/<namespace>/nuse", MetricType.Gauge);

    private static readonly MetricFamily BlockSize = new(
        "node_nvme_namespace_logical_block_size_bytes",
        "Logical block size of the NVMe namespace in bytes. Usually 4Kb. Available in /sys/class/nvme/<device>/<namespace>/queue/logical_block_size",
        MetricType.Gauge);

    private readonly string _classDir;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _strings = new();
    private readonly RecordingMetricWriter _samples = new();

    public NvmeCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "nvme");
    }

    public string Name => "nvme";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing (no NVMe devices)";
            return false;
        }

        _samples.Clear();
        foreach (var dir in Directory.EnumerateDirectories(_classDir))
        {
            var device = Path.GetFileName(dir);
            if (!TryRead(dir, "cntlid", out var cntlid, out failure) || !TryRead(dir, "firmware_rev", out var firmware, out failure)
                || !TryRead(dir, "model", out var model, out failure) || !TryRead(dir, "serial", out var serial, out failure)
                || !TryRead(dir, "state", out var state, out failure))
            {
                return false;
            }

            _samples.WriteSample(Info.Name, [new("cntlid", cntlid), new("device", device), new("firmware_revision", firmware), new("model", model), new("serial", serial), new("state", state)], 1);
            foreach (var ns in Directory.EnumerateDirectories(dir, device + "*n*"))
            {
                var nsid = NamespaceId(Path.GetFileName(ns), device);
                if (nsid is null || !TryRead(ns, "ana_state", out var ana, out failure) || !TryReadNumber(ns, "size", out var size, out failure)
                    || !TryReadNumber(ns, "nuse", out var nuse, out failure) || !TryReadNumber(ns, Path.Combine("queue", "logical_block_size"), out var block, out failure))
                {
                    if (nsid is null)
                    {
                        continue;
                    }

                    return false;
                }

                _samples.WriteSample(NamespaceInfo.Name, [new("ana_state", ana), new("device", device), new("nsid", nsid)], 1);
                ReadOnlySpan<Label> labels = [new("device", device), new("nsid", nsid)];
                _samples.WriteSample(Capacity.Name, labels, size * block);
                _samples.WriteSample(Size.Name, labels, size * block);
                _samples.WriteSample(Used.Name, labels, nuse * block);
                _samples.WriteSample(BlockSize.Name, labels, block);
            }
        }

        foreach (var family in (ReadOnlySpan<MetricFamily>)[Info, NamespaceInfo, Capacity, Size, Used, BlockSize])
        {
            writer.WriteFamily(family);
            foreach (var sample in _samples.Samples)
            {
                if (ReferenceEquals(sample.Name, family.Name))
                {
                    writer.WriteSample(sample.Name, sample.Labels.Span, sample.Value);
                }
            }
        }

        return true;
    }

    /// <summary>The namespace number of <c>nvme0n1</c> or <c>nvme0c0n1</c>; null for other entries.</summary>
    private static string? NamespaceId(string name, string device)
    {
        var n = name.LastIndexOf('n');
        return n >= device.Length && n < name.Length - 1 && name[(n + 1)..].All(char.IsAsciiDigit) ? name[(n + 1)..] : null;
    }

    private bool TryRead(string dir, string file, out string value, out string? failure)
    {
        var ok = _file.TryReadValue(Path.Combine(dir, file), out var text, out failure);
        value = ok ? _strings.Get(text) : "";
        return ok;
    }

    private bool TryReadNumber(string dir, string file, out double value, out string? failure)
    {
        value = 0;
        if (!_file.TryReadValue(Path.Combine(dir, file), out var text, out failure))
        {
            return false;
        }

        if (!Ascii.TryParseUInt64(text, out var number))
        {
            failure = $"{Path.Combine(dir, file)}: not a number";
            return false;
        }

        value = number;
        return true;
    }
}
