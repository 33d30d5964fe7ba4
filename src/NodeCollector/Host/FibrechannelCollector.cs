using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>fibrechannel</c>: each Fibre Channel host in <c>sys/class/fc_host</c> as <c>node_fibrechannel_info</c>
/// (an attribute the driver lacks is an empty label; WWNs and port ids without 0x) and the counters of its <c>statistics</c> directory (hexadecimal;
/// all ones means the driver does not count it, and the counter is left out).
/// </summary>
internal sealed class FibrechannelCollector : IHostCollector
{
    private static readonly MetricFamily Info = new("node_fibrechannel_info", "Non-numeric data from /sys/class/fc_host/<host>, value is always 1.", MetricType.Gauge);

    private static readonly string[] InfoAttributes =
        ["dev_loss_tmo", "fabric_name", "port_id", "port_name", "port_state", "port_type", "speed", "supported_classes", "supported_speeds", "symbolic_name"];

    private static readonly (string File, MetricFamily Family)[] Counters =
    [
        Counter("dumped_frames", "dumped_frames_total", "Number of dumped frames"),
        Counter("error_frames", "error_frames_total", "Number of errors in frames"),
        Counter("fcp_packet_aborts", "fcp_packet_aborts_total", "Number of aborted packets"),
        Counter("invalid_crc_count", "invalid_crc_total", "Invalid Cyclic Redundancy Check count"),
        Counter("invalid_tx_word_count", "invalid_tx_words_total", "Number of invalid words transmitted by host port"),
        Counter("link_failure_count", "link_failure_total", "Number of times the host port link has failed"),
        Counter("loss_of_signal_count", "loss_of_signal_total", "Number of times signal has been lost"),
        Counter("loss_of_sync_count", "loss_of_sync_total", "Number of failures on either bit or transmission word boundaries"),
        Counter("nos_count", "nos_total", "Number Not_Operational Primitive Sequence received by host port"),
        Counter("rx_frames", "rx_frames_total", "Number of frames received"),
        Counter("rx_words", "rx_words_total", "Number of words received by host port"),
        Counter("seconds_since_last_reset", "seconds_since_last_reset_total", "Number of seconds since last host port reset"),
        Counter("tx_frames", "tx_frames_total", "Number of frames transmitted by host port"),
        Counter("tx_words", "tx_words_total", "Number of words transmitted by host port"),
    ];

    private readonly string _classDir;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _strings = new();
    private readonly List<(string Host, Label[] Info, double?[] Counts)> _hosts = [];
    private readonly Dictionary<string, string[]> _paths = new(StringComparer.Ordinal);

    public FibrechannelCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "fc_host");
    }

    public string Name => "fibrechannel";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing (no Fibre Channel hosts)";
            return false;
        }

        _hosts.Clear();
        foreach (var dir in Directory.EnumerateDirectories(_classDir))
        {
            var host = _strings.Get(Path.GetFileName(dir.AsSpan()));
            var paths = PathsFor(dir);
            var info = new Label[InfoAttributes.Length + 1];
            var position = 0;
            for (var a = 0; a < InfoAttributes.Length; a++)
            {
                var attribute = InfoAttributes[a];
                if (attribute == "port_id")
                {
                    info[position++] = new Label("fc_host", host);
                }

                var value = _file.TryReadValue(paths[a], out var text, out _) ? text : default;
                if (attribute is "fabric_name" or "port_id" or "port_name" && value.StartsWith("0x"u8))
                {
                    // World wide names and port ids without their 0x, as procfs gives them.
                    value = value[2..];
                }

                info[position++] = new Label(attribute, _strings.Get(value));
            }

            var counts = new double?[Counters.Length];
            for (var i = 0; i < Counters.Length; i++)
            {
                var path = paths[InfoAttributes.Length + i];
                if (!_file.TryReadValue(path, out var text, out failure))
                {
                    // A counter the driver does not provide is left out; one that cannot be read fails the collector.
                    if (!File.Exists(path))
                    {
                        failure = null;
                        continue;
                    }

                    return false;
                }

                if (!text.StartsWith("0x"u8) || !Ascii.TryParseHex(text[2..], out var count))
                {
                    failure = $"{path}: not a hexadecimal number";
                    return false;
                }

                counts[i] = count == ulong.MaxValue ? null : count;
            }

            _hosts.Add((host, info, counts));
        }

        writer.WriteFamily(Info);
        foreach (var (_, info, _) in _hosts)
        {
            writer.WriteSample(Info.Name, info, 1);
        }

        for (var i = 0; i < Counters.Length; i++)
        {
            writer.WriteFamily(Counters[i].Family);
            foreach (var (host, _, counts) in _hosts)
            {
                if (counts[i] is { } count)
                {
                    writer.WriteSample(Counters[i].Family.Name, "fc_host", host, count);
                }
            }
        }

        return true;
    }

    /// <summary>The attribute and counter paths of a host, made once.</summary>
    private string[] PathsFor(string dir)
    {
        if (!_paths.TryGetValue(dir, out var paths))
        {
            paths = [.. InfoAttributes.Select(a => Path.Combine(dir, a)), .. Counters.Select(c => Path.Combine(dir, "statistics", c.File))];
            _paths[dir] = paths;
        }

        return paths;
    }

    private static (string, MetricFamily) Counter(string file, string name, string help) =>
        (file, new MetricFamily("node_fibrechannel_" + name, help, MetricType.Counter));
}
