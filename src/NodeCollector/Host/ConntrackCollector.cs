using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>conntrack</c>: table size and limit from <c>sys/net/netfilter/nf_conntrack_{count,max}</c> and the
/// per-CPU statistics of <c>net/stat/nf_conntrack</c> (hexadecimal, summed over CPUs). <c>/proc/sys/net</c> shows the
/// reader's network namespace, so these values are the host's only when the pod shares it (the chart sets hostNetwork).
/// </summary>
internal sealed class ConntrackCollector : IHostCollector
{
    private static readonly MetricFamily Entries =
        new("node_nf_conntrack_entries", "Number of currently allocated flow entries for connection tracking.", MetricType.Gauge);

    private static readonly MetricFamily Limit = new("node_nf_conntrack_entries_limit", "Maximum size of connection tracking table.", MetricType.Gauge);

    private static readonly (string Column, MetricFamily Family)[] Stats =
    [
        ("drop", new("node_nf_conntrack_stat_drop", "Number of packets dropped due to conntrack failure.", MetricType.Gauge)),
        ("early_drop", new("node_nf_conntrack_stat_early_drop", "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.", MetricType.Gauge)),
        ("found", new("node_nf_conntrack_stat_found", "Number of searched entries which were successful.", MetricType.Gauge)),
        ("ignore", new("node_nf_conntrack_stat_ignore", "Number of packets seen which are already connected to a conntrack entry.", MetricType.Gauge)),
        ("insert", new("node_nf_conntrack_stat_insert", "Number of entries inserted into the list.", MetricType.Gauge)),
        ("insert_failed", new("node_nf_conntrack_stat_insert_failed", "Number of entries for which list insertion was attempted but failed.", MetricType.Gauge)),
        ("invalid", new("node_nf_conntrack_stat_invalid", "Number of packets seen which can not be tracked.", MetricType.Gauge)),
        ("search_restart", new("node_nf_conntrack_stat_search_restart", "Number of conntrack table lookups which had to be restarted due to hashtable resizes.", MetricType.Gauge)),
    ];

    private static readonly byte[][] StatColumns = [.. Stats.Select(s => System.Text.Encoding.ASCII.GetBytes(s.Column))];

    private readonly string _count;
    private readonly string _max;
    private readonly string _stat;
    private readonly FileBuffer _file = new(4096);
    private readonly double[] _sums = new double[Stats.Length];

    public ConntrackCollector(HostCollectorContext context)
    {
        _count = context.Proc("sys", "net", "netfilter", "nf_conntrack_count");
        _max = context.Proc("sys", "net", "netfilter", "nf_conntrack_max");
        _stat = context.ProcNet("stat", "nf_conntrack");
    }

    public string Name => "conntrack";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryReadUInt64(_count, out var count, out failure) || !_file.TryReadUInt64(_max, out var max, out failure)
            || !TrySumStats(out failure))
        {
            return false;
        }

        writer.WriteSingle(Entries, count);
        writer.WriteSingle(Limit, max);
        for (var i = 0; i < Stats.Length; i++)
        {
            writer.WriteSingle(Stats[i].Family, _sums[i]);
        }

        return true;
    }

    private bool TrySumStats(out string? failure)
    {
        Array.Clear(_sums);
        if (!_file.TryRead(_stat, out var text, out failure) || !Ascii.NextLine(ref text, out var header))
        {
            failure ??= $"{_stat}: empty";
            return false;
        }

        // The header names the columns; find ours by name, as their positions differ between kernels.
        Span<int> columns = stackalloc int[Stats.Length];
        columns.Fill(-1);
        for (var index = 0; Ascii.NextField(ref header, out var name); index++)
        {
            for (var i = 0; i < Stats.Length; i++)
            {
                if (name.SequenceEqual(StatColumns[i]))
                {
                    columns[i] = index;
                }
            }
        }

        var rows = 0;
        while (Ascii.NextLine(ref text, out var row))
        {
            for (var index = 0; Ascii.NextField(ref row, out var field); index++)
            {
                var stat = columns.IndexOf(index);
                if (stat < 0)
                {
                    continue;
                }

                if (!Ascii.TryParseHex(field, out var value))
                {
                    failure = $"{_stat}: not a hexadecimal number";
                    return false;
                }

                _sums[stat] += value;
            }

            rows++;
        }

        if (rows == 0 || columns.Contains(-1))
        {
            failure = $"{_stat}: no per-CPU rows or a column is missing";
            return false;
        }

        return true;
    }
}
