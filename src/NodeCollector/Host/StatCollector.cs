using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>stat</c>: boot time, context switches, forks, interrupts and process counts from
/// <c>/proc/stat</c>; with <c>host_metrics.stat.softirq</c> also the softirq counts by vector.
/// </summary>
internal sealed class StatCollector : IHostCollector
{
    private static readonly MetricFamily BootTime = new("node_boot_time_seconds", "Node boot time, in unixtime.", MetricType.Gauge);
    private static readonly MetricFamily ContextSwitches = new("node_context_switches_total", "Total number of context switches.", MetricType.Counter);
    private static readonly MetricFamily Forks = new("node_forks_total", "Total number of forks.", MetricType.Counter);
    private static readonly MetricFamily Interrupts = new("node_intr_total", "Total number of interrupts serviced.", MetricType.Counter);
    private static readonly MetricFamily ProcsBlocked = new("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.", MetricType.Gauge);
    private static readonly MetricFamily ProcsRunning = new("node_procs_running", "Number of processes in runnable state.", MetricType.Gauge);
    private static readonly MetricFamily Softirqs = new("node_softirqs_total", "Number of softirq calls.", MetricType.Counter);

    // The order of the per-vector counts on the softirq line (after the total).
    private static readonly string[] SoftirqVectors = ["hi", "timer", "net_tx", "net_rx", "block", "block_iopoll", "tasklet", "sched", "hrtimer", "rcu"];

    private readonly string _path;
    private readonly bool _softirq;
    private readonly FileBuffer _file = new(16384);
    private readonly double[] _softirqCounts = new double[SoftirqVectors.Length];

    public StatCollector(HostCollectorContext context)
    {
        _path = context.Proc("stat");
        _softirq = context.Options.Stat.Softirq;
    }

    public string Name => "stat";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        double boot = 0, context = 0, forks = 0, interrupts = 0, running = 0, blocked = 0;
        var seen = 0;
        var softirqSeen = false;
        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var key) || !Ascii.NextField(ref line, out var first)
                || !Ascii.TryParseNumber(first, out var value))
            {
                continue;
            }

            switch (key)
            {
                case var k when k.SequenceEqual("btime"u8): boot = value; seen |= 1; break;
                case var k when k.SequenceEqual("ctxt"u8): context = value; seen |= 2; break;
                case var k when k.SequenceEqual("processes"u8): forks = value; seen |= 4; break;
                case var k when k.SequenceEqual("intr"u8): interrupts = value; seen |= 8; break;
                case var k when k.SequenceEqual("procs_running"u8): running = value; seen |= 16; break;
                case var k when k.SequenceEqual("procs_blocked"u8): blocked = value; seen |= 32; break;
                case var k when k.SequenceEqual("softirq"u8): softirqSeen = TryParseSoftirqs(line); break;
                default: break;
            }
        }

        if (seen != 63 || (_softirq && !softirqSeen))
        {
            failure = $"{_path}: missing one of btime, ctxt, processes, intr, procs_running, procs_blocked{(_softirq ? ", softirq" : "")}";
            return false;
        }

        writer.WriteSingle(BootTime, boot);
        writer.WriteSingle(ContextSwitches, context);
        writer.WriteSingle(Forks, forks);
        writer.WriteSingle(Interrupts, interrupts);
        writer.WriteSingle(ProcsBlocked, blocked);
        writer.WriteSingle(ProcsRunning, running);
        if (_softirq)
        {
            writer.WriteFamily(Softirqs);
            for (var i = 0; i < SoftirqVectors.Length; i++)
            {
                writer.WriteSample(Softirqs.Name, "vector", SoftirqVectors[i], _softirqCounts[i]);
            }
        }

        return true;
    }

    private bool TryParseSoftirqs(ReadOnlySpan<byte> counts)
    {
        for (var i = 0; i < _softirqCounts.Length; i++)
        {
            if (!Ascii.NextField(ref counts, out var field) || !Ascii.TryParseNumber(field, out _softirqCounts[i]))
            {
                return false;
            }
        }

        return true;
    }
}
