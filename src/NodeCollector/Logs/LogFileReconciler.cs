using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Kubernetes;

namespace NodeCollector.Logs;

/// <summary>
/// One discovery round over <c>logs.pods_dir</c>: matches each <c>&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/</c>
/// directory to the node's pods, starts a tailer for every log file not tailed yet (from the acknowledged offset of a
/// file read before, from its start when new, per <c>start_position</c> at a first start), follows renames by device
/// and inode, asks tailers of files rotated away, deleted or of released pods to finish, and keeps what positions
/// the positions file must hold. All rounds run on one thread; tailers run on the thread pool.
/// </summary>
internal sealed partial class LogFileReconciler : IDisposable
{
    private static readonly TimeSpan KnownGoneGrace = TimeSpan.FromSeconds(10);

    private readonly LogsOptions _options;
    private readonly LogTailerSettings _settings;
    private readonly ILogSink _sink;
    private readonly LogStreamLabeler _labeler;
    private readonly LogsCounters _counters;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WarningLimiter _limiter;
    private readonly PodLogConfinement _confinement;
    private readonly bool _firstStart;
    private readonly bool _startAtEnd;
    private readonly Action? _acknowledged;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<(ulong, ulong), TailedFile> _tailed = [];
    private readonly Dictionary<(ulong, ulong), KnownFile> _known = [];

    // Known files whose inode now belongs to another file: kept for the grace, so their compressed copy is recognised.
    private readonly List<KnownFile> _retired = [];
    private readonly Dictionary<string, PodInfo> _lastPods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _goneSince = new(StringComparer.Ordinal);
    // By container directory, which names the pod's uid and the container.
    private readonly Dictionary<string, (string Version, StreamLabels? Labels)> _labels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _released = new(StringComparer.Ordinal);
    private readonly ListedPaths _listed = new();
    private Dictionary<string, PodLogDirectory?> _podDirectories = new(StringComparer.Ordinal);
    private Dictionary<string, PodLogDirectory?> _podDirectoriesBefore = new(StringComparer.Ordinal);
    private LogFileTailer[] _active = [];
    private Dictionary<string, LogFileTailer> _activeByPath = new(StringComparer.Ordinal);
    private bool _initialRound = true;

    public LogFileReconciler(
        LogsOptions options, LogTailerSettings settings, ILogSink sink, LogStreamLabeler labeler, LogsCounters counters, ILogger logger, TimeProvider time, PositionsLoad positions, Action? acknowledged = null)
    {
        _acknowledged = acknowledged;
        _options = options;
        _settings = settings;
        _sink = sink;
        _labeler = labeler;
        _counters = counters;
        _logger = logger;
        _time = time;
        _limiter = new WarningLimiter(time);
        _confinement = new PodLogConfinement(options.PodsDir, _limiter, logger);
        _firstStart = positions.FirstStart;
        _startAtEnd = positions.FirstStart && options.StartPosition == "end";
        var now = time.GetTimestamp();
        foreach (var entry in positions.Entries)
        {
            _known[entry.Key] = new KnownFile(entry, now);
        }
    }

    /// <summary>The tailers of the last round, for self-metrics and wake-ups (safe from any thread).</summary>
    public IReadOnlyList<LogFileTailer> Tailers => Volatile.Read(ref _active);

    /// <summary>The tailer of the last round reading <paramref name="path"/>, if any (safe from any thread; the map is never changed once published).</summary>
    public LogFileTailer? TailerAt(string path) => Volatile.Read(ref _activeByPath).GetValueOrDefault(path);

    public int FilesOpen
    {
        get
        {
            var open = 0;
            foreach (var tailer in Tailers)
            {
                open += tailer.Finished ? 0 : 1;
            }

            return open;
        }
    }

    /// <summary>A file changed while the last round looked at it: the caller should run another round at once.</summary>
    public bool RoundAgainSoon { get; private set; }

