using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Logs;

namespace NodeCollector.Export.Loki;

/// <summary>
/// The Loki client as a hosted service and the collector's <see cref="ILogSink"/>: one batcher and one sender.
/// Register it before the log tailers so that it starts first and stops last. On stop it sends what it holds until
/// shortly before the host's deadline; what is left was never acknowledged and is read again after the restart.
/// </summary>
internal sealed class LokiService : IHostedService, ILogSink, IAsyncDisposable
{
    private static readonly TimeSpan RestartWait = TimeSpan.FromSeconds(5);

    private readonly LokiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LokiClient _client;
    private readonly LokiSender _sender;
    private readonly CancellationTokenSource _abort = new();
    private Task _running = Task.CompletedTask;
    private int _disposed;

    public LokiService(CollectorConfig config, TimeProvider time, ILoggerFactory loggers, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = config.Loki;
        _time = time;
        _logger = loggers.CreateLogger<LokiService>();
        // The batches never hold more than Loki's share of limits.memory_budget; writers wait when it is full.
        var bufferSize = Math.Min(_options.BufferSize, MemoryBudgetPlan.ShareOf(config, MemoryBudgetPlan.Loki));
        Batcher = new LokiBatcher(_options.BatchSize, _options.BatchWait, _options.MaxStreams, bufferSize, time, Stats, _logger);
        _client = new LokiClient(_options, time, handler);
        _sender = new LokiSender(_options, Batcher, _client, Stats, time, _logger);
    }

    public LokiStats Stats { get; } = new();

    public LokiBatcher Batcher { get; }

    public ValueTask WriteAsync(ILogSource source, Labels.LabelSet streamLabels, LogEntry entry, CancellationToken cancellationToken) =>
        Batcher.WriteAsync(source, streamLabels, entry, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LokiMetrics.Register(Stats, Batcher);
        Log.Starting(_logger, Config.Redaction.Url(_options.Url), _options.BatchSize, PromDuration.Format(_options.BatchWait), _options.BufferSize);
        _running = RunAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Batcher.BeginFlush();
        try
        {
            await _running.WaitAsync(CollectorApp.ShutdownDeadline - TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Log.Abandoned(_logger, Batcher.BufferedBytes);
            await _abort.CancelAsync().ConfigureAwait(false);
            await _running.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        LokiMetrics.Unregister(Stats);
        Batcher.Dispose();
        _client.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        while (!_abort.IsCancellationRequested)
        {
            try
            {
                await _sender.RunAsync(_abort.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Loop boundary: a bug in the sender must not stop the collector; unfinished batches stay unacknowledged.
                Log.SenderFailed(_logger, PromDuration.Format(RestartWait), e.ToString());
                try
                {
                    await Task.Delay(RestartWait, _time, _abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
