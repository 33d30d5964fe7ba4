using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>node_exporter's <c>loadavg</c>: the 1, 5 and 15 minute load averages from <c>/proc/loadavg</c>.</summary>
internal sealed class LoadavgCollector : IHostCollector
{
    private static readonly MetricFamily[] Families =
    [
        new("node_load1", "1m load average.", MetricType.Gauge),
        new("node_load5", "5m load average.", MetricType.Gauge),
        new("node_load15", "15m load average.", MetricType.Gauge),
    ];

    private readonly string _path;
    private readonly FileBuffer _file = new(256);

    public LoadavgCollector(HostCollectorContext context)
    {
        _path = context.Proc("loadavg");
    }

    public string Name => "loadavg";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var line, out failure))
        {
            return false;
        }

        Span<double> loads = stackalloc double[3];
        for (var i = 0; i < loads.Length; i++)
        {
            if (!Ascii.NextField(ref line, out var field) || !Ascii.TryParseDouble(field, out loads[i]))
            {
                failure = $"{_path}: expected three load averages";
                return false;
            }
        }

        for (var i = 0; i < loads.Length; i++)
        {
            writer.WriteSingle(Families[i], loads[i]);
        }

        return true;
    }
}
