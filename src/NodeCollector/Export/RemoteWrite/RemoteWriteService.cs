using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Remote write as a hosted service: opens the WAL, hands an appender to each producer (every scrape loop, the
/// in-process host and self targets included) and runs every configured endpoint. It starts before the scrapes and
/// stops after them; endpoints then send what they hold until shortly before the shutdown deadline, and save their position.
/// </summary>
internal sealed class RemoteWriteService : IHostedService, IMetricAppenderFactory, IAsyncDisposable
{
    private readonly CollectorConfig _config;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly HttpMessageHandler? _handler;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _endpointTasks = [];
    private readonly List<RemoteWriteEndpoint> _endpoints = [];
    private WalSeriesTable? _series;
    private MetadataStore? _metadata;
    private int _disposed;

    public RemoteWriteService(CollectorConfig config, TimeProvider time, ILoggerFactory loggers, HttpMessageHandler? handler = null)
    {
        _config = config;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RemoteWriteService>();
        _handler = handler;
    }

    public WriteAheadLog? Wal { get; private set; }

    public IReadOnlyList<RemoteWriteEndpoint> Endpoints => _endpoints;

    /// <summary>Series in the shared table, for the memory budget.</summary>
    public int SeriesCount => _series?.Count ?? 0;

    /// <summary>An appender for one more producer (a scrape loop); the WAL and series table are shared and locked.</summary>
    public IMetricAppender Create() =>
        Wal is { } wal && _series is { } series && _metadata is { } metadata
            ? new RemoteWriteAppender(wal, series, metadata)
            : throw new InvalidOperationException("remote write has not started: appenders exist only after StartAsync");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var wal = WriteAheadLog.Open(_config.Wal.Dir, _config.Wal.MaxSize, _config.Wal.MaxAge, _time, _loggers.CreateLogger<WriteAheadLog>());
        Wal = wal;
        Log.WalOpened(_logger, _config.Wal.Dir, wal.Stats.Segments, wal.Stats.SizeBytes);
        RemoteWriteMetrics.Register(wal.Stats);
        var metadata = new MetadataStore();
        var series = new WalSeriesTable(_config.Global.ExternalLabels, _time);
        (_series, _metadata) = (series, metadata);
        foreach (var configured in _config.RemoteWrite)
        {
            // Shards hold at most the queues' share of limits.memory_budget; the rest waits in the WAL.
            var options = configured with { Queue = configured.Queue with { Capacity = MemoryBudgetPlan.QueueCapacity(_config, configured) } };
            var logger = _loggers.CreateLogger<RemoteWriteEndpoint>();
            var endpoint = new RemoteWriteEndpoint(options, wal, _time, logger, _handler);
            _endpoints.Add(endpoint);
            RemoteWriteMetrics.Register(endpoint);
            Log.EndpointStarting(logger, options.QueueName, Config.Redaction.Url(options.Url), endpoint.Watermark.ToString());
            _endpointTasks.Add(RunEndpointAsync(endpoint));
            if (options.Metadata.Send)
            {
                _endpointTasks.Add(new MetadataSender(endpoint, endpoint.Client, metadata, logger).RunAsync(_stopReading.Token));
            }
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopReading.CancelAsync().ConfigureAwait(false);

        // Shards send what they hold until shortly before the host's deadline, then give up (it stays in the WAL).
        var flush = Task.WhenAll(_endpointTasks);
        var deadline = CollectorApp.ShutdownDeadline - TimeSpan.FromSeconds(1);
        try
        {
            await flush.WaitAsync(deadline, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await flush.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_endpointTasks).ConfigureAwait(false);
        foreach (var endpoint in _endpoints)
        {
            RemoteWriteMetrics.Unregister(endpoint);
            endpoint.Dispose();
        }

        if (Wal is not null)
        {
            RemoteWriteMetrics.Unregister(Wal.Stats);
            Wal.Dispose();
        }

        _stopReading.Dispose();
        _abort.Dispose();
    }

    private async Task RunEndpointAsync(RemoteWriteEndpoint endpoint)
    {
        await Task.Yield();
        while (!_stopReading.IsCancellationRequested)
        {
            try
            {
                await endpoint.RunAsync(_stopReading.Token, _abort.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Loop boundary: a bug in one endpoint must not stop the collector; it resumes from its saved position.
                Log.EndpointFailed(_logger, endpoint.Options.QueueName, "5s", e.ToString());
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _time, _stopReading.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