    /// <summary>Runs one round. <paramref name="snapshot"/> is null with Kubernetes disabled; a round waits for the first pod list.</summary>
    public void Round(NodeSnapshot? snapshot)
    {
        if (snapshot is { FirstListSucceeded: false })
        {
            return;
        }

        RoundAgainSoon = false;
        var now = _time.GetTimestamp();
        TakeNotifiedOpen(snapshot, now);
        var seen = new HashSet<(ulong, ulong)>();
        var seenPods = new HashSet<string>(StringComparer.Ordinal);
        foreach (var podDir in ListDirectories(_options.PodsDir))
        {
            if (ParsePodDirectory(podDir) is not { } directory)
            {
                continue;
            }

            seenPods.Add(directory.Uid);
            var (pod, released) = PodOf(snapshot, directory, now);
            foreach (var containerDir in ListDirectories(podDir))
            {
                var labels = LabelsFor(pod, directory, containerDir);
                if (labels is not null)
                {
                    ScanContainer(containerDir, labels, directory, released, seen);
                }
            }
        }

        ReleaseHeldOpen(snapshot, now);
        _listed.EndRound();
        (_podDirectoriesBefore, _podDirectories) = (_podDirectories, _podDirectoriesBefore);
        _podDirectories.Clear();
        Settle(seen, seenPods, now);
        RefreshFirstBytes();
        _initialRound = false;
    }

    /// <summary>Positions to save: every tailed file at its acknowledged offset, and the files read before.</summary>
    public List<PositionEntry> Positions()
    {
        var entries = new List<PositionEntry>(_tailed.Count + _known.Count);
        foreach (var file in _tailed.Values)
        {
            entries.Add(file.ToPosition());
        }

        foreach (var known in _known.Values)
        {
            entries.Add(known.Entry);
        }

        return entries;
    }

