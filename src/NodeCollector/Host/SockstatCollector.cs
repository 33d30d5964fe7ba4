using System.Text;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>sockstat</c>: socket counts per protocol and state from the host's <c>net/sockstat</c> and
/// <c>net/sockstat6</c>, plus <c>mem</c> in bytes (pages × page size) for TCP and UDP.
/// </summary>
internal sealed class SockstatCollector : IHostCollector
{
    private static readonly MetricFamily SocketsUsed = new("node_sockstat_sockets_used", "Number of IPv4 sockets in use.", MetricType.Gauge);

    private readonly string _ipv4;
    private readonly string _ipv6;
    private readonly int _pageSize;
    private readonly FileBuffer _file = new(1024);
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricFamily>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SockstatCollector(HostCollectorContext context, int pageSize = 4096)
    {
        _ipv4 = context.ProcNet("sockstat");
        _ipv6 = context.ProcNet("sockstat6");
        _pageSize = pageSize;
        _lookup = _families.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name => "sockstat";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_ipv4, out var text, out failure) || !TryWrite(writer, text, out failure, _ipv4))
        {
            return false;
        }

        // IPv6 may be disabled; node_exporter then reports IPv4 only.
        if (File.Exists(_ipv6) && (!_file.TryRead(_ipv6, out text, out failure) || !TryWrite(writer, text, out failure, _ipv6)))
        {
            return false;
        }

        return true;
    }

    private bool TryWrite(IMetricWriter writer, ReadOnlySpan<byte> text, out string? failure, string path)
    {
        failure = null;
        var lines = 0;
        Span<char> name = stackalloc char[64];
        while (Ascii.NextLine(ref text, out var line))
        {
            // "TCP: inuse 4 orphan 0 tw 4 alloc 17 mem 1" or "sockets: used 229".
            if (!Ascii.NextField(ref line, out var protocol) || protocol.Length < 2 || protocol[^1] != (byte)':' || protocol.Length > 16)
            {
                continue;
            }

            protocol = protocol[..^1];
            var isSockets = protocol.SequenceEqual("sockets"u8);
            while (Ascii.NextField(ref line, out var state) && Ascii.NextField(ref line, out var number))
            {
                if (!Ascii.TryParseUInt64(number, out var value) || state.Length > 32)
                {
                    failure = $"{path}: malformed line for {Encoding.ASCII.GetString(protocol)}";
                    return false;
                }

                if (isSockets)
                {
                    if (state.SequenceEqual("used"u8))
                    {
                        writer.WriteSingle(SocketsUsed, value);
                    }

                    continue;
                }

                var length = Encoding.ASCII.GetChars(protocol, name);
                name[length++] = '_';
                length += Encoding.ASCII.GetChars(state, name[length..]);
                writer.WriteSingle(Family(name[..length]), value);
                if (state.SequenceEqual("mem"u8))
                {
                    "_bytes".CopyTo(name[length..]);
                    writer.WriteSingle(Family(name[..(length + 6)]), value * (ulong)_pageSize);
                }
            }

            lines++;
        }

        if (lines == 0)
        {
            failure = $"{path}: no protocol lines";
            return false;
        }

        return true;
    }

    private MetricFamily Family(ReadOnlySpan<char> protocolAndState)
    {
        if (!_lookup.TryGetValue(protocolAndState, out var family))
        {
            var key = protocolAndState.ToString();
            var underscore = key.IndexOf('_', StringComparison.Ordinal);
            family = new MetricFamily("node_sockstat_" + key, $"Number of {key[..underscore]} sockets in state {key[(underscore + 1)..]}.", MetricType.Gauge);
            _families[key] = family;
        }

        return family;
    }
}
