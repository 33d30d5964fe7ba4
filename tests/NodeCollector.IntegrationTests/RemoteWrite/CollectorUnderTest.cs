using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.RemoteWrite;

/// <summary>
/// The collector binary remote-writing to a receiver, appending its own metrics every second, with its WAL in a
/// directory that outlives restarts of the process.
/// </summary>
internal sealed partial class CollectorUnderTest : IDisposable
{
    public const string Node = "ci-node";

    private readonly string _configPath;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ChildProcess? _process;

    public CollectorUnderTest(string dir, string writeUrl)
    {
        WalDir = Path.Combine(dir, "wal");
        _configPath = Path.Combine(dir, "collector.yaml");
        File.WriteAllText(_configPath, $"""
            server:
              listen_address: 127.0.0.1:0
            node:
              name: {Node}
            kubernetes:
              enabled: false
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              external_labels:
                cluster: ci
            host_metrics:
              enabled: false
            remote_write:
              - url: {writeUrl}
                name: prom
                remote_timeout: 5s
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                  max_backoff: 1s
                metadata_config:
                  send_interval: 10s
            wal:
              dir: {WalDir}
            """);
    }

    public string WalDir { get; }

    public string BaseUrl { get; private set; } = "";

    public int Pid => _process!.Id;

    public async Task StartAsync()
    {
        _process = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"), ["--config", _configPath, "--log.format", "json"]);
        var process = _process;
        string? address = null;
        await Poll.UntilAsync(
            () =>
            {
                address = process.StderrLines.Select(l => ListeningPattern().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                return Task.FromResult(address is not null || process.HasExited);
            },
            TimeSpan.FromSeconds(60),
            "the collector logging its listen address");
        BaseUrl = address ?? throw new InvalidOperationException("collector exited before listening\n" + process.Describe());
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        PosixSignal.Send(_process!.Id, PosixSignal.SigKill);
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the collector exits on SIGKILL");
        _process.Dispose();
        _process = null;
    }

    public async Task<int> TerminateAsync()
    {
        PosixSignal.Send(_process!.Id, PosixSignal.SigTerm);
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the collector exits on SIGTERM\n" + _process.Describe());
        return _process.ExitCode;
    }

    /// <summary>The one endpoint's entry of <c>/api/v1/status/remote_write</c>.</summary>
    public async Task<JsonElement> EndpointStatusAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(BaseUrl + "/api/v1/status/remote_write")));
        return json.RootElement.GetProperty("endpoints")[0].Clone();
    }

    /// <summary>Waits until everything appended up to <paramref name="sinceMs"/> is written (nothing pending).</summary>
    public async Task DrainedAsync(long sinceMs, TimeSpan timeout) =>
        await Poll.UntilAsync(
            async () =>
            {
                var status = await EndpointStatusAsync();
                return status.GetProperty("samples_pending").GetInt64() == 0
                    && status.GetProperty("queue_highest_sent_timestamp_seconds").GetDouble() * 1000 >= sinceMs;
            },
            timeout,
            "the WAL backlog to drain");

    /// <summary>
    /// The samples of series named <paramref name="name"/> in a copy of the WAL as it is on disk now, by label set;
    /// call it while the collector is not running.
    /// </summary>
    public Dictionary<string, List<(long TimestampMs, double Value)>> ReadWalCopy(string name)
    {
        var copy = Directory.CreateTempSubdirectory("nodecollector-walcopy-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(WalDir))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            using var wal = WriteAheadLog.Open(copy, 1L << 30, TimeSpan.FromDays(1), TimeProvider.System, NullLogger.Instance);
            using var reader = new WalReader(wal, new WalPosition(wal.Segments[0].Index, 0));
            var visitor = new Collect(name);
            while (reader.TryRead(out var payload, out _, out _))
            {
                WalCommitDecoder.TryDecode(payload.Span, visitor, []);
            }

            return visitor.Samples;
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    public string Describe() => _process?.Describe() ?? "(not running)";

    public void Dispose()
    {
        _process?.Dispose();
        _http.Dispose();
    }

    /// <summary>A label set as a stable key: <c>a=1,b=2</c> without <c>__name__</c>, sorted.</summary>
    public static string Key(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Seconds(long ms) => (ms / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"""address"":""(http://127\.0\.0\.1:\d+)""")]
    internal static partial Regex ListeningPattern();

    private sealed class Collect(string name) : WalCommitDecoder.IVisitor
    {
        private readonly Dictionary<ulong, string?> _keys = [];

        public Dictionary<string, List<(long TimestampMs, double Value)>> Samples { get; } = new(StringComparer.Ordinal);

        public void OnSeries(ulong reference, LabelSet labels) =>
            _keys[reference] = labels.Get("__name__") == name ? Key(labels.Labels.ToArray().Select(l => KeyValuePair.Create(l.Name, l.Value))) : null;

        public void OnSample(ulong reference, long timestampMs, double value)
        {
            if (_keys.GetValueOrDefault(reference) is { } key)
            {
                if (!Samples.TryGetValue(key, out var list))
                {
                    Samples[key] = list = [];
                }

                list.Add((timestampMs, value));
            }
        }
    }
}
