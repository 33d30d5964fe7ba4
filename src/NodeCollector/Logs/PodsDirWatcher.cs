using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>
/// File-system notifications under the pods directory: a file or directory created, renamed or deleted asks for a
/// discovery round; a file written wakes its tailer. The periodic rescan covers whatever notifications miss.
/// </summary>
internal sealed class PodsDirWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    private PodsDirWatcher(FileSystemWatcher watcher) => _watcher = watcher;

    /// <summary>Starts watching, or returns null (logged) when the directory cannot be watched.</summary>
    public static PodsDirWatcher? TryStart(string podsDir, Action roundNeeded, Action<string> written, ILogger logger)
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
            watcher.Created += (_, _) => roundNeeded();
            watcher.Deleted += (_, _) => roundNeeded();
            watcher.Renamed += (_, _) => roundNeeded();
            watcher.Changed += (_, e) => written(e.FullPath);
            watcher.Error += (_, e) =>
            {
                Log.WatcherFailed(logger, podsDir, e.GetException().Message);
                roundNeeded();
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
