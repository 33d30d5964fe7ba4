using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>node_exporter's <c>arp</c>: ARP entries per device from the host's <c>net/arp</c> (node_exporter's <c>--no-collector.arp.netlink</c> form).</summary>
internal sealed class ArpCollector : IHostCollector
{
    private static readonly MetricFamily Entries = new("node_arp_entries", "ARP entries by device", MetricType.Gauge);

    private readonly string _path;
    private readonly DeviceFilter _devices;
    private readonly FileBuffer _file = new(4096);
    private readonly LabelValueCache _names = new();
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public ArpCollector(HostCollectorContext context)
    {
        _path = context.ProcNet("arp");
        _devices = new DeviceFilter(context.Options.Arp.DeviceExclude);
    }

    public string Name => "arp";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        if (!Ascii.NextLine(ref text, out var header) || !header.StartsWith("IP address"u8))
        {
            failure = $"{_path}: no header line";
            return false;
        }

        _counts.Clear();
        while (Ascii.NextLine(ref text, out var line))
        {
            // IP address, HW type, Flags, HW address, Mask, Device.
            var fields = Ascii.CountFields(line);
            var device = line.TrimEnd(" \t\r"u8);
            device = device[(device.LastIndexOfAny((byte)' ', (byte)'\t') + 1)..];

            if (fields == 0)
            {
                continue;
            }

            if (fields != 6)
            {
                failure = $"{_path}: a line with {fields} fields";
                return false;
            }

            var name = _names.Get(device);
            if (!_devices.Excludes(name))
            {
                _counts[name] = _counts.GetValueOrDefault(name) + 1;
            }
        }

        writer.WriteFamily(Entries);
        foreach (var (device, count) in _counts)
        {
            writer.WriteSample(Entries.Name, "device", device, count);
        }

        return true;
    }
}
