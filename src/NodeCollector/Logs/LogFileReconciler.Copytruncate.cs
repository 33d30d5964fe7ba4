namespace NodeCollector.Logs;

/// <summary>Copytruncate: telling the copy of a tailed file (a rotated file with a new inode) from a new file, also while the copy is shorter than a fingerprint.</summary>
internal sealed partial class LogFileReconciler
{
    /// <summary>
    /// A rotated file with a new inode whose first bytes are those of a tailed file in its directory is its copy. Its
    /// start is the offset read of the original before the truncation; while the original is not truncated (yet), its
    /// tailer reads those same bytes, so the copy waits (offset -1). A copy shorter than the fingerprint is compared
    /// byte by byte with what the original began with; an empty one waits until it has bytes to compare. Null when
    /// no original matches.
    /// </summary>
    private (long Offset, string Reason)? CopyOfTailed((ulong, ulong) key, string path, LogFileContent content)
    {
        var directory = Path.GetDirectoryName(path) ?? "";
        var length = content.Length;
        foreach (var file in _tailed.Values)
        {
            if (file.Tailer.IsCompressed || !file.IsIn(directory) || file.Tailer.Identity.Device == key.Item1 && file.Tailer.Identity.Inode == key.Item2)
            {
                continue;
            }

            if (length == 0)
            {
                return (-1, "");
            }

            if (file.Tailer.TruncatedFrom is { Fingerprint.Length: > 0 } truncated
                && (FileFingerprint.Read(content, truncated.Fingerprint.Length) == truncated.Fingerprint
                    || length < truncated.Fingerprint.Length && file.FirstBytes.IsPrefixBefore(content, truncated)))
            {
                return (Math.Min(truncated.Offset, length), "copy of " + file.Tailer.Path + " before its truncation");
            }

            var fingerprint = file.Tailer.Fingerprint;
            if (fingerprint.Length > 0 && (FileFingerprint.Read(content, fingerprint.Length) == fingerprint || length < fingerprint.Length && file.FirstBytes.IsPrefixNow(content)))
            {
                return (-1, "");
            }
        }

        return null;
    }

    /// <summary>End of a round: takes the first bytes of tailed files whose fingerprint grew or that were truncated, while their handle is open.</summary>
    private void RefreshFirstBytes()
    {
        foreach (var file in _tailed.Values)
        {
            if (file.Content is { IsCompressed: false } content && !file.Tailer.Finished)
            {
                try
                {
                    file.FirstBytes.Refresh(file.Tailer, content);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or IOException)
                {
                    // Finished meanwhile: it is read no more, and its copy is matched by its fingerprint or not at all.
                }
            }
        }
    }
}
