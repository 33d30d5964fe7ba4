using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>pressure</c>: pressure stall totals from <c>/proc/pressure/{cpu,io,memory,irq}</c>
/// (microseconds ÷ 1000 ÷ 1000, as node_exporter computes them). <c>irq</c> is optional (kernel 6.1+).
/// </summary>
internal sealed class PressureCollector : IHostCollector
{
    private static readonly MetricFamily CpuWaiting =
        new("node_pressure_cpu_waiting_seconds_total", "Total time in seconds that processes have waited for CPU time", MetricType.Counter);

    private static readonly MetricFamily IoStalled =
        new("node_pressure_io_stalled_seconds_total", "Total time in seconds no process could make progress due to IO congestion", MetricType.Counter);

    private static readonly MetricFamily IoWaiting =
        new("node_pressure_io_waiting_seconds_total", "Total time in seconds that processes have waited due to IO congestion", MetricType.Counter);

    private static readonly MetricFamily IrqStalled =
        new("node_pressure_irq_stalled_seconds_total", "Total time in seconds no process could make progress due to IRQ congestion", MetricType.Counter);

    private static readonly MetricFamily MemoryStalled =
        new("node_pressure_memory_stalled_seconds_total", "Total time in seconds no process could make progress due to memory congestion", MetricType.Counter);

    private static readonly MetricFamily MemoryWaiting =
        new("node_pressure_memory_waiting_seconds_total", "Total time in seconds that processes have waited for memory", MetricType.Counter);

    private readonly string _cpu;
    private readonly string _io;
    private readonly string _memory;
    private readonly string _irq;
    private readonly FileBuffer _file = new(256);

    public PressureCollector(HostCollectorContext context)
    {
        _cpu = context.Proc("pressure", "cpu");
        _io = context.Proc("pressure", "io");
        _memory = context.Proc("pressure", "memory");
        _irq = context.Proc("pressure", "irq");
    }

    public string Name => "pressure";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!TryReadTotals(_cpu, true, out var cpuSome, out _, out failure)
            || !TryReadTotals(_io, true, out var ioSome, out var ioFull, out failure)
            || !TryReadTotals(_memory, true, out var memorySome, out var memoryFull, out failure))
        {
            return false;
        }

        writer.WriteSingle(CpuWaiting, cpuSome / 1000.0 / 1000.0);
        writer.WriteSingle(IoWaiting, ioSome / 1000.0 / 1000.0);
        writer.WriteSingle(IoStalled, ioFull / 1000.0 / 1000.0);
        writer.WriteSingle(MemoryWaiting, memorySome / 1000.0 / 1000.0);
        writer.WriteSingle(MemoryStalled, memoryFull / 1000.0 / 1000.0);
        if (File.Exists(_irq))
        {
            if (!TryReadTotals(_irq, false, out _, out var irqFull, out failure))
            {
                return false;
            }

            writer.WriteSingle(IrqStalled, irqFull / 1000.0 / 1000.0);
        }

        return true;
    }

    /// <summary>The <c>total=</c> of the <c>some</c> and <c>full</c> lines; cpu may lack <c>full</c> (older kernels), irq has only <c>full</c>.</summary>
    private bool TryReadTotals(string path, bool requireSome, out double some, out double full, out string? failure)
    {
        some = full = 0;
        if (!_file.TryRead(path, out var text, out failure))
        {
            return false;
        }

        var seenSome = false;
        var seenFull = false;
        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var kind))
            {
                continue;
            }

            var isSome = kind.SequenceEqual("some"u8);
            if (!isSome && !kind.SequenceEqual("full"u8))
            {
                continue;
            }

            var total = double.NaN;
            while (Ascii.NextField(ref line, out var field))
            {
                if (field.StartsWith("total="u8) && Ascii.TryParseUInt64(field[6..], out var micros))
                {
                    total = micros;
                }
            }

            if (double.IsNaN(total))
            {
                failure = $"{path}: a {(isSome ? "some" : "full")} line without total=";
                return false;
            }

            if (isSome)
            {
                some = total;
                seenSome = true;
            }
            else
            {
                full = total;
                seenFull = true;
            }
        }

        if (requireSome ? !seenSome : !seenFull)
        {
            failure = $"{path}: no {(requireSome ? "some" : "full")} line";
            return false;
        }

        return true;
    }
}
