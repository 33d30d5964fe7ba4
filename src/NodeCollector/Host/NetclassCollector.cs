using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>netclass</c>: each interface's attributes under <c>sys/class/net/&lt;iface&gt;</c> as
/// <c>node_network_*</c> properties, <c>node_network_info</c> and <c>node_network_up</c>. An attribute the kernel does
/// not provide (or refuses to read, like <c>speed</c> on a down link) is left out, as node_exporter does.
/// </summary>
internal sealed class NetclassCollector : IHostCollector
{
    private static readonly MetricFamily Up = new("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.", MetricType.Gauge);
    private static readonly MetricFamily Info = new("node_network_info", "Non-numeric data from /sys/class/net/<iface>, value is always 1.", MetricType.Gauge);

    // sysfs attribute → property name; the values are integers (flags and dev_id in hex).
    private static readonly (string File, MetricFamily Family)[] Properties =
    [
        Property("addr_assign_type", "address_assign_type"), Property("carrier", "carrier"),
        Property("carrier_changes", "carrier_changes_total", MetricType.Counter), Property("carrier_up_count", "carrier_up_changes_total", MetricType.Counter),
        Property("carrier_down_count", "carrier_down_changes_total", MetricType.Counter), Property("dev_id", "device_id"), Property("dormant", "dormant"),
        Property("flags", "flags"), Property("ifindex", "iface_id"), Property("iflink", "iface_link"), Property("link_mode", "iface_link_mode"),
        Property("mtu", "mtu_bytes"), Property("name_assign_type", "name_assign_type"), Property("netdev_group", "net_dev_group"),
        Property("speed", "speed_bytes"), Property("tx_queue_len", "transmit_queue_length"), Property("type", "protocol_type"),
    ];

    private static readonly string[] TextAttributes = ["address", "broadcast", "duplex", "ifalias", "operstate"];

    private const int OperstateIndex = 4;
    private const int FlagsIndex = 7;
    private const int SpeedIndex = 14;
    private const long IffUp = 0x1;

    private readonly string _classDir;
    private readonly DeviceFilter _devices;
    private readonly bool _ignoreInvalidSpeed;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _strings = new();
    private readonly Dictionary<string, InterfaceState> _states = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _interfaces = new(StringComparer.Ordinal);
    private readonly Label[] _info = new Label[7];

    public NetclassCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "net");
        _devices = new DeviceFilter(context.Options.Netclass.DeviceExclude);
        _ignoreInvalidSpeed = context.Options.Netclass.IgnoreInvalidSpeed;
    }

    public string Name => "netclass";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing";
            return false;
        }

        _interfaces.Clear();
        foreach (var entry in Directory.EnumerateDirectories(_classDir))
        {
            var name = _strings.Get(Path.GetFileName(entry.AsSpan()));
            if (!_devices.Excludes(name))
            {
                _interfaces.Add(name);
            }
        }

        foreach (var iface in _interfaces)
        {
            Read(StateFor(iface));
        }

        writer.WriteFamily(Up);
        foreach (var iface in _interfaces)
        {
            writer.WriteSample(Up.Name, "device", iface, _states[iface].Strings[OperstateIndex] == "up" ? 1 : 0);
        }

        writer.WriteFamily(Info);
        foreach (var iface in _interfaces)
        {
            var state = _states[iface];
            _info[0] = new Label("address", state.Strings[0]);
            _info[1] = new Label("adminstate", !state.Present[FlagsIndex] ? "" : (state.Values[FlagsIndex] & IffUp) != 0 ? "up" : "down");
            _info[2] = new Label("broadcast", state.Strings[1]);
            _info[3] = new Label("device", iface);
            _info[4] = new Label("duplex", state.Strings[2]);
            _info[5] = new Label("ifalias", state.Strings[3]);
            _info[6] = new Label("operstate", state.Strings[OperstateIndex]);
            writer.WriteSample(Info.Name, _info, 1);
        }

        for (var i = 0; i < Properties.Length; i++)
        {
            writer.WriteFamily(Properties[i].Family);
            foreach (var iface in _interfaces)
            {
                var state = _states[iface];
                var value = state.Values[i];
                if (state.Present[i] && !(i == SpeedIndex && value < 0 && _ignoreInvalidSpeed))
                {
                    writer.WriteSample(Properties[i].Family.Name, "device", iface, i == SpeedIndex ? value * 1000 * 1000 / 8 : value);
                }
            }
        }

        return true;
    }

    private void Read(InterfaceState state)
    {
        for (var i = 0; i < Properties.Length; i++)
        {
            state.Present[i] = _file.TryReadValue(state.Paths[i], out var text, out _) && TryParseInteger(text, out state.Values[i]);
        }

        for (var i = 0; i < TextAttributes.Length; i++)
        {
            state.Strings[i] = _file.TryReadValue(state.Paths[Properties.Length + i], out var text, out _) ? _strings.Get(text) : "";
        }
    }

    private InterfaceState StateFor(string iface)
    {
        if (!_states.TryGetValue(iface, out var state))
        {
            var dir = Path.Combine(_classDir, iface);
            string[] paths = [.. Properties.Select(p => Path.Combine(dir, p.File)), .. TextAttributes.Select(f => Path.Combine(dir, f))];
            if (_states.Count > 4096)
            {
                _states.Clear();
            }

            state = new InterfaceState(paths, new long[Properties.Length], new bool[Properties.Length], new string[TextAttributes.Length]);
            _states[iface] = state;
        }

        return state;
    }

    /// <summary>An integer as Go's ParseInt with base 0 reads it: decimal, or hexadecimal after 0x.</summary>
    private static bool TryParseInteger(ReadOnlySpan<byte> text, out long value)
    {
        if (text.StartsWith("0x"u8) && Ascii.TryParseHex(text[2..], out var hex))
        {
            value = (long)hex;
            return true;
        }

        return Ascii.TryParseInt64(text, out value);
    }

    private static (string, MetricFamily) Property(string file, string name, MetricType type = MetricType.Gauge) =>
        (file, new MetricFamily("node_network_" + name, "Network device property: " + name, type));

    /// <summary>One interface's attribute paths (fixed) and last values (rewritten every collection).</summary>
    private sealed record InterfaceState(string[] Paths, long[] Values, bool[] Present, string[] Strings);
}
