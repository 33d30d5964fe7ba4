using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>infiniband</c>: per HCA in <c>sys/class/infiniband</c> its info, and per port its state, physical
/// state, rate and the counters of <c>counters/</c> and <c>counters_ext/</c> (the "legacy" 64-bit ones). A counter the
/// device cannot report ("N/A (no PMA)") is left out; data counters count 4-byte words and are scaled to bytes.
/// </summary>
internal sealed class InfinibandCollector : IHostCollector
{
    private static readonly MetricFamily Info = new("node_infiniband_info", "Non-numeric data from /sys/class/infiniband/<device>, value is always 1.", MetricType.Gauge);
    private static readonly MetricFamily StateId = Gauge("state_id", "State of the InfiniBand port (0: no change, 1: down, 2: init, 3: armed, 4: active, 5: act defer)");

    private static readonly MetricFamily PhysicalStateId = Gauge(
        "physical_state_id",
        "Physical state of the InfiniBand port (0: no change, 1: sleep, 2: polling, 3: disable, 4: shift, 5: link up, 6: link error recover, 7: phytest)");

    private static readonly MetricFamily Rate = Gauge("rate_bytes_per_second", "Maximum signal transfer rate");

    // File under the port (counters/ or counters_ext/) → family, and whether it counts 4-byte words.
    private static readonly (string File, MetricFamily Family, bool Words)[] Counters =
    [
        ("counters_ext/port_multicast_rcv_packets", Counter("legacy_multicast_packets_received_total", "Number of multicast packets received"), false),
        ("counters_ext/port_multicast_xmit_packets", Counter("legacy_multicast_packets_transmitted_total", "Number of multicast packets transmitted"), false),
        ("counters_ext/port_rcv_data_64", Counter("legacy_data_received_bytes_total", "Number of data octets received on all links"), true),
        ("counters_ext/port_rcv_packets_64", Counter("legacy_packets_received_total", "Number of data packets received on all links"), false),
        ("counters_ext/port_unicast_rcv_packets", Counter("legacy_unicast_packets_received_total", "Number of unicast packets received"), false),
        ("counters_ext/port_unicast_xmit_packets", Counter("legacy_unicast_packets_transmitted_total", "Number of unicast packets transmitted"), false),
        ("counters_ext/port_xmit_data_64", Counter("legacy_data_transmitted_bytes_total", "Number of data octets transmitted on all links"), true),
        ("counters_ext/port_xmit_packets_64", Counter("legacy_packets_transmitted_total", "Number of data packets received on all links"), false),
        ("counters/link_downed", Counter("link_downed_total", "Number of times the link failed to recover from an error state and went down"), false),
        ("counters/link_error_recovery", Counter("link_error_recovery_total", "Number of times the link successfully recovered from an error state"), false),
        ("counters/multicast_rcv_packets", Counter("multicast_packets_received_total", "Number of multicast packets received (including errors)"), false),
        ("counters/multicast_xmit_packets", Counter("multicast_packets_transmitted_total", "Number of multicast packets transmitted (including errors)"), false),
        ("counters/port_rcv_constraint_errors", Counter("port_constraint_errors_received_total", "Number of packets received on the switch physical port that are discarded"), false),
        ("counters/port_xmit_constraint_errors", Counter("port_constraint_errors_transmitted_total", "Number of packets not transmitted from the switch physical port"), false),
        ("counters/port_rcv_data", Counter("port_data_received_bytes_total", "Number of data octets received on all links"), true),
        ("counters/port_xmit_data", Counter("port_data_transmitted_bytes_total", "Number of data octets transmitted on all links"), true),
        ("counters/port_rcv_discards", Counter("port_discards_received_total", "Number of inbound packets discarded by the port because the port is down or congested"), false),
        ("counters/port_xmit_discards", Counter("port_discards_transmitted_total", "Number of outbound packets discarded by the port because the port is down or congested"), false),
        ("counters/port_rcv_errors", Counter("port_errors_received_total", "Number of packets containing an error that were received on this port"), false),
        ("counters/port_rcv_packets", Counter("port_packets_received_total", "Number of packets received on all VLs by this port (including errors)"), false),
        ("counters/port_xmit_packets", Counter("port_packets_transmitted_total", "Number of packets transmitted on all VLs from this port (including errors)"), false),
        ("counters/port_xmit_wait", Counter("port_transmit_wait_total", "Number of ticks during which the port had data to transmit but no data was sent during the entire tick"), false),
        ("counters/unicast_rcv_packets", Counter("unicast_packets_received_total", "Number of unicast packets received (including errors)"), false),
        ("counters/unicast_xmit_packets", Counter("unicast_packets_transmitted_total", "Number of unicast packets transmitted (including errors)"), false),
    ];

    private readonly string _classDir;
    private readonly DirectoryListing _devices;
    private readonly FileBuffer _file = new(128);
    private readonly LabelValueCache _strings = new();
    private readonly FamilyGroups _groups = new();
    private readonly Dictionary<string, Device> _layouts = new(StringComparer.Ordinal);

