using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>nfs</c>: the NFS client's network, RPC and per-procedure counters of <c>/proc/net/rpc/nfs</c>
/// (versions 2, 3 and 4; a version the kernel does not list counts 0). No NFS client module (no file) is no data.
/// </summary>
internal sealed class NfsCollector : IHostCollector
{
    private static readonly MetricFamily Connections = new("node_nfs_connections_total", "Total number of NFSd TCP connections.", MetricType.Counter);
    private static readonly MetricFamily Packets = new("node_nfs_packets_total", "Total NFSd network packets (sent+received) by protocol type.", MetricType.Counter);
    private static readonly MetricFamily Requests = new("node_nfs_requests_total", "Number of NFS procedures invoked.", MetricType.Counter);

    private static readonly MetricFamily AuthRefreshes = new(
        "node_nfs_rpc_authentication_refreshes_total", "Number of RPC authentication refreshes performed.", MetricType.Counter);

    private static readonly MetricFamily Retransmissions = new("node_nfs_rpc_retransmissions_total", "Number of RPC transmissions performed.", MetricType.Counter);
    private static readonly MetricFamily Rpcs = new("node_nfs_rpcs_total", "Total number of RPCs performed.", MetricType.Counter);

    private readonly string _path;
    private readonly NfsProcedures.LineHandler _handleLine;
    private readonly FileBuffer _file = new(1024);
    private readonly double[] _net = new double[4];
    private readonly double[] _rpc = new double[3];
    private readonly double[] _v2 = new double[NfsProcedures.Version2.Length];
    private readonly double[] _v3 = new double[NfsProcedures.Version3.Length];
    private readonly double[] _v4 = new double[NfsProcedures.ClientVersion4.Length];

    public NfsCollector(HostCollectorContext context)
    {
        _path = context.Proc("net", "rpc", "nfs");
        _handleLine = HandleLine;
    }

    public string Name => "nfs";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        Clear();
        if (!NfsProcedures.TryReadFile(_file, _path, _handleLine, out failure))
        {
            return false;
        }

        writer.WriteSingle(Connections, _net[3]);
        writer.WriteFamily(Packets);
        writer.WriteSample(Packets.Name, "protocol", "tcp", _net[2]);
        writer.WriteSample(Packets.Name, "protocol", "udp", _net[1]);
        writer.WriteSingle(AuthRefreshes, _rpc[2]);
        writer.WriteSingle(Retransmissions, _rpc[1]);
        writer.WriteSingle(Rpcs, _rpc[0]);
        writer.WriteFamily(Requests);
        WriteRequests(writer, NfsProcedures.Version2, _v2, "2");
        WriteRequests(writer, NfsProcedures.Version3, _v3, "3");
        WriteRequests(writer, NfsProcedures.ClientVersion4, _v4, "4");
        return true;
    }

    private void Clear()
    {
        Array.Clear(_net);
        Array.Clear(_rpc);
        Array.Clear(_v2);
        Array.Clear(_v3);
        Array.Clear(_v4);
    }

    private bool? HandleLine(ReadOnlySpan<byte> key, ReadOnlySpan<byte> line) =>
        key switch
        {
            _ when key.SequenceEqual("net"u8) => (bool?)(NfsProcedures.TryParseValues(line, _net, out var n) && n == _net.Length),
            _ when key.SequenceEqual("rpc"u8) => NfsProcedures.TryParseValues(line, _rpc, out var n) && n == _rpc.Length,
            _ when key.SequenceEqual("proc2"u8) => NfsProcedures.TryParseProcedures(line, _v2, _v2.Length, atLeast: false),
            _ when key.SequenceEqual("proc3"u8) => NfsProcedures.TryParseProcedures(line, _v3, _v3.Length, atLeast: false),
            _ when key.SequenceEqual("proc4"u8) => NfsProcedures.TryParseProcedures(line, _v4, 1, atLeast: true),
            _ => (bool?)null,
        };

    private static void WriteRequests(IMetricWriter writer, string[] methods, double[] values, string version)
    {
        for (var i = 0; i < methods.Length; i++)
        {
            writer.WriteSample(Requests.Name, new Label("method", methods[i]), new Label("proto", version), values[i]);
        }
    }
}
