using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>Where reading of a file without a tailer starts: resumed, from its start, or in a compressed copy at the offset already read of its original.</summary>
internal sealed partial class LogFileReconciler
{
    /// <summary>Where to start reading a file that has no tailer, or null when there is nothing to read.</summary>
    private (long Offset, string Reason)? StartOffset(string path, LogFileKind kind, (ulong, ulong) key, LogFileContent content)
    {
        if (_known.TryGetValue(key, out var known))
        {
            if (FileFingerprint.Read(content, known.Entry.Fingerprint.Length) == known.Entry.Fingerprint)
            {
                if (kind == LogFileKind.Live || known.ResumeOffset < content.Length)
                {
                    _known.Remove(key);
                    return (known.ResumeOffset, "resumed where reading stopped");
                }

                known.Entry = known.Entry with { Path = path };
                return null;
            }

            // Whether this is worth a warning is decided at the end of the round, once a compressed copy may have claimed it.
            _known.Remove(key);
            known.LastSeen = _time.GetTimestamp();
            known.ReusedBy = path;
            _retired.Add(known);
        }

        if (kind == LogFileKind.Compressed)
        {
            return CompressedStart(path, key, content);
        }

        if (kind == LogFileKind.Rotated && CopyOfTailed(key, path, content) is { } copy)
        {
            return copy.Offset < 0 ? null : copy;
        }

        return _initialRound && _startAtEnd ? (content.Length, "start_position end") : (0, _initialRound && _firstStart ? "start_position beginning" : "new file");
    }

    private (long Offset, string Reason)? CompressedStart(string path, (ulong, ulong) key, LogFileContent content)
    {
        var directory = Path.GetDirectoryName(path) ?? "";
        foreach (var file in _tailed.Values)
        {
            var fingerprint = file.Tailer.FingerprintNow();
            if (!file.Tailer.IsCompressed && fingerprint.Length > 0 && file.IsIn(directory) && FileFingerprint.Read(content, fingerprint.Length) == fingerprint)
            {
                Log.CompressedAlreadyRead(_logger, path, file.Tailer.Path);
                RememberCopy(path, key, content, file.Tailer, file.Tailer.AckedOffset);
                return null;
            }
        }

        foreach (var known in _known.Values.Concat(_retired))
        {
            var fingerprint = known.Entry.Fingerprint;
            if (!known.Entry.Compressed && fingerprint.Length > 0 && known.IsIn(directory) && FileFingerprint.Read(content, fingerprint.Length) == fingerprint)
            {
                known.Claimed = true;
                if (known.ResumeOffset >= content.Length)
                {
                    Log.CompressedAlreadyRead(_logger, path, known.Entry.Path);
                    RememberCopy(path, key, content, known.Tailer, known.Entry.Offset);
                    return null;
                }

                if (!_options.ReadGzipRotated)
                {
                    Missed(path, content.Length - known.ResumeOffset, "compressed before it was read; read_gzip_rotated is off");
                    RememberRead(path, key, content);
                    return null;
                }

                return (known.ResumeOffset, "compressed rest of " + known.Entry.Path);
            }
        }

        if (_initialRound && _startAtEnd)
        {
            RememberRead(path, key, content);
            return null;
        }

        if (!_options.ReadGzipRotated)
        {
            if (!(_initialRound && _firstStart))
            {
                Missed(path, content.Length, "compressed before it was seen; read_gzip_rotated is off");
            }

            RememberRead(path, key, content);
            return null;
        }

        return (0, "compressed file not read before");
    }

    private void RememberRead(string path, (ulong Device, ulong Inode) key, LogFileContent content) =>
        _known[key] = new KnownFile(
            new PositionEntry(path, key.Device, key.Inode, FileFingerprint.Read(content, FileFingerprint.MaxBytes), content.Length, content.Length, content.IsCompressed),
            _time.GetTimestamp());

    /// <summary>
    /// A compressed copy of a file read through the original's handle: its positions entry carries the original's
    /// acknowledged offset (not its end), so after a restart the copy is read on from what Loki has.
    /// </summary>
    private void RememberCopy(string path, (ulong Device, ulong Inode) key, LogFileContent content, LogFileTailer? original, long ackedOffset) =>
        _known[key] = new KnownFile(
            new PositionEntry(path, key.Device, key.Inode, FileFingerprint.Read(content, FileFingerprint.MaxBytes), Math.Min(ackedOffset, content.Length), content.Length, content.IsCompressed),
            _time.GetTimestamp(),
            original) { Claimed = true };
}
