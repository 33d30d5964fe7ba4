using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>bonding</c>: per bonding master in <c>sys/class/net/bonding_masters</c>, the configured slaves and
/// those whose MII status is up. A host without bonding reports failure, as node_exporter does (no data).
/// </summary>
internal sealed class BondingCollector : IHostCollector
{
    private static readonly MetricFamily Slaves = new("node_bonding_slaves", "Number of configured slaves per bonding interface.", MetricType.Gauge);
    private static readonly MetricFamily Active = new("node_bonding_active", "Number of active slaves per bonding interface.", MetricType.Gauge);

    private readonly string _netDir;
    private readonly FileBuffer _file = new(256);
    private readonly FileBuffer _state = new(64);
    private readonly LabelValueCache _names = new();
    private readonly List<(string Master, int Slaves, int Active)> _masters = [];

    public BondingCollector(HostCollectorContext context)
    {
        _netDir = context.Sys("class", "net");
    }

    public string Name => "bonding";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(Path.Combine(_netDir, "bonding_masters"), out var masters, out failure))
        {
            return false;
        }

        _masters.Clear();
        while (Ascii.NextField(ref masters, out var masterBytes))
        {
            var master = _names.Get(masterBytes);
            if (!TryCountSlaves(master, out var slaves, out var active, out failure))
            {
                return false;
            }

            _masters.Add((master, slaves, active));
        }

        writer.WriteFamily(Active);
        foreach (var (master, _, active) in _masters)
        {
            writer.WriteSample(Active.Name, "master", master, active);
        }

        writer.WriteFamily(Slaves);
        foreach (var (master, slaves, _) in _masters)
        {
            writer.WriteSample(Slaves.Name, "master", master, slaves);
        }

        return true;
    }

    private bool TryCountSlaves(string master, out int slaves, out int active, out string? failure)
    {
        slaves = active = 0;
        var masterDir = Path.Combine(_netDir, master);
        if (!_file.TryRead(Path.Combine(masterDir, "bonding", "slaves"), out var list, out failure))
        {
            return false;
        }

        while (Ascii.NextField(ref list, out var slaveBytes))
        {
            var slave = _names.Get(slaveBytes);

            // lower_<slave> on current kernels, slave_<slave> on older ones.
            if (!_state.TryReadValue(Path.Combine(masterDir, "lower_" + slave, "bonding_slave", "mii_status"), out var state, out failure)
                && !_state.TryReadValue(Path.Combine(masterDir, "slave_" + slave, "bonding_slave", "mii_status"), out state, out failure))
            {
                return false;
            }

            slaves++;
            if (state.SequenceEqual("up"u8))
            {
                active++;
            }
        }

        return true;
    }
}
