using System.Globalization;
using System.Text.RegularExpressions;
using HostMocks.Soak;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>
/// Runs the end-to-end logs benchmark (<c>NodeCollector.Benchmarks -- logs-e2e</c>) at a tiny size so that it keeps
/// working: CRI files through the collector process to the fake Loki after a warm-up of its own, every line of both checked.
/// </summary>
public partial class LogsE2eBenchmarkTests
{
    [Fact]
    public async Task The_logs_e2e_benchmark_ships_every_line_with_one_and_with_several_files()
    {
        using var run = ChildProcess.StartDotnet(BenchmarksAssembly(), ["logs-e2e", "--files", "1,7", "--mb", "2", "--warmup-mb", "1", "--stall-seconds", "30"]);

        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(3)), "logs-e2e finishes\n" + run.Describe());
        Assert.True(run.ExitCode == 0, "logs-e2e exits 0\n" + run.Describe());
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("every line arrived once, in order", StringComparison.Ordinal)));
        Assert.Contains(run.StdoutLines, l => l.StartsWith("7 file(s), 2.0 MB,", StringComparison.Ordinal));
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("lines/s per CPU-second", StringComparison.Ordinal)));
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("peak over the whole run (VmHWM)", StringComparison.Ordinal)));
        Assert.Equal(2, run.StdoutLines.Count(l => l.StartsWith("warm-up (cold collector, measured apart): 1.0 MB", StringComparison.Ordinal)));
    }

    [MemoryCgroupFact]
    public async Task With_a_memory_limit_the_collector_runs_in_a_memory_cgroup_and_its_charge_is_reported()
    {
        using var run = ChildProcess.StartDotnet(BenchmarksAssembly(), ["logs-e2e", "--files", "7", "--mb", "2", "--warmup-mb", "1", "--stall-seconds", "30", "--memory-limit", "256MiB"]);

        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(3)), "logs-e2e finishes\n" + run.Describe());
        Assert.True(run.ExitCode == 0, "logs-e2e exits 0\n" + run.Describe());
        Assert.Contains(run.StdoutLines, l => l.Contains("every line arrived once, in order", StringComparison.Ordinal));
        var report = run.StdoutLines.Select(l => CgroupLine().Match(l)).SingleOrDefault(m => m.Success);
        Assert.True(report is not null, "one memory cgroup line\n" + run.Describe());

        // A collector left outside the cgroup would leave its charge near zero: its heap alone is tens of MiB.
        var peak = double.Parse(report.Groups["peak"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(peak, 10, 256);
        Assert.Equal("0", report.Groups["oom"].Value);
    }

    private static string BenchmarksAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var benchmarks = Path.Combine(RepoPaths.Root, "tests", "NodeCollector.Benchmarks", "bin", tfm.Parent!.Name, tfm.Name, "NodeCollector.Benchmarks.dll");
        Assert.True(File.Exists(benchmarks), $"{benchmarks} is built with this project (ProjectReference)");
        return benchmarks;
    }

    [GeneratedRegex(@"memory cgroup limit 256\.0 MiB: peak charge (?<peak>\d+\.\d) MiB, limit reached [\d,]+ times, (?<oom>\d+) OOM kills")]
    private static partial Regex CgroupLine();
}

/// <summary>
/// A fact that needs a memory cgroup (root, cgroup v1 or v2 with the memory controller): skipped where none can be made,
/// CI included, since a container may run the suite without one; the reason names what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class MemoryCgroupFactAttribute : FactAttribute
{
    public MemoryCgroupFactAttribute()
    {
        Skip = MemoryCgroup.Unavailable() is { } reason ? "no memory cgroup can be made here: " + reason : null;
    }
}
