using System.Globalization;

namespace NodeCollector.Benchmarks.Logs;

/// <summary>What one end-to-end logs run measured of the collector process, and what did not arrive as written.</summary>
internal sealed record LogsE2eResult(
    int Files,
    long Bytes,
    long Lines,
    TimeSpan Wall,
    TimeSpan CollectorCpu,
    long IdleRssBytes,
    long PeakRssBytes,
    int Pushes,
    IReadOnlyList<string> Problems)
{
    public const double TargetMegabytesPerCpuSecond = 100;
    public const long TargetPeakRssBytes = 64L << 20;

    public double MegabytesPerCpuSecond => Bytes / 1e6 / CollectorCpu.TotalSeconds;

    public double LinesPerCpuSecond => Lines / CollectorCpu.TotalSeconds;

    /// <summary>What the warm-up shipped before the measured run, when there was one.</summary>
    public LogsE2eWarmup? Warmup { get; init; }

    /// <summary>The memory cgroup the collector ran in, with <c>--memory-limit</c>.</summary>
    public LogsE2eCgroup? Cgroup { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        {(Warmup is null ? "cold collector (no warm-up)" : Warmup.ToString())}
        {Files} file(s), {Bytes / 1e6:F1} MB, {Lines:N0} lines ({Bytes / (double)Lines:F0} B/line), {Pushes} pushes{(Warmup is null ? "" : " (warm-up included)")}
          wall {Wall.TotalSeconds:F2} s: {Bytes / 1e6 / Wall.TotalSeconds:F1} MB/s, {Lines / Wall.TotalSeconds:N0} lines/s
          collector CPU {CollectorCpu.TotalSeconds:F2} s: {MegabytesPerCpuSecond:F1} MB/s and {LinesPerCpuSecond:N0} lines/s per CPU-second (target >= {TargetMegabytesPerCpuSecond} MB/s: {(MegabytesPerCpuSecond >= TargetMegabytesPerCpuSecond ? "met" : "NOT met")})
          collector RSS idle before {IdleRssBytes / 1048576.0:F1} MiB, peak over the whole run (VmHWM) {PeakRssBytes / 1048576.0:F1} MiB{(Files >= 500 ? $" (target < 64 MiB with 500 files: {(PeakRssBytes < TargetPeakRssBytes ? "met" : "NOT met")})" : "")}{(Cgroup is null ? "" : "\n  " + Cgroup)}
          {(Problems.Count == 0 ? "every line arrived once, in order" : "LINES LOST OR WRONG:\n    " + string.Join("\n    ", Problems))}
        """);
}

/// <summary>The warm-up before the measured run: the same path, cold, so its CPU includes the runtime's re-compiling.</summary>
internal sealed record LogsE2eWarmup(long Bytes, TimeSpan Wall, TimeSpan CollectorCpu)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"warm-up (cold collector, measured apart): {Bytes / 1e6:F1} MB in {Wall.TotalSeconds:F2} s, CPU {CollectorCpu.TotalSeconds:F2} s: {Bytes / 1e6 / CollectorCpu.TotalSeconds:F1} MB/s per CPU-second");
}

/// <summary>The kernel's account of the memory cgroup the collector ran in (warm-up included).</summary>
internal sealed record LogsE2eCgroup(long LimitBytes, long? PeakBytes, long LimitHits, long OomKills)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"memory cgroup limit {LimitBytes / 1048576.0:F1} MiB: peak charge {(PeakBytes is { } peak ? $"{peak / 1048576.0:F1} MiB" : "unknown (no memory.peak before Linux 5.19)")}, limit reached {LimitHits:N0} times, {OomKills} OOM kills");
}
