using Microsoft.Extensions.Logging;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>Events of remote write and its WAL (event ids 7000–7499).</summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "Remote write to {Remote} ({Url}) starts at WAL position {Position}")]
    public static partial void EndpointStarting(ILogger logger, string remote, string url, string position);

    [LoggerMessage(7001, LogLevel.Warning, "Remote write to {Remote}: the receiver rejected {Samples} samples with status {Status}; they are dropped, not retried: {Body}")]
    public static partial void Rejected(ILogger logger, string remote, int status, int samples, string body);

    [LoggerMessage(7002, LogLevel.Warning, "Remote write to {Remote}: {Count} more requests rejected (last status {Status}) since the last warning")]
    public static partial void RejectedAgain(ILogger logger, string remote, int status, int count);

    [LoggerMessage(7003, LogLevel.Warning, "Remote write to {Remote}: {Samples} samples failed with status {Status}, retrying in {Wait} ({Failures} failures since the last warning): {Detail}")]
    public static partial void Retrying(ILogger logger, string remote, int status, int samples, string wait, string detail, int failures);

    [LoggerMessage(7004, LogLevel.Information, "Remote write to {Remote}: resharding from {From} to {To} shards")]
    public static partial void Resharding(ILogger logger, string remote, int from, int to);

    [LoggerMessage(7005, LogLevel.Warning, "Remote write to {Remote}: could not save the WAL position: {Error}")]
    public static partial void ProgressNotSaved(ILogger logger, string remote, string error);

    [LoggerMessage(7006, LogLevel.Warning, "Remote write to {Remote}: dropped {Samples} unsent samples with WAL segment {Segment} to respect {Bound}")]
    public static partial void SegmentDroppedUnsent(ILogger logger, string remote, long samples, string segment, string bound);

    [LoggerMessage(7007, LogLevel.Warning, "Remote write to {Remote}: skipped {Bytes} damaged WAL bytes at {Position}")]
    public static partial void WalDamageSkipped(ILogger logger, string remote, long bytes, string position);

    [LoggerMessage(7008, LogLevel.Warning, "Remote write to {Remote}: metadata rejected with status {Status}: {Body}")]
    public static partial void MetadataRejected(ILogger logger, string remote, int status, string body);

    [LoggerMessage(7009, LogLevel.Error, "Remote write collection from {Source} failed; its samples are left out of this round: {Error}")]
    public static partial void CollectFailed(ILogger logger, string source, string error);

    [LoggerMessage(7010, LogLevel.Error, "Remote write to {Remote} stopped unexpectedly; restarting in {Wait}: {Error}")]
    public static partial void EndpointFailed(ILogger logger, string remote, string wait, string error);

    [LoggerMessage(7100, LogLevel.Information, "WAL opened in {Dir}: {Segments} segments, {Bytes} bytes")]
    public static partial void WalOpened(ILogger logger, string dir, int segments, long bytes);

    [LoggerMessage(7101, LogLevel.Warning, "WAL segment {Path} had a torn or damaged tail: cut at byte {Length}, {Lost} bytes lost")]
    public static partial void WalTailRepaired(ILogger logger, string path, long length, long lost);

    [LoggerMessage(7102, LogLevel.Warning, "WAL segment {Path} is unreadable ({Bytes} bytes) and was removed")]
    public static partial void WalSegmentUnreadable(ILogger logger, string path, long bytes);

    [LoggerMessage(7103, LogLevel.Error, "WAL append of {Samples} samples failed; they are lost: {Error}")]
    public static partial void WalAppendFailed(ILogger logger, int samples, string error);
}
