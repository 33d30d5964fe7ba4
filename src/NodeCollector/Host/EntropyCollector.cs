using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>node_exporter's <c>entropy</c>: available entropy and pool size from <c>/proc/sys/kernel/random</c>.</summary>
internal sealed class EntropyCollector : IHostCollector
{
    private static readonly MetricFamily Available = new("node_entropy_available_bits", "Bits of available entropy.", MetricType.Gauge);
    private static readonly MetricFamily PoolSize = new("node_entropy_pool_size_bits", "Bits of entropy pool.", MetricType.Gauge);

    private readonly string _availablePath;
    private readonly string _poolSizePath;
    private readonly FileBuffer _file = new(64);

    public EntropyCollector(HostCollectorContext context)
    {
        _availablePath = context.Proc("sys", "kernel", "random", "entropy_avail");
        _poolSizePath = context.Proc("sys", "kernel", "random", "poolsize");
    }

    public string Name => "entropy";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryReadUInt64(_availablePath, out var available, out failure) || !_file.TryReadUInt64(_poolSizePath, out var poolSize, out failure))
        {
            return false;
        }

        writer.WriteSingle(Available, available);
        writer.WriteSingle(PoolSize, poolSize);
        return true;
    }
}
