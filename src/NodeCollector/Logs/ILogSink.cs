using NodeCollector.Labels;

namespace NodeCollector.Logs;

/// <summary>
/// Where tailers hand their entries: the Loki batcher. The one seam between <c>Logs/</c> (reading files) and
/// <c>Export/Loki/</c> (sending them), so either side can be tested with a fake of the other.
/// </summary>
internal interface ILogSink
{
    /// <summary>
    /// Hands one entry of <paramref name="source"/> to the stream <paramref name="streamLabels"/>. The entry's bytes
    /// are copied before the returned task completes, so the caller may reuse its buffer. The task stays pending
    /// while the sink holds as much of this source as its fair share of the memory budget allows: that is the
    /// backpressure that stops a tailer reading while Loki is slow or down.
    /// </summary>
    ValueTask WriteAsync(ILogSource source, LabelSet streamLabels, LogEntry entry, CancellationToken cancellationToken);
}

/// <summary>A file being tailed, as the sink sees it: something whose progress Loki acknowledges.</summary>
internal interface ILogSource
{
    /// <summary>Device, inode and first-bytes fingerprint of the file; the key of its positions entry.</summary>
    LogFileIdentity Identity { get; }

    /// <summary>
    /// Loki has accepted (or deliberately rejected, counted and logged) every entry of this source handed so far up
    /// to the one whose <see cref="LogEntry.ResumeOffset"/> is <paramref name="resumeOffset"/>. Called with
    /// non-decreasing offsets, from the sender's thread; the positions file may advance to it.
    /// </summary>
    void Acknowledge(long resumeOffset);
}

/// <summary>
/// One log line ready to ship. <see cref="ResumeOffset"/> is where reading must restart so that nothing after this
/// entry is lost: the end of its last chunk, or earlier when a partial line of the other stream is still pending.
/// </summary>
internal readonly record struct LogEntry(long TimestampUnixNanos, ReadOnlyMemory<byte> Line, long ResumeOffset);

/// <summary>File identity that notices inode reuse: device, inode and a hash of the file's first bytes.</summary>
internal readonly record struct LogFileIdentity(ulong Device, ulong Inode, ulong Fingerprint);
