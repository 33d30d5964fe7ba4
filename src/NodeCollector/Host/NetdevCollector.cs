using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>netdev</c> (the <c>/proc/net/dev</c> form, <c>--no-collector.netdev.netlink</c>): per-interface
/// receive and transmit counters of the host's network namespace, read from <c>/proc/1/net/dev</c>.
/// </summary>
internal sealed class NetdevCollector : IHostCollector
{
    // The columns of /proc/net/dev after the interface name.
    private static readonly string[] Columns =
    [
        "receive_bytes", "receive_packets", "receive_errs", "receive_drop", "receive_fifo", "receive_frame", "receive_compressed", "receive_multicast",
        "transmit_bytes", "transmit_packets", "transmit_errs", "transmit_drop", "transmit_fifo", "transmit_colls", "transmit_carrier", "transmit_compressed",
    ];

    private static readonly MetricFamily[] Families =
        [.. Columns.Select(c => new MetricFamily($"node_network_{c}_total", $"Network device statistic {c}.", MetricType.Counter))];

    private readonly string _path;
    private readonly DeviceFilter _devices;
    private readonly FileBuffer _file = new(8192);
    private readonly LabelValueCache _names = new();
    private readonly List<string> _deviceNames = [];
    private readonly List<double> _values = [];

    public NetdevCollector(HostCollectorContext context)
    {
        _path = context.ProcNet("dev");
        _devices = new DeviceFilter(context.Options.Netdev.DeviceExclude, context.Options.Netdev.DeviceInclude);
    }

    public string Name => "netdev";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        // Two header lines, then "  eth0: 123 456 …".
        if (!Ascii.NextLine(ref text, out var first) || !first.StartsWith("Inter-|"u8) || !Ascii.NextLine(ref text, out _))
        {
            failure = $"{_path}: no header lines";
            return false;
        }

        _deviceNames.Clear();
        _values.Clear();
        while (Ascii.NextLine(ref text, out var line))
        {
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                if (!line.Trim(" \t"u8).IsEmpty)
                {
                    failure = $"{_path}: a line without an interface name";
                    return false;
                }

                continue;
            }

            var name = _names.Get(line[..colon].Trim(" \t"u8));
            var counters = line[(colon + 1)..];
            var start = _values.Count;
            while (Ascii.NextField(ref counters, out var field))
            {
                if (!Ascii.TryParseUInt64(field, out var value))
                {
                    failure = $"{_path}: {name}: not a number";
                    return false;
                }

                _values.Add(value);
            }

            if (_values.Count - start != Columns.Length)
            {
                failure = $"{_path}: {name}: {_values.Count - start} counters, expected {Columns.Length}";
                return false;
            }

            if (_devices.Excludes(name))
            {
                _values.RemoveRange(start, Columns.Length);
                continue;
            }

            _deviceNames.Add(name);
        }

        for (var c = 0; c < Families.Length; c++)
        {
            writer.WriteFamily(Families[c]);
            for (var d = 0; d < _deviceNames.Count; d++)
            {
                writer.WriteSample(Families[c].Name, "device", _deviceNames[d], _values[(d * Columns.Length) + c]);
            }
        }

        return true;
    }
}
