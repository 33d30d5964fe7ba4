namespace NodeCollector.Logs;

/// <summary>
/// A file read before but not tailed now: from the positions file, or one whose tailer finished. It stays while it
/// is seen, and for a short grace after, so a compressed copy appearing later is known as already read. The size
/// and modification time it was last seen with spare opening it again while it does not change.
/// </summary>
internal sealed class KnownFile(PositionEntry entry, long lastSeen, LogFileTailer? tailer = null)
{
    private PositionEntry _entry = entry;

    /// <summary>The positions entry; a finished tailer's acknowledged offset keeps advancing as the sink catches up.</summary>
    public PositionEntry Entry
    {
        get => tailer is null ? _entry : _entry with { Offset = tailer.AckedOffset };
        set => _entry = value;
    }

    /// <summary>Where reading would go on in this process: what was handed on, or the acknowledged offset from disk.</summary>
    public long ResumeOffset => tailer?.ReadOffset ?? _entry.Offset;

    /// <summary>The tailer that read this file in this process, if one did.</summary>
    public LogFileTailer? Tailer => tailer;

    public long LastSeen { get; set; } = lastSeen;

    public (long Size, long ModifiedNanos) LastStat { get; set; } = (-1, -1);

    /// <summary>The rest of this file was read (by its tailer through its handle, or from a compressed copy): it is not missed when it vanishes.</summary>
    public bool Claimed { get; set; }

    /// <summary>The path of the file found with this inode but other first bytes, until the round reports it.</summary>
    public string? ReusedBy { get; set; }

    public string Directory => Path.GetDirectoryName(_entry.Path) ?? "";

    /// <summary>Whether the file lies in <paramref name="directory"/>, without a new string.</summary>
    public bool IsIn(ReadOnlySpan<char> directory) => Path.GetDirectoryName(_entry.Path.AsSpan()).SequenceEqual(directory);
}
