using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>The end of a round: files rotated away or deleted finish, inode reuse is reported, files gone are released and counted when missed.</summary>
internal sealed partial class LogFileReconciler
{
    /// <summary>Finishes tailers of files not seen, turns finished ones into known files, prunes known files long gone.</summary>
    private void Settle(HashSet<(ulong, ulong)> seen, HashSet<string> seenPods, long now)
    {
        foreach (var (key, file) in _tailed.ToArray())
        {
            if (!seen.Contains(key) && !file.Tailer.FinishRequested)
            {
                file.Tailer.RequestFinish();
            }

            if (file.Tailer.Finished)
            {
                // Closed now: its inode may be reused, so from here on the file is checked by fingerprint.
                Retire(key, file, now);
            }
        }

        foreach (var (key, known) in _known.ToArray())
        {
            if (seen.Contains(key))
            {
                known.LastSeen = now;
            }
            else if (_time.GetElapsedTime(known.LastSeen, now) >= KnownGoneGrace)
            {
                _known.Remove(key);
                CountIfMissed(known);
            }
        }

        foreach (var known in _retired.ToArray())
        {
            ReportReuse(known);
            if (_time.GetElapsedTime(known.LastSeen, now) >= KnownGoneGrace)
            {
                _retired.Remove(known);
                CountIfMissed(known);
            }
        }

        foreach (var uid in _goneSince.Keys.ToArray())
        {
            if (!seenPods.Contains(uid))
            {
                _goneSince.Remove(uid);
                _lastPods.Remove(uid);
                _released.Remove(uid);
            }
        }

        var active = new LogFileTailer[_tailed.Count];
        var byPath = new Dictionary<string, LogFileTailer>(_tailed.Count, StringComparer.Ordinal);
        var i = 0;
        foreach (var file in _tailed.Values)
        {
            active[i++] = file.Tailer;
            byPath.TryAdd(file.Tailer.Path, file.Tailer);
        }

        Volatile.Write(ref _active, active);
        Volatile.Write(ref _activeByPath, byPath);
    }

    /// <summary>A finished tailer's file becomes a known file: its handle is closed, so its inode may belong to another file.</summary>
    private void Retire((ulong, ulong) key, TailedFile file, long now)
    {
        _tailed.Remove(key);
        _known[key] = new KnownFile(file.ToPosition(), now, file.Tailer) { Claimed = true, LastStat = file.LastStat };
    }

    /// <summary>
    /// Inode numbers of deleted files are handed out again at once (ext4, tmpfs): after rotation and gzip that is
    /// routine and only logged at debug level. It is a warning when the file that had the inode was not read to its
    /// end and no compressed copy of it was found.
    /// </summary>
    private void ReportReuse(KnownFile known)
    {
        if (known.ReusedBy is not { } path)
        {
            return;
        }

        known.ReusedBy = null;
        var unread = known.Entry.Size - known.ResumeOffset;
        if (known.Claimed || unread <= 0 || HasCompressedCopy(known.Directory, known.Entry.Fingerprint))
        {
            Log.InodeRecycled(_logger, path, known.Entry.Path);
            return;
        }

        Log.InodeReused(_logger, path, known.Entry.Path, unread);
        _counters.InodeReused();
    }

    private void CountIfMissed(KnownFile known)
    {
        if (!known.Claimed && !known.Entry.Compressed && known.ResumeOffset < known.Entry.Size && !HasCompressedCopy(known.Directory, known.Entry.Fingerprint))
        {
            Missed(known.Entry.Path, known.Entry.Size - known.ResumeOffset, "gone before it was read to the end");
        }
    }

    /// <summary>Whether a compressed file in <paramref name="directory"/> with a plain file's first bytes is tailed or known: it carries the rest on.</summary>
    private bool HasCompressedCopy(string directory, FileFingerprint fingerprint)
    {
        if (fingerprint.Length == 0)
        {
            return false;
        }

        foreach (var file in _tailed.Values)
        {
            if (file.Tailer.IsCompressed && file.IsIn(directory) && file.Tailer.Fingerprint == fingerprint)
            {
                return true;
            }
        }

        foreach (var known in _known.Values)
        {
            if (known.Entry.Compressed && known.IsIn(directory) && known.Entry.Fingerprint == fingerprint)
            {
                return true;
            }
        }

        return false;
    }

    private void Missed(string path, long bytes, string reason)
    {
        Log.FileMissed(_logger, path, bytes, reason);
        _counters.FileMissed(bytes);
    }
}