    public InfinibandCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "infiniband");
        _devices = new DirectoryListing(_classDir);
    }

    public string Name => "infiniband";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!_devices.TryList(out var devices))
        {
            failure = $"{_classDir}: missing (no InfiniBand devices)";
            return false;
        }

        _groups.Clear();
        foreach (var dir in devices)
        {
            if (!_layouts.TryGetValue(dir, out var device))
            {
                device = new Device(dir);
                _layouts[dir] = device;
            }

            if (!TryReadText(device.BoardId, out var board, out failure) || !TryReadText(device.Firmware, out var firmware, out failure)
                || !TryReadText(device.HcaType, out var hca, out failure))
            {
                return false;
            }

            _groups.Add(Info, [new("board_id", board), device.Label, new("firmware_version", firmware), new("hca_type", hca)], 1);
            if (device.Ports.TryList(out var ports) && !TryReadPorts(device, ports, out failure))
            {
                return false;
            }
        }

        _groups.WriteTo(writer);
        return true;
    }

    private bool TryReadPorts(Device device, string[] ports, out string? failure)
    {
        failure = null;
        foreach (var dir in ports)
        {
            if (!device.PortLayouts.TryGetValue(dir, out var port))
            {
                port = new Port(dir);
                device.PortLayouts[dir] = port;
            }

            if (!TryReadLeadingNumber(port.State, out var state, out failure)
                || !TryReadLeadingNumber(port.PhysState, out var physState, out failure)
                || !TryReadRate(port.Rate, out var rate, out failure))
            {
                return false;
            }

            _groups.Add(StateId, device.Label, port.Label, state);
            _groups.Add(PhysicalStateId, device.Label, port.Label, physState);
            _groups.Add(Rate, device.Label, port.Label, rate);
            for (var i = 0; i < Counters.Length; i++)
            {
                var path = port.Counters[i];
                if (!_file.TryReadValue(path, out var text, out failure))
                {
                    if (_file.LastFailureIsNoValue)
                    {
                        failure = null;
                        continue;
                    }

                    return false;
                }

                if (text.StartsWith("N/A"u8))
                {
                    continue;
                }

                if (!Ascii.TryParseUInt64(text, out var value))
                {
                    failure = $"{path}: not a number";
                    return false;
                }

                var (_, family, words) = Counters[i];
                _groups.Add(family, device.Label, port.Label, words ? value * 4.0 : value);
            }
        }

        return true;
    }

    /// <summary><c>4: ACTIVE</c> → 4.</summary>
    private bool TryReadLeadingNumber(string path, out double value, out string? failure)
    {
        value = 0;
        if (!_file.TryReadValue(path, out var text, out failure))
        {
            return false;
        }

        var colon = text.IndexOf((byte)':');
        if (colon <= 0 || !Ascii.TryParseUInt64(text[..colon], out var number))
        {
            failure = $"{path}: not \"<id>: <name>\"";
            return false;
        }

        value = number;
        return true;
    }

    /// <summary><c>40 Gb/sec (4X QDR)</c> → 5e9 bytes per second.</summary>
    private bool TryReadRate(string path, out double bytesPerSecond, out string? failure)
    {
        bytesPerSecond = 0;
        if (!_file.TryReadValue(path, out var text, out failure))
        {
            return false;
        }

        if (!Ascii.NextField(ref text, out var number) || !Ascii.TryParseDouble(number, out var gigabits)
            || !Ascii.NextField(ref text, out var unit) || !unit.SequenceEqual("Gb/sec"u8))
        {
            failure = $"{path}: not \"<n> Gb/sec\"";
            return false;
        }

        bytesPerSecond = gigabits * 1e9 / 8;
        return true;
    }

    private bool TryReadText(string path, out string value, out string? failure)
    {
        var ok = _file.TryReadValue(path, out var text, out failure);
        value = ok ? _strings.Get(text) : "";
        return ok;
    }

    private static MetricFamily Gauge(string suffix, string help) => new("node_infiniband_" + suffix, help, MetricType.Gauge);

    private static MetricFamily Counter(string suffix, string help) => new("node_infiniband_" + suffix, help, MetricType.Counter);

    /// <summary>One HCA's file paths, made once.</summary>
    private sealed class Device(string dir)
    {
        public Label Label { get; } = new("device", Path.GetFileName(dir));

        public string BoardId { get; } = Path.Combine(dir, "board_id");

        public string Firmware { get; } = Path.Combine(dir, "fw_ver");

        public string HcaType { get; } = Path.Combine(dir, "hca_type");

        public DirectoryListing Ports { get; } = new(Path.Combine(dir, "ports"));

        public Dictionary<string, Port> PortLayouts { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One port's file paths, made once.</summary>
    private sealed class Port(string dir)
    {
        public Label Label { get; } = new("port", Path.GetFileName(dir));

        public string State { get; } = Path.Combine(dir, "state");

        public string PhysState { get; } = Path.Combine(dir, "phys_state");

        public string Rate { get; } = Path.Combine(dir, "rate");

        public string[] Counters { get; } = [.. InfinibandCollector.Counters.Select(c => Path.Combine(dir, c.File))];
    }
}
