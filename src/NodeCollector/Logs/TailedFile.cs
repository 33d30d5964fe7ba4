namespace NodeCollector.Logs;

/// <summary>A file with a tailer, and the task that runs it.</summary>
internal sealed record TailedFile(LogFileTailer Tailer, Task Run, (string Namespace, string Pod) Pod)
{
    /// <summary>Size and modification time when the last round saw the file.</summary>
    public (long Size, long ModifiedNanos) LastStat { get; set; } = (-1, -1);

    public string Directory => Path.GetDirectoryName(Tailer.Path) ?? "";

    /// <summary>Whether the file lies in <paramref name="directory"/>, without a new string (asked for every file at every start).</summary>
    public bool IsIn(ReadOnlySpan<char> directory) => Path.GetDirectoryName(Tailer.Path.AsSpan()).SequenceEqual(directory);

    /// <summary>The tailer's content, for reading its first bytes from the round thread (positional reads).</summary>
    public LogFileContent? Content { get; init; }

    /// <summary>Its first bytes before its latest truncation, to tell a short copy of it (copytruncate).</summary>
    public OriginalFirstBytes FirstBytes { get; } = new();

    /// <summary>
    /// Its positions entry. The fingerprint is read now: a tailer waiting for older files computed it when the file
    /// was new and short, and a short one cannot be matched to the file's compressed copy after a restart.
    /// </summary>
    public PositionEntry ToPosition() => new(
        Tailer.Path,
        Tailer.Identity.Device,
        Tailer.Identity.Inode,
        Tailer.FingerprintNow(),
        Tailer.AckedOffset,
        Tailer.LastLength,
        Tailer.IsCompressed);
}
