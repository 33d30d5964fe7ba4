using System.Collections.Immutable;
using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

/// <summary>A pods directory and positions file in a temporary folder, and logs services started over them with a recording sink.</summary>
internal sealed class LogsServiceHarness : IAsyncDisposable
{
    private readonly List<LogsService> _running = [];

    public string Root { get; } = Directory.CreateTempSubdirectory("nc-logs-").FullName;

    public string PodsDir => Path.Combine(Root, "pods");

    public string PositionsFile => Path.Combine(Root, "state", "positions.json");

    public ListLogger Logger { get; } = new();

    public string ContainerDir(string @namespace, string pod, string container, string uid = "uid-1") =>
        Directory.CreateDirectory(Path.Combine(PodsDir, $"{@namespace}_{pod}_{uid}", container)).FullName;

    public async Task<LogsService> StartAsync(ILogSink sink, Func<LogsOptions, LogsOptions>? configure = null, LogsServiceSettings? settings = null)
    {
        Directory.CreateDirectory(PodsDir);
        var options = new LogsOptions { PodsDir = PodsDir, PositionsFile = PositionsFile, DeletedPodGrace = TimeSpan.FromSeconds(30) };
        options = configure?.Invoke(options) ?? options;
        var service = new LogsService(
            options,
            settings ?? new LogsServiceSettings
            {
                NodeName = "node-1",
                Tailer = new LogTailerSettings { PollInterval = TimeSpan.FromMilliseconds(50), FinishDrainDelay = TimeSpan.FromMilliseconds(200) },
                PositionsInterval = TimeSpan.FromMilliseconds(100),
            },
            sink,
            discovery: null,
            Logger,
            TimeProvider.System);
        await service.StartAsync(CancellationToken.None);
        _running.Add(service);
        return service;
    }

    /// <summary>A reconciler over <see cref="PodsDir"/> at a first start, for tests that drive discovery rounds themselves.</summary>
    public LogFileReconciler Reconciler(ILogSink sink, TimeProvider time, TimeSpan? deletedPodGrace = null, LogsCounters? counters = null, bool readGzipRotated = false)
    {
        Directory.CreateDirectory(PodsDir);
        return new LogFileReconciler(
            new LogsOptions { PodsDir = PodsDir, DeletedPodGrace = deletedPodGrace ?? TimeSpan.FromMinutes(1), ReadGzipRotated = readGzipRotated },
            new LogTailerSettings { FinishDrainDelay = TimeSpan.Zero },
            sink,
            new LogStreamLabeler([], "node-1"),
            counters ?? new LogsCounters(),
            Logger,
            time,
            new PositionsLoad([], FirstStart: true, WasCorrupt: false));
    }

    /// <summary>Rounds (a second apart on <paramref name="time"/>) until every file but the live ones finished, then stops the reconciler.</summary>
    public static async Task FinishAsync(LogFileReconciler reconciler, FakeTimeProvider time)
    {
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            reconciler.Round(null);
            await Task.Delay(100);
        }

        await Poll.UntilAsync(() => reconciler.Tailers.All(t => t.Finished || t.Path.EndsWith("0.log", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "rotated files to finish");
        await reconciler.StopAsync(TimeSpan.Zero);
    }

    /// <summary>A current snapshot holding <paramref name="pods"/>.</summary>
    public static NodeSnapshot Snapshot(params PodInfo[] pods) => new()
    {
        Version = 1,
        State = SnapshotState.Current,
        PodsByKey = pods.ToImmutableDictionary(p => p.Key, StringComparer.Ordinal),
        PodsByUid = pods.ToImmutableDictionary(p => p.Uid, StringComparer.Ordinal),
        Node = null,
        PodsResourceVersion = "1",
    };

    public async Task StopAsync(LogsService service)
    {
        await service.StopAsync(CancellationToken.None);
        _running.Remove(service);
        service.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _running.ToArray())
        {
            await StopAsync(service);
        }

        Directory.Delete(Root, recursive: true);
    }
}
