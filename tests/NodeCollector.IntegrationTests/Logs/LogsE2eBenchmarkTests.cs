using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>
/// Runs the end-to-end logs benchmark (<c>NodeCollector.Benchmarks -- logs-e2e</c>) at a tiny size so that it keeps
/// working: CRI files through the collector process to the fake Loki after a warm-up of its own, every line of both checked.
/// </summary>
public class LogsE2eBenchmarkTests
{
    [Fact]
    public async Task The_logs_e2e_benchmark_ships_every_line_with_one_and_with_several_files()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var benchmarks = Path.Combine(RepoPaths.Root, "tests", "NodeCollector.Benchmarks", "bin", tfm.Parent!.Name, tfm.Name, "NodeCollector.Benchmarks.dll");
        Assert.True(File.Exists(benchmarks), $"{benchmarks} is built with this project (ProjectReference)");

        using var run = ChildProcess.StartDotnet(benchmarks, ["logs-e2e", "--files", "1,7", "--mb", "2", "--warmup-mb", "1", "--stall-seconds", "30"]);

        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(3)), "logs-e2e finishes\n" + run.Describe());
        Assert.True(run.ExitCode == 0, "logs-e2e exits 0\n" + run.Describe());
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("every line arrived once, in order", StringComparison.Ordinal)));
        Assert.Contains(run.StdoutLines, l => l.StartsWith("7 file(s), 2.0 MB,", StringComparison.Ordinal));
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("lines/s per CPU-second", StringComparison.Ordinal)));
        Assert.Equal(2, run.StdoutLines.Count(l => l.Contains("peak over the whole run (VmHWM)", StringComparison.Ordinal)));
        Assert.Equal(2, run.StdoutLines.Count(l => l.StartsWith("warm-up (cold collector, measured apart): 1.0 MB", StringComparison.Ordinal)));
    }
}
