using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>
/// File-system notifications under the pods directory: a file or directory created, renamed or deleted asks for a
/// discovery round (and a log file is opened at once, <see cref="NotifiedFileOpener"/>); a file written wakes its
/// tailer; an overflow of the notification buffer is counted and answered by a full listing. The periodic rescan
/// covers whatever notifications miss.
/// </summary>
internal sealed class PodsDirWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    private PodsDirWatcher(FileSystemWatcher watcher) => _watcher = watcher;

    /// <summary>Starts watching, or returns null (logged) when the directory cannot be watched.</summary>
    public static PodsDirWatcher? TryStart(string podsDir, NotifiedFileOpener opener, Action<string> written, ILogger logger)
    {
        if (!Directory.Exists(podsDir))
        {
            return null;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(podsDir)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += (_, e) => opener.Created(e.FullPath);
            watcher.Deleted += (_, e) => opener.Deleted(e.FullPath);
            watcher.Renamed += (_, e) => opener.Renamed(e.OldFullPath, e.FullPath);
            watcher.Changed += (_, e) => written(e.FullPath);
            watcher.Error += (_, e) =>
            {
                var error = e.GetException();
                if (error is InternalBufferOverflowException)
                {
                    opener.Overflowed(podsDir, error);
                    return;
                }

                Log.WatcherFailed(logger, podsDir, error.Message);
                opener.Lost();
            };
            watcher.EnableRaisingEvents = true;
            return new PodsDirWatcher(watcher);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            Log.WatcherFailed(logger, podsDir, ex.Message);
            return null;
        }
    }

    public void Dispose() => _watcher.Dispose();
}
