using System.Net;
using NodeCollector.IntegrationTests.RemoteWrite;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Image;

/// <summary>
/// The image's build steps as plain commands: the Dockerfile publishes with build/publish.sh, this test runs the
/// same script, starts the published (self-contained, trimmed, ReadyToRun) collector on the demo node, and waits
/// for it to be ready and to serve the node's metrics.
/// </summary>
[Collection(Demo.DemoPorts.Name)]
public sealed class PublishedImageTests : IDisposable
{
    private const string PublishScript = "build/publish.sh";

    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-image-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_dockerfile_publishes_with_the_script_this_test_runs()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));

        Assert.Contains($"RUN {PublishScript} /app", dockerfile);
        Assert.Contains($"COPY {PublishScript} build/", dockerfile);
        Assert.Contains("COPY --from=build /app /app", dockerfile);
        Assert.Contains("ENTRYPOINT [\"/app/nodecollector\"]", dockerfile);
        Assert.Contains("ENV DOTNET_GCgen0size=0x1000000", dockerfile);
    }

    [FixtureFact("kubelet")]
    public async Task The_published_collector_starts_on_the_demo_node_and_serves_ready()
    {
        var app = Path.Combine(_dir, "app");
        using (var publish = ChildProcess.Start("bash", [Path.Combine(RepoPaths.Root, PublishScript), app]))
        {
            Assert.True(await publish.WaitForExitAsync(TimeSpan.FromMinutes(10)), "build/publish.sh finishes\n" + publish.Describe());
            Assert.True(publish.ExitCode == 0, publish.Describe());
        }

        Assert.True(File.Exists(Path.Combine(app, "nodecollector")), "the apphost is published");
        Assert.True(File.Exists(Path.Combine(app, "libcoreclr.so")), "the runtime is published with it (self-contained)");
        AssertGcSettings(Path.Combine(app, "nodecollector.runtimeconfig.json"));

        using var demo = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "hostmocks.dll"), ["demo", "--listen", "127.0.0.1:0", "--no-collector"]);
        var config = (await demo.WaitForStdoutAsync(@"^\s+config\s+(\S+)$", TimeSpan.FromSeconds(60))).Groups[1].Value;

        using var collector = ChildProcess.Start(Path.Combine(app, "nodecollector"), ["--config", config, "--log.format", "json"]);
        string? baseUrl = null;
        await Poll.UntilAsync(
            () =>
            {
                baseUrl = collector.StderrLines.Select(l => CollectorUnderTest.ListeningPattern().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                return Task.FromResult(baseUrl is not null || collector.HasExited);
            },
            TimeSpan.FromSeconds(60),
            "the published collector logging its listen address");
        Assert.True(baseUrl is not null, collector.Describe());

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(
            async () => (await http.GetAsync(new Uri(baseUrl + "/-/ready"))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "/-/ready of the published collector\n" + collector.Describe());

        var metrics = await http.GetStringAsync(new Uri(baseUrl + "/metrics"));
        Assert.Contains("\nnode_load1 0.52\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nnodecollector_build_info{", metrics, StringComparison.Ordinal);

        PosixSignal.Send(collector.Id, PosixSignal.SigTerm);
        Assert.True(await collector.WaitForExitAsync(TimeSpan.FromSeconds(10)), collector.Describe());
        Assert.True(collector.ExitCode == 0, collector.Describe());
        PosixSignal.Send(demo.Id, PosixSignal.SigTerm);
        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(10)), demo.Describe());
    }

    /// <summary>The GC settings the memory figures in the README were measured with (Performance, Load).</summary>
    private static void AssertGcSettings(string runtimeConfig)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean(), "workstation GC");
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean(), "no background GC");
        Assert.Equal(5, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
