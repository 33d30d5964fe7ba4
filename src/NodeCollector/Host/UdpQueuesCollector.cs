using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>udp_queues</c>: bytes queued in UDP sockets, summed over the host's <c>net/udp</c> and
/// <c>net/udp6</c> (the hexadecimal <c>tx_queue:rx_queue</c> column). udp6 is optional.
/// </summary>
internal sealed class UdpQueuesCollector : IHostCollector
{
    private static readonly MetricFamily Queues =
        new("node_udp_queues", "Number of allocated memory in the kernel for UDP datagrams in bytes.", MetricType.Gauge);

    private readonly string _ipv4;
    private readonly string _ipv6;
    private readonly FileBuffer _file = new(16384);

    public UdpQueuesCollector(HostCollectorContext context)
    {
        _ipv4 = context.ProcNet("udp");
        _ipv6 = context.ProcNet("udp6");
    }

    public string Name => "udp_queues";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!TrySum(_ipv4, out var tx4, out var rx4, out failure))
        {
            return false;
        }

        double tx6 = 0, rx6 = 0;
        var hasIpv6 = File.Exists(_ipv6) && TrySum(_ipv6, out tx6, out rx6, out failure);
        if (failure is not null)
        {
            return false;
        }

        writer.WriteFamily(Queues);
        writer.WriteSample(Queues.Name, new Label("ip", "v4"), new Label("queue", "rx"), rx4);
        writer.WriteSample(Queues.Name, new Label("ip", "v4"), new Label("queue", "tx"), tx4);
        if (hasIpv6)
        {
            writer.WriteSample(Queues.Name, new Label("ip", "v6"), new Label("queue", "rx"), rx6);
            writer.WriteSample(Queues.Name, new Label("ip", "v6"), new Label("queue", "tx"), tx6);
        }

        return true;
    }

    private bool TrySum(string path, out double tx, out double rx, out string? failure)
    {
        tx = rx = 0;
        if (!_file.TryRead(path, out var text, out failure))
        {
            return false;
        }

        if (!Ascii.NextLine(ref text, out var header) || header.IndexOf("tx_queue"u8) < 0)
        {
            failure = $"{path}: no header line";
            return false;
        }

        while (Ascii.NextLine(ref text, out var line))
        {
            // sl, local_address, rem_address, st, tx_queue:rx_queue, …
            if (!Ascii.NextField(ref line, out _))
            {
                continue;
            }

            if (!Ascii.NextField(ref line, out _) || !Ascii.NextField(ref line, out _) || !Ascii.NextField(ref line, out _)
                || !Ascii.NextField(ref line, out var queues) || queues.IndexOf((byte)':') is var colon && colon < 0
                || !Ascii.TryParseHex(queues[..colon], out var txQueue) || !Ascii.TryParseHex(queues[(colon + 1)..], out var rxQueue))
            {
                failure = $"{path}: a socket line without tx_queue:rx_queue";
                return false;
            }

            tx += txQueue;
            rx += rxQueue;
        }

        return true;
    }
}
