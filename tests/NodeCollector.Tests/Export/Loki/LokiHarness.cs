using System.Text;
using HostMocks.Loki;
using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>
/// The Loki client's batcher and sender on real time against a <see cref="FakeLoki"/> on loopback, with short
/// batch waits and back-off so that retries take milliseconds.
/// </summary>
internal sealed class LokiHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly LokiClient _client;
    private readonly Task _running;

    private LokiHarness(FakeLoki loki, LokiOptions options)
    {
        Loki = loki;
        Options = options;
        Batcher = new LokiBatcher(options.BatchSize, options.BatchWait, options.MaxStreams, options.BufferSize, TimeProvider.System, Stats, Logger);
        _client = new LokiClient(options, TimeProvider.System);
        _running = Task.Run(() => new LokiSender(options, Batcher, _client, Stats, TimeProvider.System, Logger).RunAsync(_abort.Token));
    }

    /// <summary>Unix nanoseconds when the tests started: recent enough for Loki's age limit.</summary>
    public static long Now { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    public FakeLoki Loki { get; }

    public LokiOptions Options { get; }

    public LokiStats Stats { get; } = new();

    public ListLogger Logger { get; } = new();

    public LokiBatcher Batcher { get; }

    public static async Task<LokiHarness> StartAsync(FakeLokiLimits? limits = null, Func<LokiOptions, LokiOptions>? configure = null)
    {
        var loki = await FakeLoki.StartAsync(limits);
        var options = new LokiOptions
        {
            Url = loki.PushUrl,
            BatchWait = TimeSpan.FromMilliseconds(20),
            MinBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromSeconds(5),
        };
        return new LokiHarness(loki, configure?.Invoke(options) ?? options);
    }

    public static LabelSet Stream(string pod, string stream = "stdout") =>
        LabelSet.From([new Label("namespace", "shop"), new Label("pod", pod), new Label("stream", stream)]);

    /// <summary>Writes <paramref name="count"/> entries of <paramref name="source"/> (resume offset = 100 × line number) and waits until all are acknowledged.</summary>
    public async Task WriteAndWaitAsync(RecordingLogSource source, LabelSet stream, int count, long? firstTimestamp = null, int first = 1)
    {
        await WriteAsync(source, stream, count, firstTimestamp, first);
        await AcknowledgedAsync(source, (first + count - 1) * 100L);
    }

    public async Task WriteAsync(RecordingLogSource source, LabelSet stream, int count, long? firstTimestamp = null, int first = 1)
    {
        for (var i = first; i < first + count; i++)
        {
            var line = Encoding.UTF8.GetBytes($"{stream.Get("pod")} line {i}");
            await Batcher.WriteAsync(source, stream, new LogEntry((firstTimestamp ?? Now) + i, line, i * 100L), CancellationToken.None);
        }
    }

    public static Task AcknowledgedAsync(RecordingLogSource source, long offset) =>
        Poll.UntilAsync(() => source.LastAck >= offset, TimeSpan.FromSeconds(30), $"acknowledgement of offset {offset}");

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        Batcher.Dispose();
        _client.Dispose();
        _abort.Dispose();
        await Loki.DisposeAsync();
    }
}
