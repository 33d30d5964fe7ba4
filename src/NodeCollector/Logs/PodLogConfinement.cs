using Microsoft.Extensions.Logging;
using NodeCollector.Files;
using NodeCollector.Metrics;

namespace NodeCollector.Logs;

/// <summary>
/// Keeps log discovery inside <c>logs.pods_dir</c>: a pod directory, container directory or log file that is a
/// symlink leading outside it is left out, logged (rate-limited per path) and counted in
/// <c>nodecollector_logs_symlinks_refused_total</c>. Entries that are not links cost one <c>lstat</c>.
/// </summary>
internal sealed class PodLogConfinement
{
    private static long _refusedTotal;

    private readonly ConfinedRoot _root;
    private readonly WarningLimiter _limiter;
    private readonly ILogger _logger;

    static PodLogConfinement()
    {
        CollectorMeter.Meter.CreateObservableCounter(
            "nodecollector_logs_symlinks_refused_total",
            () => Interlocked.Read(ref _refusedTotal),
            null,
            "Entries under logs.pods_dir that are symlinks leading outside it, left unread (counted at every discovery round).");
    }

    public PodLogConfinement(string podsDir, WarningLimiter limiter, ILogger logger)
    {
        _root = new ConfinedRoot(podsDir);
        _limiter = limiter;
        _logger = logger;
    }

    public long Refused { get; private set; }

    /// <summary><paramref name="entries"/> (full paths listed under the root) without those that lead outside it.</summary>
    public string[] Filter(string[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        List<string>? kept = null;
        for (var i = 0; i < entries.Length; i++)
        {
            if (Allows(entries[i]))
            {
                kept?.Add(entries[i]);
            }
            else
            {
                kept ??= [.. entries.AsSpan(0, i)];
            }
        }

        return kept is null ? entries : [.. kept];
    }

    /// <summary>The listed <paramref name="entries"/> without links leading outside the root; entries that are no link are kept unchecked.</summary>
    public string[] Filter(List<(string Path, bool IsLink)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var kept = new string[entries.Count];
        var count = 0;
        foreach (var (path, isLink) in entries)
        {
            if (!isLink || Allows(path))
            {
                kept[count++] = path;
            }
        }

        return count == kept.Length ? kept : kept[..count];
    }

    private bool Allows(string path)
    {
        FileSystemInfo entry = new FileInfo(path);
        if (entry.LinkTarget is null || _root.Contains(path, out var target))
        {
            return true;
        }

        Refused++;
        Interlocked.Increment(ref _refusedTotal);
        if (_limiter.ShouldLog("symlink:" + path, out _))
        {
            Log.SymlinkOutsideRoot(_logger, path, target, _root.Path);
        }

        return false;
    }
}
