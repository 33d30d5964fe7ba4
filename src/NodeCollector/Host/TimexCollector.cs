using System.Runtime.InteropServices;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>timex</c>: the kernel clock discipline from adjtimex(2) (read only, mode 0), scaled as
/// node_exporter scales it (microseconds or nanoseconds by STA_NANO, frequencies in 2^-16 ppm). The kernel clock is
/// not namespaced, so the values are the host's from any pod.
/// </summary>
internal sealed partial class TimexCollector : IHostCollector
{
    private const int ClockUnsynchronized = 5; // TIME_ERROR
    private const long StatusNano = 0x2000; // STA_NANO
    private const double Microseconds = 1000000;
    private const double Nanoseconds = 1000000000;
    private const double Ppm16Fraction = 1000000.0 * 65536.0;

    private static readonly MetricFamily Sync = Gauge("sync_status", "Is clock synchronized to a reliable server (1 = yes, 0 = no).");
    private static readonly MetricFamily Offset = Gauge("offset_seconds", "Time offset in between local system and reference clock.");
    private static readonly MetricFamily Frequency = Gauge("frequency_adjustment_ratio", "Local clock frequency adjustment.");
    private static readonly MetricFamily MaxError = Gauge("maxerror_seconds", "Maximum error in seconds.");
    private static readonly MetricFamily EstimatedError = Gauge("estimated_error_seconds", "Estimated error in seconds.");
    private static readonly MetricFamily Status = Gauge("status", "Value of the status array bits.");
    private static readonly MetricFamily Constant = Gauge("loop_time_constant", "Phase-locked loop time constant.");
    private static readonly MetricFamily Tick = Gauge("tick_seconds", "Seconds between clock ticks.");
    private static readonly MetricFamily PpsFrequency = Gauge("pps_frequency_hertz", "Pulse per second frequency.");
    private static readonly MetricFamily PpsJitter = Gauge("pps_jitter_seconds", "Pulse per second jitter.");
    private static readonly MetricFamily PpsShift = Gauge("pps_shift_seconds", "Pulse per second interval duration.");
    private static readonly MetricFamily PpsStability = Gauge("pps_stability_hertz", "Pulse per second stability, average of recent frequency changes.");
    private static readonly MetricFamily PpsJitterCount = Counter("pps_jitter_total", "Pulse per second count of jitter limit exceeded events.");
    private static readonly MetricFamily PpsCalibrationCount = Counter("pps_calibration_total", "Pulse per second count of calibration intervals.");
    private static readonly MetricFamily PpsErrorCount = Counter("pps_error_total", "Pulse per second count of calibration errors.");
    private static readonly MetricFamily PpsStabilityCount = Counter("pps_stability_exceeded_total", "Pulse per second count of stability limit exceeded events.");
    private static readonly MetricFamily Tai = Gauge("tai_offset_seconds", "International Atomic Time (TAI) offset.");

    public string Name => "timex";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            failure = "adjtimex is read only on 64-bit Linux";
            return false;
        }

        var timex = default(Timex);
        var state = AdjTimex(ref timex);
        if (state < 0)
        {
            failure = $"adjtimex failed (errno {Marshal.GetLastPInvokeError()})";
            return false;
        }

        var divisor = (timex.Status & StatusNano) != 0 ? Nanoseconds : Microseconds;
        writer.WriteSingle(Sync, state == ClockUnsynchronized ? 0 : 1);
        writer.WriteSingle(Offset, timex.Offset / divisor);
        writer.WriteSingle(Frequency, 1 + (timex.Frequency / Ppm16Fraction));
        writer.WriteSingle(MaxError, timex.MaxError / Microseconds);
        writer.WriteSingle(EstimatedError, timex.EstimatedError / Microseconds);
        writer.WriteSingle(Status, timex.Status);
        writer.WriteSingle(Constant, timex.Constant);
        writer.WriteSingle(Tick, timex.Tick / Microseconds);
        writer.WriteSingle(PpsFrequency, timex.PpsFrequency / Ppm16Fraction);
        writer.WriteSingle(PpsJitter, timex.Jitter / divisor);
        writer.WriteSingle(PpsShift, timex.Shift);
        writer.WriteSingle(PpsStability, timex.Stability / Ppm16Fraction);
        writer.WriteSingle(PpsJitterCount, timex.JitterCount);
        writer.WriteSingle(PpsCalibrationCount, timex.CalibrationCount);
        writer.WriteSingle(PpsErrorCount, timex.ErrorCount);
        writer.WriteSingle(PpsStabilityCount, timex.StabilityCount);
        writer.WriteSingle(Tai, timex.Tai);
        return true;
    }

    private static MetricFamily Gauge(string name, string help) => new("node_timex_" + name, help, MetricType.Gauge);

    private static MetricFamily Counter(string name, string help) => new("node_timex_" + name, help, MetricType.Counter);

    [LibraryImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    private static partial int AdjTimex(ref Timex timex);

    /// <summary>struct timex of 64-bit Linux (adjtimex(2)); 208 bytes with the reserved tail.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 208)]
    private struct Timex
    {
        [FieldOffset(8)] public long Offset;
        [FieldOffset(16)] public long Frequency;
        [FieldOffset(24)] public long MaxError;
        [FieldOffset(32)] public long EstimatedError;
        [FieldOffset(40)] public int Status;
        [FieldOffset(48)] public long Constant;
        [FieldOffset(88)] public long Tick;
        [FieldOffset(96)] public long PpsFrequency;
        [FieldOffset(104)] public long Jitter;
        [FieldOffset(112)] public int Shift;
        [FieldOffset(120)] public long Stability;
        [FieldOffset(128)] public long JitterCount;
        [FieldOffset(136)] public long CalibrationCount;
        [FieldOffset(144)] public long ErrorCount;
        [FieldOffset(152)] public long StabilityCount;
        [FieldOffset(160)] public int Tai;
    }
}
