using System.Text;
using System.Text.RegularExpressions;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>netstat</c>: the protocol counters of the host's <c>net/netstat</c>, <c>net/snmp</c> (header
/// line, value line) and <c>net/snmp6</c> (name, value), as untyped <c>node_netstat_&lt;Protocol&gt;_&lt;Field&gt;</c>
/// for the fields matching node_exporter's default <c>--collector.netstat.fields</c>.
/// </summary>
internal sealed partial class NetstatCollector : IHostCollector
{
    private readonly string[] _pairedFiles;
    private readonly string _snmp6;
    private readonly FileBuffer _file = new(8192);
    private readonly Dictionary<string, MetricFamily?> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricFamily?>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NetstatCollector(HostCollectorContext context)
    {
        _pairedFiles = [context.ProcNet("netstat"), context.ProcNet("snmp")];
        _snmp6 = context.ProcNet("snmp6");
        _lookup = _families.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name => "netstat";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        Span<char> key = stackalloc char[160];
        foreach (var path in _pairedFiles)
        {
            if (!_file.TryRead(path, out var text, out failure))
            {
                return false;
            }

            var pairs = 0;
            while (Ascii.NextLine(ref text, out var names) && Ascii.NextLine(ref text, out var values))
            {
                if (!Ascii.NextField(ref names, out var protocol) || !Ascii.NextField(ref values, out var protocolAgain)
                    || !protocol.SequenceEqual(protocolAgain) || protocol.Length < 2 || protocol.Length > 32)
                {
                    failure = $"{path}: header and value lines do not pair up";
                    return false;
                }

                var prefix = Encoding.ASCII.GetChars(protocol[..^1], key);
                key[prefix++] = '_';
                while (Ascii.NextField(ref names, out var field))
                {
                    if (!Ascii.NextField(ref values, out var number) || !Ascii.TryParseNumber(number, out var value) || field.Length > key.Length - prefix)
                    {
                        failure = $"{path}: a {Encoding.ASCII.GetString(protocol)} value is missing or not a number";
                        return false;
                    }

                    var length = prefix + Encoding.ASCII.GetChars(field, key[prefix..]);
                    if (FamilyFor(key[..length], prefix - 1) is { } family)
                    {
                        writer.WriteSingle(family, value);
                    }
                }

                pairs++;
            }

            if (pairs == 0)
            {
                failure = $"{path}: no counters";
                return false;
            }
        }

        // IPv6 counters are optional, as in node_exporter.
        if (File.Exists(_snmp6))
        {
            if (!_file.TryRead(_snmp6, out var text, out failure))
            {
                return false;
            }

            while (Ascii.NextLine(ref text, out var line))
            {
                // "Ip6InOctets   460": the protocol is everything up to the first '6'.
                if (!Ascii.NextField(ref line, out var name) || !Ascii.NextField(ref line, out var number)
                    || name.IndexOf((byte)'6') is var six && six < 0 || name.Length + 1 > key.Length || !Ascii.TryParseNumber(number, out var value))
                {
                    continue;
                }

                Encoding.ASCII.GetChars(name[..(six + 1)], key);
                key[six + 1] = '_';
                var length = six + 2 + Encoding.ASCII.GetChars(name[(six + 1)..], key[(six + 2)..]);
                if (FamilyFor(key[..length], six + 1) is { } family)
                {
                    writer.WriteSingle(family, value);
                }
            }
        }

        failure = null;
        return true;
    }

    /// <summary>The family of <c>Protocol_Field</c>, or null when the default field filter leaves it out; decided once per key.</summary>
    private MetricFamily? FamilyFor(ReadOnlySpan<char> key, int protocolLength)
    {
        if (_lookup.TryGetValue(key, out var family))
        {
            return family;
        }

        var text = key.ToString();
        family = DefaultFields().IsMatch(text)
            ? new MetricFamily("node_netstat_" + text, "Statistic " + text[..protocolLength] + text[(protocolLength + 1)..] + ".", MetricType.Untyped)
            : null;
        if (_families.Count > 4096)
        {
            _families.Clear();
        }

        _families[text] = family;
        return family;
    }

    [GeneratedRegex(@"^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultFields();
}
