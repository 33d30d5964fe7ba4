using System.Text.RegularExpressions;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Host;

/// <summary>The collector binary with a host-metrics-only configuration on 127.0.0.1 and a free port, killed on dispose.</summary>
internal sealed partial class NodeCollectorProcess : IDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _dir;

    private NodeCollectorProcess(ChildProcess process, string dir)
    {
        _process = process;
        _dir = dir;
    }

    public Uri Metrics { get; private set; } = null!;

    public int Pid => _process.Id;

    /// <summary>Starts the collector with <paramref name="hostMetrics"/> as the body of the host_metrics section (indented by two).</summary>
    public static async Task<NodeCollectorProcess> StartAsync(string procfs, string sysfs, string rootfs, string hostMetrics)
    {
        var dir = Directory.CreateTempSubdirectory("nodecollector-live-").FullName;
        var config = Path.Combine(dir, "config.yaml");
        File.WriteAllText(config, $"""
            server:
              listen_address: 127.0.0.1:0
            node:
              procfs: {procfs}
              sysfs: {sysfs}
              rootfs: {rootfs}
            kubernetes:
              enabled: false
            kubelet:
              enabled: false
            logs:
              enabled: false
            wal:
              dir: {Path.Combine(dir, "wal")}
            host_metrics:
            {hostMetrics}
            """);
        var process = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"), ["--config", config, "--log.format", "json"]);
        var collector = new NodeCollectorProcess(process, dir);
        string? address = null;
        await Poll.UntilAsync(
            () =>
            {
                address = process.StderrLines.Select(l => Listening().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                return Task.FromResult(address is not null || process.HasExited);
            },
            TimeSpan.FromSeconds(60),
            "the collector logging its listen address");
        collector.Metrics = new Uri(new Uri(address ?? throw new InvalidOperationException("collector exited\n" + process.Describe())), "/metrics");
        return collector;
    }

    public Task<string> ScrapeAsync() => _http.GetStringAsync(Metrics);

    public string Describe() => _process.Describe();

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex(@"""address"":""(http://127\.0\.0\.1:\d+)""")]
    private static partial Regex Listening();
}
