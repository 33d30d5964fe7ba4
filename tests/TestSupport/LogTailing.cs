using System.Diagnostics;
using NodeCollector.Logs;

namespace NodeCollector.TestSupport;

/// <summary>Paces a log writer on a running <see cref="LogsService"/>.</summary>
internal static class LogTailing
{
    /// <summary>
    /// Blocks until a running tailer holds <paramref name="path"/> open: the kubelet rotates at most every 10 s, and a
    /// test rotating faster would otherwise let a file's whole life fall between two discovery rounds.
    /// </summary>
    public static void WaitUntilTailed(LogsService service, string path)
    {
        Assert.True(PlainLogFile.TryStat(path, out _, out var inode, out _));

        // A finished tailer of an older file may show the same inode number; only a running one holds this file open.
        var clock = Stopwatch.StartNew();
        while (!(service.Reconciler?.Tailers.Any(t => t.Identity.Inode == inode && !t.Finished) ?? false))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the live file was not discovered within 10 s");
            Thread.Sleep(1);
        }
    }
}
