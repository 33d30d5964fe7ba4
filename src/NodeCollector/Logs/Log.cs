using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>Log events of container log tailing, ids 6000–6999. Never per line: repeated warnings are rate-limited.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "logs: tailing {Path} from offset {Offset} of {Length} bytes ({Reason})")]
    public static partial void TailStarted(ILogger logger, string path, long offset, long length, string reason);

    [LoggerMessage(6001, LogLevel.Information, "logs: finished {Path} at offset {Offset} ({Reason})")]
    public static partial void TailFinished(ILogger logger, string path, long offset, string reason);

    [LoggerMessage(6002, LogLevel.Warning, "logs: {Path} offset {Offset}: line is not valid {Format} ({Problem}); shipped as read with the read time ({Held} more since the last warning)")]
    public static partial void MalformedLine(ILogger logger, string path, long offset, string format, string problem, int held);

    [LoggerMessage(6003, LogLevel.Warning, "logs: {Path} offset {Offset}: line of {Bytes} bytes is over max_line_size {Max}; truncated and marked ({Held} more since the last warning)")]
    public static partial void LineTruncated(ILogger logger, string path, long offset, long bytes, int max, int held);

    [LoggerMessage(6004, LogLevel.Warning, "logs: {Path} offset {Offset}: line is not valid UTF-8; invalid bytes replaced by U+FFFD ({Held} more since the last warning)")]
    public static partial void InvalidUtf8(ILogger logger, string path, long offset, int held);

    [LoggerMessage(6005, LogLevel.Warning, "logs: {Path} shrank to {Length} bytes below the read offset {Offset} (copytruncate); reading it again from the start")]
    public static partial void FileTruncated(ILogger logger, string path, long length, long offset);

    [LoggerMessage(6006, LogLevel.Error, "logs: reading {Path} failed at offset {Offset}; the file is left at that offset: {Error}")]
    public static partial void ReadFailed(ILogger logger, string path, long offset, string error);

    [LoggerMessage(6007, LogLevel.Warning, "logs: cannot open {Path}: {Error}")]
    public static partial void OpenFailed(ILogger logger, string path, string error);

    [LoggerMessage(6008, LogLevel.Debug, "logs: {Path}: partial {Stream} line waited longer than {Timeout}; shipped as it is")]
    public static partial void PartialLineTimedOut(ILogger logger, string path, string stream, string timeout);

    [LoggerMessage(6010, LogLevel.Information, "logs: positions file {Path} holds {Count} files")]
    public static partial void PositionsLoaded(ILogger logger, string path, int count);

    [LoggerMessage(6011, LogLevel.Error, "logs: positions file {Path} is unreadable and was moved to {MovedTo}; files are read again from their start: {Error}")]
    public static partial void PositionsCorrupt(ILogger logger, string path, string movedTo, string error);

    [LoggerMessage(6012, LogLevel.Warning, "logs: could not write the positions file {Path}; retrying at the next interval: {Error}")]
    public static partial void PositionsWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(6013, LogLevel.Warning, "logs: {Path} has the device and inode of {Previous} but other first bytes (inode reuse) while {Bytes} bytes of {Previous} were unread; reading {Path} from the start")]
    public static partial void InodeReused(ILogger logger, string path, string previous, long bytes);

    [LoggerMessage(6014, LogLevel.Warning, "logs: {Path} rotated away before it was read to the end: {Bytes} bytes missed ({Reason})")]
    public static partial void FileMissed(ILogger logger, string path, long bytes, string reason);

    [LoggerMessage(6015, LogLevel.Warning, "logs: cannot list {Directory}; its logs are not read until it can be: {Error}")]
    public static partial void DirectoryUnreadable(ILogger logger, string directory, string error);

    [LoggerMessage(6016, LogLevel.Warning, "logs: file-system notifications for {Directory} failed; the periodic rescan goes on: {Error}")]
    public static partial void WatcherFailed(ILogger logger, string directory, string error);

    [LoggerMessage(6017, LogLevel.Information, "logs: pod {Namespace}/{Pod} is gone and its grace period ended; its files are read to the end and released")]
    public static partial void PodReleased(ILogger logger, string @namespace, string pod);

    [LoggerMessage(6018, LogLevel.Information, "logs: tailing pod logs under {PodsDir}, positions in {PositionsFile}")]
    public static partial void Starting(ILogger logger, string podsDir, string positionsFile);

    [LoggerMessage(6019, LogLevel.Error, "logs: the discovery round failed; retrying at the next rescan: {Error}")]
    public static partial void RoundFailed(ILogger logger, string error);

    [LoggerMessage(6020, LogLevel.Debug, "logs: {Path} holds what was already read from {Original}; not read again")]
    public static partial void CompressedAlreadyRead(ILogger logger, string path, string original);

    [LoggerMessage(6021, LogLevel.Information, "logs: {Path} ends without a newline; the last {Bytes} bytes wait for it")]
    public static partial void NoNewlineAtEnd(ILogger logger, string path, long bytes);

    [LoggerMessage(6023, LogLevel.Warning, "logs: {Path} was created and gone before it could be opened: counted in files_missed, its size is unknown")]
    public static partial void FileVanishedUnopened(ILogger logger, string path);

    [LoggerMessage(6024, LogLevel.Warning, "logs: file-system notifications for {Directory} overflowed ({Error}); listing everything again, files created and deleted meanwhile cannot be known ({Held} more since the last warning)")]
    public static partial void WatcherOverflowed(ILogger logger, string directory, string error, int held);

    [LoggerMessage(6090, LogLevel.Warning, "logs: {Path} is a symlink to {Target}, outside {Root}; not read")]
    public static partial void SymlinkOutsideRoot(ILogger logger, string path, string target, string root);

    [LoggerMessage(6022, LogLevel.Debug, "logs: {Path} took the inode of {Previous}, which was read to its end and is gone; reading {Path} from the start")]
    public static partial void InodeRecycled(ILogger logger, string path, string previous);
}
