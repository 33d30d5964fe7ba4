using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>softnet</c>: per-CPU packet processing counters from <c>/proc/net/softnet_stat</c> (hexadecimal
/// columns, one row per online CPU; the CPU number is column 13 where the kernel writes it, else the row).
/// </summary>
internal sealed class SoftnetCollector : IHostCollector
{
    // Column of softnet_stat → family; column 11 (backlog) and 12 (cpu id) are newer kernels' additions.
    private static readonly (int Column, MetricFamily Family)[] Columns =
    [
        (11, new("node_softnet_backlog_len", "Softnet backlog status", MetricType.Gauge)),
        (8, new("node_softnet_cpu_collision_total", "Number of collision occur while obtaining device lock while transmitting", MetricType.Counter)),
        (1, new("node_softnet_dropped_total", "Number of dropped packets", MetricType.Counter)),
        (10, new("node_softnet_flow_limit_count_total", "Number of times flow limit has been reached", MetricType.Counter)),
        (0, new("node_softnet_processed_total", "Number of processed packets", MetricType.Counter)),
        (9, new("node_softnet_received_rps_total", "Number of times cpu woken up received_rps", MetricType.Counter)),
        (2, new("node_softnet_times_squeezed_total", "Number of times processing packets ran out of quota", MetricType.Counter)),
    ];

    private const int MaxColumns = 13;

    private readonly string _path;
    private readonly FileBuffer _file = new(4096);
    private readonly LabelValueCache _cpuNames = new();
    private readonly List<string> _cpus = [];
    private readonly List<ulong> _values = [];

    public SoftnetCollector(HostCollectorContext context)
    {
        // Not namespaced: softnet_stat is per CPU for the whole host.
        _path = context.Proc("net", "softnet_stat");
    }

    public string Name => "softnet";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        _cpus.Clear();
        _values.Clear();
        Span<ulong> row = stackalloc ulong[MaxColumns];
        while (Ascii.NextLine(ref text, out var line))
        {
            row.Clear();
            var count = 0;
            while (count < MaxColumns && Ascii.NextField(ref line, out var field))
            {
                if (!Ascii.TryParseHex(field, out row[count++]))
                {
                    failure = $"{_path}: not a hexadecimal number";
                    return false;
                }
            }

            if (count == 0)
            {
                continue;
            }

            if (count < 9)
            {
                failure = $"{_path}: a row with {count} columns";
                return false;
            }

            _cpus.Add(_cpuNames.Get(count >= 13 ? (long)row[12] : _cpus.Count));
            foreach (var (column, _) in Columns)
            {
                _values.Add(row[column]);
            }
        }

        if (_cpus.Count == 0)
        {
            failure = $"{_path}: no rows";
            return false;
        }

        for (var f = 0; f < Columns.Length; f++)
        {
            var family = Columns[f].Family;
            writer.WriteFamily(family);
            for (var cpu = 0; cpu < _cpus.Count; cpu++)
            {
                writer.WriteSample(family.Name, "cpu", _cpus[cpu], _values[(cpu * Columns.Length) + f]);
            }
        }

        return true;
    }
}
