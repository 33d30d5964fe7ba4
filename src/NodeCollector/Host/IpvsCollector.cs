using System.Globalization;
using System.Net;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>ipvs</c> with its default labels: the totals of <c>ip_vs_stats</c> and each backend of
/// <c>ip_vs</c> by local and remote address, port, protocol and firewall mark (backends with equal labels summed).
/// Both are files of the host's network namespace. No IPVS (no <c>ip_vs_stats</c>) is no data, as in node_exporter.
/// </summary>
internal sealed class IpvsCollector : IHostCollector
{
    private static readonly MetricFamily Connections = new("node_ipvs_connections_total", "The total number of connections made.", MetricType.Counter);
    private static readonly MetricFamily IncomingPackets = new("node_ipvs_incoming_packets_total", "The total number of incoming packets.", MetricType.Counter);
    private static readonly MetricFamily OutgoingPackets = new("node_ipvs_outgoing_packets_total", "The total number of outgoing packets.", MetricType.Counter);
    private static readonly MetricFamily IncomingBytes = new("node_ipvs_incoming_bytes_total", "The total amount of incoming data.", MetricType.Counter);
    private static readonly MetricFamily OutgoingBytes = new("node_ipvs_outgoing_bytes_total", "The total amount of outgoing data.", MetricType.Counter);

    private static readonly MetricFamily Active = new(
        "node_ipvs_backend_connections_active", "The current active connections by local and remote address.", MetricType.Gauge);

    private static readonly MetricFamily Inactive = new(
        "node_ipvs_backend_connections_inactive", "The current inactive connections by local and remote address.", MetricType.Gauge);

    private static readonly MetricFamily Weight = new("node_ipvs_backend_weight", "The current backend weight by local and remote address.", MetricType.Gauge);

    private readonly HostCollectorContext _context;
    private readonly FileBuffer _file = new(4096);
    private readonly LabelValueCache _strings = new();
    private readonly Dictionary<Backend, (double Active, double Inactive, double Weight)> _backends = [];
    private readonly List<Backend> _order = [];

    public IpvsCollector(HostCollectorContext context)
    {
        _context = context;
    }

    public string Name => "ipvs";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        var statsPath = _context.ProcNet("ip_vs_stats");
        if (!_file.TryRead(statsPath, out var stats, out failure))
        {
            return false;
        }

        Span<double> totals = stackalloc double[5];
        if (!TryParseStats(stats, totals))
        {
            failure = $"{statsPath}: malformed";
            return false;
        }

        var backendsPath = _context.ProcNet("ip_vs");
        if (!_file.TryRead(backendsPath, out var backends, out failure))
        {
            return false;
        }

        if (!TryParseBackends(backends))
        {
            failure = $"{backendsPath}: malformed";
            return false;
        }

        writer.WriteSingle(Connections, totals[0]);
        writer.WriteSingle(IncomingPackets, totals[1]);
        writer.WriteSingle(OutgoingPackets, totals[2]);
        writer.WriteSingle(IncomingBytes, totals[3]);
        writer.WriteSingle(OutgoingBytes, totals[4]);
        foreach (var family in (ReadOnlySpan<MetricFamily>)[Active, Inactive, Weight])
        {
            writer.WriteFamily(family);
            foreach (var backend in _order)
            {
                var values = _backends[backend];
                var value = ReferenceEquals(family.Name, Active.Name) ? values.Active : ReferenceEquals(family.Name, Inactive.Name) ? values.Inactive : values.Weight;
                ReadOnlySpan<Label> labels =
                [
                    new("local_address", backend.LocalAddress), new("local_mark", backend.Mark), new("local_port", backend.LocalPort),
                    new("proto", backend.Protocol), new("remote_address", backend.RemoteAddress), new("remote_port", backend.RemotePort),
                ];
                writer.WriteSample(family.Name, labels, value);
            }
        }

