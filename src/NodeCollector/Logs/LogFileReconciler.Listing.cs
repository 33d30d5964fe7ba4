using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>Listing pod and container directories, and telling a settled listing from one taken mid-rotation.</summary>
internal sealed partial class LogFileReconciler
{
    /// <summary>
    /// The container's log files, oldest first, with their identity and size, when two listings around the stats
    /// agree and every listed file could be stat'ed; false while files are being renamed or deleted.
    /// </summary>
    private bool TryListStable(string containerDir, out List<(string Path, LogFileKind Kind, (ulong, ulong) Key, (long, long) Change)> files)
    {
        files = [];
        var names = ListFiles(containerDir);
        foreach (var path in names)
        {
            var kind = LogFileName.Classify(Path.GetFileName(path));
            if (kind == LogFileKind.Other)
            {
                continue;
            }

            if (!PlainLogFile.TryStat(path, out var device, out var inode, out var change))
            {
                if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
                {
                    continue;
                }

                return false;
            }

            files.Add((path, kind, (device, inode), change));
        }

        return names.AsSpan().SequenceEqual(ListFiles(containerDir));
    }

    /// <summary>Marks the files of <paramref name="containerDir"/> already tailed or known as seen, so an unsettled listing finishes or prunes none.</summary>
    private void KeepDirectory(string containerDir, HashSet<(ulong, ulong)> seen)
    {
        foreach (var (key, file) in _tailed)
        {
            if (file.IsIn(containerDir))
            {
                seen.Add(key);
            }
        }

        foreach (var (key, known) in _known)
        {
            if (known.IsIn(containerDir))
            {
                seen.Add(key);
            }
        }
    }

    private string[] ListDirectories(string path) => List(path, directories: true);

    private string[] ListFiles(string path)
    {
        var files = List(path, directories: false);
        Array.Sort(files, LogFileName.CompareAge);
        return files;
    }

    private string[] List(string path, bool directories)
    {
        try
        {
            var entries = _confinement.Filter(_listed.List(path, directories));
            Array.Sort(entries, StringComparer.Ordinal);
            return entries;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (_limiter.ShouldLog("list:" + path, out _))
            {
                Log.DirectoryUnreadable(_logger, path, ex.Message);
            }

            return [];
        }
    }
}
