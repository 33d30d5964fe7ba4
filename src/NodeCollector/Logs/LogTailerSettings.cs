namespace NodeCollector.Logs;

/// <summary>How a tailer reads: line limit, partial-line timeout, buffer size, how often an idle file is checked.</summary>
internal sealed record LogTailerSettings
{
    public int MaxLineSize { get; init; } = 256 * 1024;

    public TimeSpan PartialLineTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The read buffers, shared by every tailer given these settings.</summary>
    public LogReadBuffers ReadBuffers { get; init; } = new();

    /// <summary>How often a file at its end is looked at again when no notification woke its tailer.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a file that was rotated away or whose pod is released keeps being read after its end was reached:
    /// the runtime may still write to the old file until it reopens.
    /// </summary>
    public TimeSpan FinishDrainDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Appended to a line cut at <see cref="MaxLineSize"/>.</summary>
    public static ReadOnlySpan<byte> TruncationMarker => " [truncated]"u8;
}
