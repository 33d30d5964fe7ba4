using Microsoft.Extensions.Logging;
using NodeCollector.Files;

namespace NodeCollector.Logs;

/// <summary>
/// Opens a container log file the moment a notification names it (created, or renamed to a log name) and hands the
/// open handle to the reconciler: a file that is created, rotated and deleted between two rounds stays readable
/// through that handle. A file gone before it could be opened (under its first name and the names it was renamed
/// to) is remembered by path until its deletion is notified, then reported to the reconciler as missed. A notification buffer overflow is counted, logged and asks for a round
/// (which lists everything again). Called on the watcher's thread-pool thread, one notification at a time.
/// </summary>
internal sealed class NotifiedFileOpener(LogFileReconciler reconciler, ConfinedRoot podsDir, LogsCounters counters, ILogger logger, TimeProvider time, Action roundNeeded)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _unopened = new(StringComparer.Ordinal);

    // Paths whose file was opened: renamed and gone before the open under the new name, it is not missed.
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);
    private readonly WarningLimiter _limiter = new(time);

    public void Created(string path)
    {
        TryOpen(path, wasOpened: false);
        roundNeeded();
    }

    /// <summary>Opens the file under its new name too: the open under its old name may have found a newer file there.</summary>
    public void Renamed(string oldPath, string path)
    {
        bool wasOpened;
        lock (_gate)
        {
            _unopened.Remove(oldPath);
            wasOpened = _opened.Remove(oldPath);
        }

        TryOpen(path, wasOpened);
        roundNeeded();
    }

    public void Deleted(string path)
    {
        bool unopened;
        lock (_gate)
        {
            unopened = _unopened.Remove(path);
            _opened.Remove(path);
        }

        if (unopened)
        {
            reconciler.VanishedUnopened(path);
        }

        roundNeeded();
    }

    /// <summary>Notifications were lost: what they named is found by the full listing of the next round, except files already gone.</summary>
    public void Overflowed(string podsDir, Exception error)
    {
        counters.WatcherOverflowed();
        if (_limiter.ShouldLog("overflow", out var held))
        {
            Log.WatcherOverflowed(logger, podsDir, error.Message, held);
        }

        Lost();
    }

    /// <summary>Notifications failed: forgets the files waiting for theirs and asks for a full listing.</summary>
    public void Lost()
    {
        lock (_gate)
        {
            _unopened.Clear();
            _opened.Clear();
        }

        roundNeeded();
    }

    private void TryOpen(string path, bool wasOpened)
    {
        if (!IsPlainLogFile(path))
        {
            return;
        }

        try
        {
            reconciler.Opened(path, PlainLogFile.Open(path));
            wasOpened = true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone already: missed when its deletion follows, unless it was opened under an earlier name.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: the round's own open reports it.
            return;
        }

        lock (_gate)
        {
            (wasOpened ? _opened : _unopened).Add(path);
        }
    }

    /// <summary>
    /// A plain (not compressed) log file by its name, not a symlink (those are checked against the pods directory by
    /// the listing), in a directory that really lies under the pods directory: a notification can come through a
    /// linked pod or container directory, and a handle opened there would outlive the listing's check.
    /// </summary>
    private bool IsPlainLogFile(string path)
    {
        var kind = LogFileName.Classify(Path.GetFileName(path));
        if (kind is not (LogFileKind.Live or LogFileKind.Rotated) || podsDir.LeadsOutside(Path.GetDirectoryName(path)!))
        {
            return false;
        }

        try
        {
            return new FileInfo(path).LinkTarget is null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