        return true;
    }

    /// <summary>The third line: connections, incoming and outgoing packets, incoming and outgoing bytes, in hex.</summary>
    private static bool TryParseStats(ReadOnlySpan<byte> text, Span<double> totals)
    {
        if (!Ascii.NextLine(ref text, out _) || !Ascii.NextLine(ref text, out _) || !Ascii.NextLine(ref text, out var line))
        {
            return false;
        }

        for (var i = 0; i < totals.Length; i++)
        {
            if (!Ascii.NextField(ref line, out var field) || !Ascii.TryParseHex(field, out var value))
            {
                return false;
            }

            totals[i] = value;
        }

        return true;
    }

    private bool TryParseBackends(ReadOnlySpan<byte> text)
    {
        _backends.Clear();
        _order.Clear();
        string protocol = "", localAddress = "", localPort = "", mark = "";
        var inService = false;
        for (var skip = 0; skip < 3 && Ascii.NextLine(ref text, out _); skip++)
        {
        }

        while (Ascii.NextLine(ref text, out var line))
        {
            var fields = line;
            if (!Ascii.NextField(ref fields, out var first))
            {
                continue;
            }

            if (first.SequenceEqual("->"u8))
            {
                if (!inService || !TryParseBackendLine(fields, out var remoteAddress, out var remotePort, out var values))
                {
                    return false;
                }

                var backend = new Backend(localAddress, localPort, mark, protocol, remoteAddress, remotePort);
                if (_backends.TryGetValue(backend, out var sum))
                {
                    values = (sum.Active + values.Active, sum.Inactive + values.Inactive, sum.Weight + values.Weight);
                }
                else
                {
                    _order.Add(backend);
                }

                _backends[backend] = values;
                continue;
            }

            if (!Ascii.NextField(ref fields, out var address))
            {
                return false;
            }

            protocol = _strings.Get(first);
            if (first.SequenceEqual("FWM"u8))
            {
                (localAddress, localPort, mark) = ("", "0", _strings.Get(address));
            }
            else if (TryParseAddress(address, out localAddress, out localPort))
            {
                mark = "";
            }
            else
            {
                return false;
            }

            inService = true;
        }

        return true;
    }

    private bool TryParseBackendLine(ReadOnlySpan<byte> fields, out string address, out string port, out (double Active, double Inactive, double Weight) values)
    {
        values = default;
        port = "";
        if (!Ascii.NextField(ref fields, out var addressPort) || !TryParseAddress(addressPort, out address, out port)
            || !Ascii.NextField(ref fields, out _) || !Ascii.NextField(ref fields, out var weight) || !Ascii.NextField(ref fields, out var active)
            || !Ascii.NextField(ref fields, out var inactive)
            || !Ascii.TryParseUInt64(weight, out var w) || !Ascii.TryParseUInt64(active, out var a) || !Ascii.TryParseUInt64(inactive, out var i))
        {
            address = "";
            return false;
        }

        values = (a, i, w);
        return true;
    }

    /// <summary><c>C0A80016:0CEA</c> (IPv4) or <c>[2620:0000:…]:0CEA</c> (IPv6), address and port in hex.</summary>
    private bool TryParseAddress(ReadOnlySpan<byte> text, out string address, out string port)
    {
        address = port = "";
        var colon = text.LastIndexOf((byte)':');
        if (colon < 0 || !Ascii.TryParseHex(text[(colon + 1)..], out var portNumber) || portNumber > ushort.MaxValue)
        {
            return false;
        }

        var host = text[..colon];
        Span<byte> bytes = stackalloc byte[16];
        int length;
        if (text.Length == 13 && host.Length == 8)
        {
            length = 4;
            if (!TryParseHexBytes(host, bytes[..4]))
            {
                return false;
            }
        }
        else if (text.Length == 46 && host[0] == '[' && host[^1] == ']')
        {
            length = 16;
            Span<byte> digits = stackalloc byte[32];
            var count = 0;
            foreach (var b in host[1..^1])
            {
                if (b != ':' && count < digits.Length)
                {
                    digits[count++] = b;
                }
            }

            if (count != 32 || !TryParseHexBytes(digits, bytes))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        Span<char> chars = stackalloc char[64];
        if (!new IPAddress(bytes[..length]).TryFormat(chars, out var written))
        {
            return false;
        }

        address = _strings.Get(chars[..written]);
        port = _strings.Get((long)portNumber);
        return true;
    }

    private static bool TryParseHexBytes(ReadOnlySpan<byte> hex, Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Backend(string LocalAddress, string LocalPort, string Mark, string Protocol, string RemoteAddress, string RemotePort);
}
