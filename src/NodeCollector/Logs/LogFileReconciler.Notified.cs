using System.Collections.Concurrent;
using NodeCollector.Kubernetes;

namespace NodeCollector.Logs;

/// <summary>
/// Files opened at their notification (<see cref="NotifiedFileOpener"/>): a round reads the ones no longer at the path
/// they were opened by through that handle (an open handle keeps an unlinked file readable), and lets the scan use
/// the others instead of opening them again. Files gone before they could be opened are counted missed.
/// </summary>
internal sealed partial class LogFileReconciler
{
    private readonly ConcurrentQueue<(string Path, LogFileContent Content)> _notifiedOpen = new();
    private readonly ConcurrentQueue<string> _vanishedUnopened = new();
    private readonly Dictionary<(ulong, ulong), (string Path, LogFileContent Content)> _heldOpen = [];

    // Container directories caught mid-rotation in this round: the handles opened in them are held for the next.
    private readonly HashSet<string> _unsettled = new(StringComparer.Ordinal);

    /// <summary>A file opened at its notification (any thread): the next round takes the handle over.</summary>
    public void Opened(string path, LogFileContent content) => _notifiedOpen.Enqueue((path, content));

    /// <summary>A file created and deleted before it could be opened (any thread): the next round counts it missed.</summary>
    public void VanishedUnopened(string path) => _vanishedUnopened.Enqueue(path);

    /// <summary>Files held open by a notification, for tests and self-checks (round thread).</summary>
    internal int HeldOpenCount => _heldOpen.Count;

    /// <summary>Start of a round: takes the handles opened since the last, and reads those whose file left its path.</summary>
    private void TakeNotifiedOpen(NodeSnapshot? snapshot, long now)
    {
        _unsettled.Clear();
        while (_notifiedOpen.TryDequeue(out var opened))
        {
            var key = opened.Content.DeviceInode;
            if (_tailed.TryGetValue(key, out var tailed) && !tailed.Tailer.Finished)
            {
                opened.Content.Dispose();
                continue;
            }

            // Opened again after a rename: the later path is the current one.
            if (_heldOpen.Remove(key, out var earlier))
            {
                earlier.Content.Dispose();
            }

            _heldOpen[key] = opened;
        }

        StartHeldOpenGone(snapshot, now);
    }

    /// <summary>The scan's open of a listed file: the handle held since its notification when there is one.</summary>
    private LogFileContent OpenListed(string path, LogFileKind kind, (ulong, ulong) key)
    {
        if (_heldOpen.Remove(key, out var held))
        {
            return held.Content;
        }

        return kind == LogFileKind.Compressed ? GzipLogFile.Open(path) : PlainLogFile.Open(path);
    }

    /// <summary>End of a round's scan: reads files that left their path meanwhile, releases the handles of files the listing covers, counts files never opened.</summary>
    private void ReleaseHeldOpen(NodeSnapshot? snapshot, long now)
    {
        StartHeldOpenGone(snapshot, now);
        foreach (var (key, held) in _heldOpen.ToArray())
        {
            if (!_unsettled.Contains(Path.GetDirectoryName(held.Path) ?? ""))
            {
                _heldOpen.Remove(key);
                held.Content.Dispose();
            }
        }

        while (_vanishedUnopened.TryDequeue(out var path))
        {
            // A compressed copy carries its bytes on: reading it or counting it missed is the listing's decision.
            if (!File.Exists(path + ".gz"))
            {
                Log.FileVanishedUnopened(_logger, path);
                _counters.FileMissed(0);
            }
        }
    }

    /// <summary>Starts a tailer for each held file no longer at its path: deleted (or moved) since its notification.</summary>
    private void StartHeldOpenGone(NodeSnapshot? snapshot, long now)
    {
        foreach (var (key, held) in _heldOpen.ToArray())
        {
            if (PlainLogFile.TryStat(held.Path, out var device, out var inode, out _) && (device, inode) == key)
            {
                continue;
            }

            _heldOpen.Remove(key);
            if (!StartUnlisted(snapshot, held.Path, key, held.Content, now))
            {
                held.Content.Dispose();
            }
        }
    }

    /// <summary>Starts reading a file no listing will show, labelled from its path; false when it is not to be read.</summary>
    private bool StartUnlisted(NodeSnapshot? snapshot, string path, (ulong, ulong) key, LogFileContent content, long now)
    {
        var containerDir = Path.GetDirectoryName(path) ?? "";
        var podDir = Path.GetDirectoryName(containerDir) ?? "";
        if (!PodLogDirectory.TryParse(Path.GetFileName(podDir), out var directory))
        {
            return false;
        }

        var (pod, released) = PodOf(snapshot, directory, now);
        var labels = LabelsFor(pod, directory, containerDir);
        if (labels is null || released)
        {
            return false;
        }

        if (_tailed.TryGetValue(key, out var tailed))
        {
            if (!tailed.Tailer.Finished)
            {
                return false;
            }

            // A new file on the inode of one read before (and closed): judged against it as a known file.
            Retire(key, tailed, now);
        }

        if (HasCompressedCopy(containerDir, FileFingerprint.Read(content, FileFingerprint.MaxBytes)))
        {
            // Its notification came late: its gzip was listed (and read, or counted) already.
            return false;
        }

        StartAt(path, LogFileName.Classify(Path.GetFileName(path)), key, content, labels, directory);
        return true;
    }

    private void DisposeHeldOpen()
    {
        while (_notifiedOpen.TryDequeue(out var opened))
        {
            opened.Content.Dispose();
        }

        foreach (var held in _heldOpen.Values)
        {
            held.Content.Dispose();
        }

        _heldOpen.Clear();
    }
}
