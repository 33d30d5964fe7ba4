using Mono.Unix;
using Mono.Unix.Native;

namespace NodeCollector.Host;

/// <summary>
/// One statvfs(3) of a mount point on a worker thread, so that a mount that hangs (a stale NFS server) blocks that
/// thread, never the scrape. A call that has not returned is not started again: its mount is reported stuck.
/// </summary>
internal sealed class StatfsCall : IThreadPoolWorkItem
{
    private readonly Func<string, FilesystemStat> _statfs;
    private int _running;
    private ScrapeRound? _round;

    public StatfsCall(string path, Func<string, FilesystemStat> statfs)
    {
        Path = path;
        _statfs = statfs;
    }

    public string Path { get; }

    public FilesystemStat Result { get; private set; }

    public ScrapeRound? FinishedIn { get; private set; }

    public bool IsRunning => Volatile.Read(ref _running) != 0;

    /// <summary>Set when the mount was reported stuck, until the call returns.</summary>
    public bool ReportedStuck { get; set; }

    public bool TryStart(ScrapeRound round, WorkerThreads workers)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return false;
        }

        _round = round;
        round.Add();
        workers.Queue(this);
        return true;
    }

    public void Execute()
    {
        Result = _statfs(Path);
        var round = _round!;
        FinishedIn = round;
        Volatile.Write(ref _running, 0);
        round.Signal();
    }

    /// <summary>statvfs through Mono.Posix, with Go's wording of the error (as node_exporter puts it in the device_error label).</summary>
    public static FilesystemStat Statvfs(string path)
    {
        if (Syscall.statvfs(path, out var buffer) != 0)
        {
            var description = UnixMarshal.GetErrorDescription(Stdlib.GetLastError());
            return new FilesystemStat(0, 0, 0, 0, 0, description.Length > 0 ? char.ToLowerInvariant(description[0]) + description[1..] : "statfs failed");
        }

        return new FilesystemStat(
            buffer.f_blocks * (double)buffer.f_bsize, buffer.f_bfree * (double)buffer.f_bsize, buffer.f_bavail * (double)buffer.f_bsize,
            buffer.f_files, buffer.f_ffree, null);
    }
}

/// <summary>What statfs said about a mount: sizes in bytes, inode counts, or the error.</summary>
internal readonly record struct FilesystemStat(double Size, double Free, double Avail, double Files, double FilesFree, string? Error);
