using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Files;
using NodeCollector.Kubernetes;
using NodeCollector.Scrape;

namespace NodeCollector.Logs;

/// <summary>
/// Tails the container logs of this node's pods into the <see cref="ILogSink"/>: loads the positions file, runs a
/// discovery round at every file-system notification and at least every <see cref="LogsServiceSettings.RescanInterval"/>,
/// saves the acknowledged offsets soon after Loki acknowledged a batch (at most every
/// <see cref="LogsServiceSettings.PositionsMinInterval"/>), at least every <see cref="LogsServiceSettings.PositionsInterval"/>
/// and at shutdown.
/// </summary>
internal sealed class LogsService : BackgroundService
{
    private readonly LogsOptions _options;
    private readonly LogsServiceSettings _settings;
    private readonly ILogSink _sink;
    private readonly KubernetesDiscovery? _discovery;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private static readonly TimeSpan UnsettledRetry = TimeSpan.FromMilliseconds(20);

    private readonly AsyncSignal _wake = new();
    private LogFileReconciler? _reconciler;
    private int _roundRequested;
    private int _acknowledgedSinceSave;

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
    public void RequestRound()
    {
        Volatile.Write(ref _roundRequested, 1);
        _wake.Set();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(_logger, _options.PodsDir, _options.PositionsFile);
        var positions = new PositionsFile(_options.PositionsFile, Counters, _logger, _time);
        var loaded = positions.Load();
        var options = loaded.WasCorrupt ? _options with { StartPosition = "beginning" } : _options;
        var labeler = new LogStreamLabeler(ScrapeJob.Compile(_options.RelabelConfigs), _settings.NodeName, _options.StructuredMetadata);
        using var reconciler = new LogFileReconciler(options, _settings.Tailer, _sink, labeler, Counters, _logger, _time, loaded, Acknowledged);
        Volatile.Write(ref _reconciler, reconciler);
        LogsMetrics.Register(this);
        using var subscription = _discovery?.Subscribe(change => RequestRound());
        PodsDirWatcher? watcher = null;
        var lastSave = _time.GetTimestamp();
        var roundIn = TimeSpan.Zero;
        var lastRound = lastSave;
        Task saving = Task.CompletedTask;
        RequestRound();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Interlocked.Exchange(ref _roundRequested, 0) == 1 || _time.GetElapsedTime(lastRound) >= roundIn)
                {
                    lastRound = _time.GetTimestamp();
                    roundIn = Round(reconciler) ? _settings.RescanInterval : UnsettledRetry;
                    watcher ??= PodsDirWatcher.TryStart(_options.PodsDir, new NotifiedFileOpener(reconciler, new ConfinedRoot(_options.PodsDir), Counters, _logger, _time, RequestRound), path => Wake(reconciler, path), _logger);
                }

                if (saving.IsCompleted && SaveDue(lastSave))
                {
                    // fsync can take long on a busy disk: write off the round thread, from a snapshot taken on it.
                    Volatile.Write(ref _acknowledgedSinceSave, 0);
                    var entries = reconciler.Positions();
                    saving = Task.Run(() => Save(positions, entries), CancellationToken.None);
                    lastSave = _time.GetTimestamp();
                }

                await _wake.WaitAsync(NextWake(roundIn - _time.GetElapsedTime(lastRound), lastSave, saving), _time, stoppingToken).ConfigureAwait(false);
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

    /// <summary>Runs a discovery round; false when a directory was caught mid-rotation and should be looked at again shortly.</summary>
    private bool Round(LogFileReconciler reconciler)
    {
        try
        {
            reconciler.Round(_discovery?.Snapshot);
            return !reconciler.RoundAgainSoon;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Loop boundary: a failed round is retried at the next one; tailers keep running.
            Log.RoundFailed(_logger, ex.ToString());
            return true;
        }
    }

    /// <summary>Loki acknowledged more of some file (sender's thread): the loop saves positions soon.</summary>
    private void Acknowledged()
    {
        if (Interlocked.Exchange(ref _acknowledgedSinceSave, 1) == 0)
        {
            _wake.Set();
        }
    }

    private bool SaveDue(long lastSave)
    {
        var since = _time.GetElapsedTime(lastSave);
        return since >= _settings.PositionsInterval || (Volatile.Read(ref _acknowledgedSinceSave) == 1 && since >= _settings.PositionsMinInterval);
    }

    private void Save(PositionsFile positions, List<PositionEntry> entries)
    {
        positions.TrySave(entries);
        _wake.Set();
    }

    /// <summary>How long the loop may sleep: until the next rescan, or until a pending save may be written.</summary>
    private TimeSpan NextWake(TimeSpan untilRound, long lastSave, Task saving)
    {
        var wait = untilRound;
        if (saving.IsCompleted && Volatile.Read(ref _acknowledgedSinceSave) == 1)
        {
            var saveIn = _settings.PositionsMinInterval - _time.GetElapsedTime(lastSave);
            wait = saveIn < wait ? saveIn : wait;
        }

        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static void Wake(LogFileReconciler reconciler, string path) => reconciler.TailerAt(path)?.Wake();
}
