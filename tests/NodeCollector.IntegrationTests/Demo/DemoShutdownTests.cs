using System.Diagnostics;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Demo;

/// <summary>
/// The README's first command, run as a real process: it serves the demo node and stops cleanly on SIGTERM. The
/// collector must have stopped within 5 seconds; the demo then removes its node tree (about 2,700 files), which on a
/// disk shared with busy neighbours alone took up to 7 seconds, so the exit itself gets a wider bound.
/// </summary>
[Collection(DemoPorts.Name)]
public sealed class DemoShutdownTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_demo_serves_the_demo_node_its_collector_stops_within_5_seconds_of_SIGTERM_and_it_exits_0()
    {
        using var demo = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "hostmocks.dll"), ["demo", "--listen", "127.0.0.1:0"]);
        var metricsUrl = (await demo.WaitForStdoutAsync(@"^\s+metrics\s+(http://127\.0\.0\.1:\d+/metrics)$", StartTimeout)).Groups[1].Value;
        var tree = (await demo.WaitForStdoutAsync(@"^\s+node tree\s+(\S+)$", StartTimeout)).Groups[1].Value;
        using var http = new HttpClient();
        var ready = new Uri(new Uri(metricsUrl), "/-/ready");
        await Poll.UntilAsync(async () => (await http.GetAsync(ready)).IsSuccessStatusCode, StartTimeout, "/-/ready answering 200");
        Assert.True(Directory.Exists(Path.Combine(tree, "proc")), "the demo node tree exists while the demo runs");
        Assert.Contains("process_resident_memory_bytes", await http.GetStringAsync(metricsUrl), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        PosixSignal.Send(demo.Id, PosixSignal.SigTerm);
        await Poll.UntilAsync(() => demo.StderrLines.Any(IsCollectorStopped), TimeSpan.FromSeconds(5) - clock.Elapsed, "the collector logging msg=Stopped");
        var exited = await demo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exited, $"still running {clock.Elapsed} after SIGTERM\n{demo.Describe()}");
        Assert.Equal(0, demo.ExitCode);
        Assert.False(Directory.Exists(tree), "the demo removes its node tree on exit");
    }

    private static bool IsCollectorStopped(string line) =>
        line.Contains("component=main", StringComparison.Ordinal) && line.Contains("msg=Stopped", StringComparison.Ordinal);
}
