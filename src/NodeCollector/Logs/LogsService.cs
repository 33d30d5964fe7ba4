using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Scrape;

namespace NodeCollector.Logs;

/// <summary>
/// Tails the container logs of this node's pods into the <see cref="ILogSink"/>: loads the positions file, runs a
/// discovery round at every file-system notification and at least every <see cref="LogsServiceSettings.RescanInterval"/>,
/// saves the acknowledged offsets every <see cref="LogsServiceSettings.PositionsInterval"/> and at shutdown.
/// </summary>
internal sealed class LogsService : BackgroundService
{
    private readonly LogsOptions _options;
    private readonly LogsServiceSettings _settings;
    private readonly ILogSink _sink;
    private readonly KubernetesDiscovery? _discovery;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AsyncSignal _roundNeeded = new();
    private LogFileReconciler? _reconciler;

    public LogsService(
        LogsOptions options, LogsServiceSettings settings, ILogSink sink, KubernetesDiscovery? discovery, ILogger logger, TimeProvider time)
    {
        _options = options;
        _settings = settings;
        _sink = sink;
        _discovery = discovery;
        _logger = logger;
        _time = time;
    }

    public LogsCounters Counters { get; } = new();

    public LogFileReconciler? Reconciler => Volatile.Read(ref _reconciler);

    public static LogsService Create(CollectorConfig config, ILogSink sink, KubernetesDiscovery? discovery, ILoggerFactory loggers, TimeProvider time)
    {
        var settings = new LogsServiceSettings
        {
            NodeName = config.Node.Name,
            Tailer = new LogTailerSettings
            {
                MaxLineSize = (int)Math.Min(config.Logs.MaxLineSize, 64L * 1024 * 1024),
                PartialLineTimeout = config.Logs.PartialLineTimeout,
            },
        };
        return new LogsService(config.Logs, settings, sink, discovery, loggers.CreateLogger("NodeCollector.Logs"), time);
    }

    /// <summary>Asks for a discovery round now (tests, notifications).</summary>
    public void RequestRound() => _roundNeeded.Set();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(_logger, _options.PodsDir, _options.PositionsFile);
        var positions = new PositionsFile(_options.PositionsFile, Counters, _logger, _time);
        var loaded = positions.Load();
        var options = loaded.WasCorrupt ? _options with { StartPosition = "beginning" } : _options;
        var labeler = new LogStreamLabeler(ScrapeJob.Compile(_options.RelabelConfigs), _settings.NodeName);
        using var reconciler = new LogFileReconciler(options, _settings.Tailer, _sink, labeler, Counters, _logger, _time, loaded);
        Volatile.Write(ref _reconciler, reconciler);
        LogsMetrics.Register(this);
        using var subscription = _discovery?.Subscribe(change => _roundNeeded.Set());
        PodsDirWatcher? watcher = null;
        var lastSave = _time.GetTimestamp();
        Task saving = Task.CompletedTask;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    reconciler.Round(_discovery?.Snapshot);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Loop boundary: a failed round is retried at the next one; tailers keep running.
                    Log.RoundFailed(_logger, ex.ToString());
                }

                watcher ??= PodsDirWatcher.TryStart(_options.PodsDir, _roundNeeded.Set, path => Wake(reconciler, path), _logger);
                if (_time.GetElapsedTime(lastSave) >= _settings.PositionsInterval && saving.IsCompleted)
                {
                    // fsync can take long on a busy disk: write off the round thread, from a snapshot taken on it.
                    var entries = reconciler.Positions();
                    saving = Task.Run(() => positions.TrySave(entries), CancellationToken.None);
                    lastSave = _time.GetTimestamp();
                }

                await _roundNeeded.WaitAsync(_settings.RescanInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            watcher?.Dispose();
            await saving.ConfigureAwait(false);
            await reconciler.StopAsync(_settings.AcknowledgeWaitAtStop).ConfigureAwait(false);
            positions.TrySave(reconciler.Positions());
            LogsMetrics.Unregister(this);
        }
    }

    private static void Wake(LogFileReconciler reconciler, string path)
    {
        foreach (var tailer in reconciler.Tailers)
        {
            if (tailer.Path == path)
            {
                tailer.Wake();
                return;
            }
        }
    }
}
