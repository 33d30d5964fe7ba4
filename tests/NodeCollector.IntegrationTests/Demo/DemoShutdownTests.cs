using System.Diagnostics;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Demo;

/// <summary>The README's first command, run as a real process: it serves the demo node and stops cleanly on SIGTERM.</summary>
[Collection(DemoPorts.Name)]
public sealed class DemoShutdownTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_demo_serves_the_demo_node_and_exits_0_within_5_seconds_of_SIGTERM()
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
        var exited = await demo.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.True(exited, $"still running {clock.Elapsed} after SIGTERM\n{demo.Describe()}");
        Assert.Equal(0, demo.ExitCode);
        Assert.False(Directory.Exists(tree), "the demo removes its node tree on exit");
        Assert.Contains(demo.StderrLines, l => l.Contains("component=main", StringComparison.Ordinal) && l.Contains("msg=Stopped", StringComparison.Ordinal));
    }
}
