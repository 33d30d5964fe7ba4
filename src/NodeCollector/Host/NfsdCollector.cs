using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>nfsd</c>: the NFS server's reply cache, file handle, disk I/O, thread, read-ahead, network, RPC
/// and per-procedure counters of <c>/proc/net/rpc/nfsd</c> (versions 2, 3 and the version 4 operations). No NFS server
/// module (no file) is no data.
/// </summary>
internal sealed class NfsdCollector : IHostCollector
{
    private static readonly MetricFamily Connections = Counter("connections_total", "Total number of NFSd TCP connections.");
    private static readonly MetricFamily BytesRead = Counter("disk_bytes_read_total", "Total NFSd bytes read.");
    private static readonly MetricFamily BytesWritten = Counter("disk_bytes_written_total", "Total NFSd bytes written.");
    private static readonly MetricFamily StaleHandles = Counter("file_handles_stale_total", "Total number of NFSd stale file handles");
    private static readonly MetricFamily Packets = Counter("packets_total", "Total NFSd network packets (sent+received) by protocol type.");
    private static readonly MetricFamily ReadAheadNotFound = Counter("read_ahead_cache_not_found_total", "Total number of NFSd read ahead cache not found.");
    private static readonly MetricFamily ReadAheadSize = new("node_nfsd_read_ahead_cache_size_blocks", "How large the read ahead cache is in blocks.", MetricType.Gauge);
    private static readonly MetricFamily CacheHits = Counter("reply_cache_hits_total", "Total number of NFSd Reply Cache hits (client lost server response).");
    private static readonly MetricFamily CacheMisses = Counter("reply_cache_misses_total", "Total number of NFSd Reply Cache an operation that requires caching (idempotent).");
    private static readonly MetricFamily CacheNocache = Counter("reply_cache_nocache_total", "Total number of NFSd Reply Cache non-idempotent operations (rename/delete/…).");
    private static readonly MetricFamily Requests = Counter("requests_total", "Total number NFSd Requests by method and protocol.");
    private static readonly MetricFamily RpcErrors = Counter("rpc_errors_total", "Total number of NFSd RPC errors by error type.");
    private static readonly MetricFamily Rpcs = Counter("server_rpcs_total", "Total number of NFSd RPCs.");
    private static readonly MetricFamily Threads = new("node_nfsd_server_threads", "Total number of NFSd kernel threads that are running.", MetricType.Gauge);

    private readonly string _path;
    private readonly NfsProcedures.LineHandler _handleLine;
    private readonly FileBuffer _file = new(2048);
    private readonly double[] _rc = new double[3];
    private readonly double[] _fh = new double[5];
    private readonly double[] _io = new double[2];
    private readonly double[] _th = new double[16];
    private readonly double[] _ra = new double[12];
    private readonly double[] _net = new double[4];
    private readonly double[] _rpc = new double[5];
    private readonly double[] _v2 = new double[NfsProcedures.Version2.Length];
    private readonly double[] _v3 = new double[NfsProcedures.Version3.Length];
    private readonly double[] _v4 = new double[NfsProcedures.ServerVersion4.Length];
    private readonly double[] _wdeleg = new double[1];

    public NfsdCollector(HostCollectorContext context)
    {
        _path = context.Proc("net", "rpc", "nfsd");
        _handleLine = HandleLine;
    }

    public string Name => "nfsd";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        Clear();
        if (!NfsProcedures.TryReadFile(_file, _path, _handleLine, out failure))
        {
            return false;
        }

        writer.WriteSingle(CacheHits, _rc[0]);
        writer.WriteSingle(CacheMisses, _rc[1]);
        writer.WriteSingle(CacheNocache, _rc[2]);
        writer.WriteSingle(StaleHandles, _fh[0]);
        writer.WriteSingle(BytesRead, _io[0]);
        writer.WriteSingle(BytesWritten, _io[1]);
        writer.WriteSingle(Threads, _th[0]);
        writer.WriteSingle(ReadAheadSize, _ra[0]);
        writer.WriteSingle(ReadAheadNotFound, _ra[11]);
        writer.WriteSingle(Connections, _net[3]);
        writer.WriteFamily(Packets);
        writer.WriteSample(Packets.Name, "proto", "tcp", _net[2]);
        writer.WriteSample(Packets.Name, "proto", "udp", _net[1]);
        writer.WriteSingle(Rpcs, _rpc[0]);
        writer.WriteFamily(RpcErrors);
        writer.WriteSample(RpcErrors.Name, "error", "auth", _rpc[3]);
        writer.WriteSample(RpcErrors.Name, "error", "cInt", _rpc[4]);
        writer.WriteSample(RpcErrors.Name, "error", "fmt", _rpc[2]);
        writer.WriteFamily(Requests);
        // The server's Null calls are not exported (node_exporter has them for the client only).
        WriteRequests(writer, NfsProcedures.Version2.AsSpan(1), _v2.AsSpan(1), "2");
        WriteRequests(writer, NfsProcedures.Version3.AsSpan(1), _v3.AsSpan(1), "3");
        WriteRequests(writer, NfsProcedures.ServerVersion4, _v4, "4");
        writer.WriteSample(Requests.Name, new Label("method", "WdelegGetattr"), new Label("proto", "4"), _wdeleg[0]);
        return true;
    }

    private void Clear()
    {
        foreach (var values in (ReadOnlySpan<double[]>)[_rc, _fh, _io, _th, _ra, _net, _rpc, _v2, _v3, _v4, _wdeleg])
        {
            Array.Clear(values);
        }
    }

    private bool? HandleLine(ReadOnlySpan<byte> key, ReadOnlySpan<byte> line) =>
        key switch
        {
            _ when key.SequenceEqual("rc"u8) => (bool?)Exactly(line, _rc),
            _ when key.SequenceEqual("fh"u8) => Exactly(line, _fh),
            _ when key.SequenceEqual("io"u8) => Exactly(line, _io),
            _ when key.SequenceEqual("th"u8) => NfsProcedures.TryParseValues(line, _th, out var n) && n >= 1,
            _ when key.SequenceEqual("ra"u8) => Exactly(line, _ra),
            _ when key.SequenceEqual("net"u8) => Exactly(line, _net),
            _ when key.SequenceEqual("rpc"u8) => Exactly(line, _rpc),
            _ when key.SequenceEqual("proc2"u8) => NfsProcedures.TryParseProcedures(line, _v2, _v2.Length, atLeast: false),
            _ when key.SequenceEqual("proc3"u8) => NfsProcedures.TryParseProcedures(line, _v3, _v3.Length, atLeast: false),
            _ when key.SequenceEqual("proc4ops"u8) => NfsProcedures.TryParseProcedures(line, _v4, _v4.Length, atLeast: true),
            _ when key.SequenceEqual("wdeleg_getattr"u8) => Exactly(line, _wdeleg),
            _ => (bool?)null,
        };

    private static bool Exactly(ReadOnlySpan<byte> line, double[] values) => NfsProcedures.TryParseValues(line, values, out var n) && n == values.Length;

    private static void WriteRequests(IMetricWriter writer, ReadOnlySpan<string?> methods, ReadOnlySpan<double> values, string version)
    {
        for (var i = 0; i < methods.Length; i++)
        {
            if (methods[i] is { } method)
            {
                writer.WriteSample(Requests.Name, new Label("method", method), new Label("proto", version), values[i]);
            }
        }
    }

    private static MetricFamily Counter(string suffix, string help) => new("node_nfsd_" + suffix, help, MetricType.Counter);
}
