using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>cpu</c>: seconds per CPU and mode from <c>/proc/stat</c> (ticks ÷ USER_HZ 100, kept from going
/// backwards as node_exporter does), isolated CPUs, and thermal throttle counts from sysfs.
/// </summary>
internal sealed class CpuCollector : IHostCollector
{
    private const double UserHz = 100;

    // Idle going back this much means a CPU was hot-plugged: its counters start over.
    private const double JumpBackSeconds = 3;

    private static readonly MetricFamily Seconds = new("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", MetricType.Counter);
    private static readonly MetricFamily Guest = new("node_cpu_guest_seconds_total", "Seconds the CPUs spent in guests (VMs) for each mode.", MetricType.Counter);

    private static readonly MetricFamily Isolated =
        new("node_cpu_isolated", "Whether each core is isolated, information from /sys/devices/system/cpu/isolated.", MetricType.Gauge);

    // /proc/stat's columns: user nice system idle iowait irq softirq steal guest guest_nice; modes in label order.
    private static readonly (string Mode, int Column)[] SortedModes =
        [("idle", 3), ("iowait", 4), ("irq", 5), ("nice", 1), ("softirq", 6), ("steal", 7), ("system", 2), ("user", 0)];

    private const int Columns = 10;
    private const int IdleColumn = 3;

    private readonly string _statPath;
    private readonly string _isolatedPath;
    private readonly FileBuffer _file = new(16384);
    private readonly LabelValueCache _cpuNames = new();
    private readonly CpuThrottleReader _throttles;
    private readonly Dictionary<long, double[]> _last = [];
    private readonly Label[] _labels = new Label[2];

    public CpuCollector(HostCollectorContext context)
    {
        _statPath = context.Proc("stat");
        _isolatedPath = context.Sys("devices", "system", "cpu", "isolated");
        _throttles = new CpuThrottleReader(context.Sys("devices", "system", "cpu"), _cpuNames);
    }

    public string Name => "cpu";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_statPath, out var text, out failure))
        {
            return false;
        }

        writer.WriteFamily(Seconds);
        var cpus = 0;
        Span<double> values = stackalloc double[Columns];
        var rest = text;
        while (Ascii.NextLine(ref rest, out var line))
        {
            if (!Ascii.NextField(ref line, out var key) || key.Length < 4 || !key.StartsWith("cpu"u8)
                || !Ascii.TryParseUInt64(key[3..], out var cpu) || !TryParseTicks(line, values))
            {
                continue;
            }

            var last = Clamp((long)cpu, values);
            var cpuName = _cpuNames.Get(key[3..]);
            _labels[0] = new Label("cpu", cpuName);
            foreach (var (mode, column) in SortedModes)
            {
                _labels[1] = new Label("mode", mode);
                writer.WriteSample(Seconds.Name, _labels, last[column]);
            }

            cpus++;
        }

        if (cpus == 0)
        {
            failure = $"{_statPath}: no cpuN lines";
            return false;
        }

        writer.WriteFamily(Guest);
        rest = text;
        while (Ascii.NextLine(ref rest, out var line))
        {
            if (Ascii.NextField(ref line, out var key) && key.Length >= 4 && key.StartsWith("cpu"u8) && Ascii.TryParseUInt64(key[3..], out var cpu))
            {
                var last = _last[(long)cpu];
                _labels[0] = new Label("cpu", _cpuNames.Get(key[3..]));
                _labels[1] = new Label("mode", "nice");
                writer.WriteSample(Guest.Name, _labels, last[9]);
                _labels[1] = new Label("mode", "user");
                writer.WriteSample(Guest.Name, _labels, last[8]);
            }
        }

        WriteIsolated(writer);
        _throttles.Write(writer);
        return true;
    }

    private static bool TryParseTicks(ReadOnlySpan<byte> line, Span<double> values)
    {
        values.Clear();
        var count = 0;
        while (count < Columns && Ascii.NextField(ref line, out var field))
        {
            if (!Ascii.TryParseDouble(field, out var ticks))
            {
                return false;
            }

            values[count++] = ticks / UserHz;
        }

        return count > 0;
    }

    /// <summary>Keeps each counter from going backwards (node_exporter's rule), resetting a CPU whose idle jumped back.</summary>
    private double[] Clamp(long cpu, ReadOnlySpan<double> values)
    {
        if (!_last.TryGetValue(cpu, out var last) || last[IdleColumn] - values[IdleColumn] >= JumpBackSeconds)
        {
            last = new double[Columns];
            _last[cpu] = last;
        }

        for (var i = 0; i < Columns; i++)
        {
            if (values[i] >= last[i])
            {
                last[i] = values[i];
            }
        }

        return last;
    }

    /// <summary><c>isolated</c> is a CPU list such as <c>1,3-5,9</c>; a missing or empty file means none.</summary>
    private void WriteIsolated(IMetricWriter writer)
    {
        if (!File.Exists(_isolatedPath) || !_file.TryReadValue(_isolatedPath, out var list, out _) || list.IsEmpty)
        {
            return;
        }

        writer.WriteFamily(Isolated);
        foreach (var range in list.Split((byte)','))
        {
            var part = list[range];
            var dash = part.IndexOf((byte)'-');
            ulong from, to;
            if (dash < 0)
            {
                if (!Ascii.TryParseUInt64(part, out from))
                {
                    continue;
                }

                to = from;
            }
            else if (!Ascii.TryParseUInt64(part[..dash], out from) || !Ascii.TryParseUInt64(part[(dash + 1)..], out to))
            {
                continue;
            }

            for (var cpu = from; cpu <= to && cpu - from < 4096; cpu++)
            {
                writer.WriteSample(Isolated.Name, "cpu", _cpuNames.Get((long)cpu), 1);
            }
        }
    }
}
