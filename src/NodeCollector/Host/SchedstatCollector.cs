using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>node_exporter's <c>schedstat</c>: per-CPU run time, wait time (nanoseconds ÷ 1e9) and timeslices from <c>/proc/schedstat</c>.</summary>
internal sealed class SchedstatCollector : IHostCollector
{
    private const double NanosecondsPerSecond = 1000000000;

    private static readonly MetricFamily Running =
        new("node_schedstat_running_seconds_total", "Number of seconds CPU spent running a process.", MetricType.Counter);

    private static readonly MetricFamily Waiting =
        new("node_schedstat_waiting_seconds_total", "Number of seconds spent by processing waiting for this CPU.", MetricType.Counter);

    private static readonly MetricFamily Timeslices = new("node_schedstat_timeslices_total", "Number of timeslices executed by CPU.", MetricType.Counter);

    private readonly string _path;
    private readonly FileBuffer _file = new(8192);
    private readonly LabelValueCache _cpuNames = new();
    private readonly List<(string Cpu, ulong Running, ulong Waiting, ulong Timeslices)> _cpus = [];

    public SchedstatCollector(HostCollectorContext context)
    {
        _path = context.Proc("schedstat");
    }

    public string Name => "schedstat";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        _cpus.Clear();
        Span<ulong> fields = stackalloc ulong[9];
        while (Ascii.NextLine(ref text, out var line))
        {
            // "cpuN" then nine numbers; the last three are run time, wait time and timeslices.
            if (!Ascii.NextField(ref line, out var key) || key.Length < 4 || !key.StartsWith("cpu"u8) || !Ascii.TryParseUInt64(key[3..], out _))
            {
                continue;
            }

            var count = 0;
            while (count < fields.Length && Ascii.NextField(ref line, out var field) && Ascii.TryParseUInt64(field, out fields[count]))
            {
                count++;
            }

            if (count != fields.Length)
            {
                failure = $"{_path}: a cpu line without nine numbers";
                return false;
            }

            _cpus.Add((_cpuNames.Get(key[3..]), fields[6], fields[7], fields[8]));
        }

        if (_cpus.Count == 0)
        {
            failure = $"{_path}: no cpu lines";
            return false;
        }

        writer.WriteFamily(Running);
        foreach (var cpu in _cpus)
        {
            writer.WriteSample(Running.Name, "cpu", cpu.Cpu, cpu.Running / NanosecondsPerSecond);
        }

        writer.WriteFamily(Timeslices);
        foreach (var cpu in _cpus)
        {
            writer.WriteSample(Timeslices.Name, "cpu", cpu.Cpu, cpu.Timeslices);
        }

        writer.WriteFamily(Waiting);
        foreach (var cpu in _cpus)
        {
            writer.WriteSample(Waiting.Name, "cpu", cpu.Cpu, cpu.Waiting / NanosecondsPerSecond);
        }

        return true;
    }
}