    /// <summary>Stops every tailer and waits up to <paramref name="ackWait"/> for the sink to acknowledge what they handed on.</summary>
    public async Task StopAsync(TimeSpan ackWait)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var file in _tailed.Values)
        {
            await file.Run.ConfigureAwait(false);
        }

        var deadline = _time.GetTimestamp();
        while (_time.GetElapsedTime(deadline) < ackWait && !AllAcknowledged())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        DisposeHeldOpen();
        _stopping.Dispose();
    }

    private bool AllAcknowledged()
    {
        foreach (var file in _tailed.Values)
        {
            if (file.Tailer.AckedOffset < file.Tailer.LastResumeOffset)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The parsed name of <paramref name="podDir"/>, kept from the round before when it was listed then.</summary>
    private PodLogDirectory? ParsePodDirectory(string podDir)
    {
        if (!_podDirectories.TryGetValue(podDir, out var directory)
            && !_podDirectoriesBefore.TryGetValue(podDir, out directory))
        {
            directory = PodLogDirectory.TryParse(Path.GetFileName(podDir), out var parsed) ? parsed : null;
        }

        _podDirectories[podDir] = directory;
        return directory;
    }

    private (PodInfo? Pod, bool Released) PodOf(NodeSnapshot? snapshot, PodLogDirectory directory, long now)
    {
        if (snapshot is null)
        {
            return (null, false);
        }

        if (snapshot.TryGetPodByUid(directory.Uid, out var pod))
        {
            _lastPods[directory.Uid] = pod;
            _goneSince.Remove(directory.Uid);
            _released.Remove(directory.Uid);
            return (pod, false);
        }

        if (!_goneSince.TryGetValue(directory.Uid, out var since))
        {
            _goneSince[directory.Uid] = since = now;
        }

        var released = _time.GetElapsedTime(since, now) >= _options.DeletedPodGrace;
        if (released && _released.Add(directory.Uid))
        {
            Log.PodReleased(_logger, directory.Namespace, directory.Pod);
        }

        return (_lastPods.GetValueOrDefault(directory.Uid), released);
    }

    private StreamLabels? LabelsFor(PodInfo? pod, PodLogDirectory directory, string containerDir)
    {
        var version = pod?.ResourceVersion ?? "";
        if (_labels.TryGetValue(containerDir, out var cached) && cached.Version == version)
        {
            return cached.Labels;
        }

        var labels = _labeler.TryBuild(LogDiscoveryLabels.Build(pod, directory, Path.GetFileName(containerDir), Path.Combine(containerDir, "*.log")));
        _labels[containerDir] = (version, labels);
        return labels;
    }

    private void ScanContainer(string containerDir, StreamLabels labels, PodLogDirectory directory, bool released, HashSet<(ulong, ulong)> seen)
    {
        if (!TryListStable(containerDir, out var files))
        {
            // Rotating right now: a listing taken mid-rename can miss the older files, and a newer file read before
            // them makes Loki reject their lines as out of order. Keep everything as it is and look again at once.
            KeepDirectory(containerDir, seen);
            _unsettled.Add(containerDir);
            RoundAgainSoon = true;
            return;
        }

        foreach (var (path, kind, key, change) in files)
        {
            seen.Add(key);
            if (_tailed.TryGetValue(key, out var file) && file.Tailer.Finished)
            {
                // Its handle is closed, so this inode may already belong to another file: check it as a known file.
                Retire(key, file, _time.GetTimestamp());
            }
            else if (file is not null)
            {
                file.Tailer.Path = path;
                file.LastStat = change;
                if ((kind != LogFileKind.Live || released) && !file.Tailer.FinishRequested)
                {
                    file.Tailer.RequestFinish();
                }

                continue;
            }

            if (_known.TryGetValue(key, out var known) && known.LastStat == change)
            {
                continue;
            }

            if (!released)
            {
                if (!Consider(path, kind, key, labels, directory))
                {
                    // Replaced between stat and open: the newer files must not start before this one is seen again.
                    _unsettled.Add(containerDir);
                    RoundAgainSoon = true;
                    return;
                }

                if (_known.TryGetValue(key, out known))
                {
                    known.LastStat = change;
                }
            }
        }
    }

    /// <summary>Starts a tailer if the file has anything to read; false when the path no longer holds the file stat'ed.</summary>
    private bool Consider(string path, LogFileKind kind, (ulong, ulong) key, StreamLabels labels, PodLogDirectory directory)
    {
        LogFileContent content;
        try
        {
            content = OpenListed(path, kind, key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (_limiter.ShouldLog("open:" + path, out _))
            {
                Log.OpenFailed(_logger, path, ex.Message);
            }

            return true;
        }

        if (content.DeviceInode != key)
        {
            // Renamed or replaced between stat and open (rotation right now): judged by the stale identity, the
            // older file would be taken for a reused inode and read again, after the newer one.
            content.Dispose();
            return false;
        }

        StartAt(path, kind, key, content, labels, directory);
        return true;
    }

    /// <summary>Starts a tailer on <paramref name="content"/> where <see cref="StartOffset"/> says, or disposes it when there is nothing to read.</summary>
    private void StartAt(string path, LogFileKind kind, (ulong, ulong) key, LogFileContent content, StreamLabels labels, PodLogDirectory directory)
    {
        try
        {
            var start = StartOffset(path, kind, key, content);
            if (start is null)
            {
                content.Dispose();
                return;
            }

            Start(path, content, start.Value.Offset, start.Value.Reason, labels, directory);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            content.Dispose();
            Log.OpenFailed(_logger, path, ex.Message);
        }
    }

    private void Start(string path, LogFileContent content, long offset, string reason, StreamLabels labels, PodLogDirectory directory)
    {
        var context = new LogTailerContext
        {
            Labels = labels,
            Counters = _counters,
            Pod = _counters.ForPod(directory.Namespace, directory.Pod),
            Logger = _logger,
            Limiter = _limiter,
            Time = _time,
            Acknowledged = _acknowledged,
            Path = path,
        };
        var tailer = new LogFileTailer(content, offset, FileFingerprint.Read(content, FileFingerprint.MaxBytes), _sink, _settings, context);
        Log.TailStarted(_logger, path, offset, content.Length, reason);
        var token = _stopping.Token;
        var older = ContainerReadOrder.OlderStillRead(_tailed.Values, path);
        var file = new TailedFile(tailer, Task.Run(() => ContainerReadOrder.RunAfterAsync(older, tailer, token), CancellationToken.None), (directory.Namespace, directory.Pod)) { Content = content };
        file.FirstBytes.Refresh(tailer, content);
        _tailed[(tailer.Identity.Device, tailer.Identity.Inode)] = file;
    }
}
