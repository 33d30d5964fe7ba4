using NodeCollector.IntegrationTests.RemoteWrite;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>The collector binary tailing a pods directory into a Loki, its positions file outliving restarts of the process.</summary>
internal sealed class LogCollectorProcess : IDisposable
{
    private readonly string _configPath;
    private readonly List<string> _pastRuns = [];
    private ChildProcess? _process;

    public LogCollectorProcess(string dir, string podsDir, string node, string pushUrl, string batchSize)
    {
        _configPath = Path.Combine(dir, "collector.yaml");
        File.WriteAllText(_configPath, Config(dir, podsDir, node, pushUrl, batchSize));
    }

    /// <summary>Logs and Loki on, everything else off; positions under <paramref name="dir"/>/state.</summary>
    public static string Config(string dir, string podsDir, string node, string pushUrl, string batchSize) => $"""
            server:
              listen_address: 127.0.0.1:0
            node:
              name: {node}
            kubernetes:
              enabled: false
            host_metrics:
              enabled: false
            logs:
              enabled: true
              pods_dir: {podsDir}
              positions_file: {Path.Combine(dir, "state", "positions.json")}
              read_gzip_rotated: true
            loki:
              url: {pushUrl}
              batch_size: {batchSize}
              batch_wait: 200ms
              min_backoff: 50ms
              max_backoff: 1s
            """;

    public async Task StartAsync()
    {
        var process = _process = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"), ["--config", _configPath, "--log.format", "json"]);
        await Poll.UntilAsync(
            () => process.HasExited || process.StderrLines.Any(l => CollectorUnderTest.ListeningPattern().IsMatch(l)),
            TimeSpan.FromSeconds(60),
            "the collector logging its listen address");
        Assert.False(process.HasExited, "the collector exited at start\n" + process.Describe());
    }

    /// <summary>SIGKILL: no shutdown code runs, positions are as last written.</summary>
    public async Task KillAsync()
    {
        PosixSignal.Send(_process!.Id, PosixSignal.SigKill);
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the collector exits on SIGKILL");
        Ended("SIGKILL");
    }

    public async Task TerminateAsync()
    {
        PosixSignal.Send(_process!.Id, PosixSignal.SigTerm);
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the collector exits on SIGTERM\n" + _process.Describe());
        Ended("SIGTERM");
    }

    private void Ended(string how)
    {
        _pastRuns.AddRange(_process!.StderrLines);
        _pastRuns.Add("--- " + how + " ---");
        _process.Dispose();
        _process = null;
    }

    public string Describe() => _process?.Describe() ?? "(not running)";

    /// <summary>The stderr lines of every run so far, killed ones included, runs separated by a marker line.</summary>
    public IEnumerable<string> AllStderrLines => _process is null ? _pastRuns : _pastRuns.Concat(_process.StderrLines);

    public void Dispose() => _process?.Dispose();
}
