namespace NodeCollector.Logs;

/// <summary>A file with a tailer, and the task that runs it.</summary>
internal sealed record TailedFile(LogFileTailer Tailer, Task Run, (string Namespace, string Pod) Pod)
{
    /// <summary>Size and modification time when the last round saw the file.</summary>
    public (long Size, long ModifiedNanos) LastStat { get; set; } = (-1, -1);

    public string Directory => Path.GetDirectoryName(Tailer.Path) ?? "";

    public PositionEntry ToPosition() => new(
        Tailer.Path,
        Tailer.Identity.Device,
        Tailer.Identity.Inode,
        Tailer.Fingerprint,
        Tailer.AckedOffset,
        Tailer.LastLength,
        Tailer.IsCompressed);
}
