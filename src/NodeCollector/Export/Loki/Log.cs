using Microsoft.Extensions.Logging;

namespace NodeCollector.Export.Loki;

/// <summary>Events of the Loki client (event ids 7500–7999).</summary>
internal static partial class Log
{
    [LoggerMessage(7500, LogLevel.Information, "Loki client sends to {Url} (batch {BatchSize} bytes or {BatchWait}, buffer {Buffer} bytes)")]
    public static partial void Starting(ILogger logger, string url, long batchSize, string batchWait, long buffer);

    [LoggerMessage(7501, LogLevel.Warning, "Loki push of {Entries} entries failed with status {Status}, retrying in {Wait} ({Failures} failures since the last warning): {Detail}")]
    public static partial void Retrying(ILogger logger, int status, int entries, string wait, string detail, int failures);

    [LoggerMessage(7502, LogLevel.Information, "Loki push succeeded again after {Failures} failed attempts")]
    public static partial void Recovered(ILogger logger, int failures);

    [LoggerMessage(7503, LogLevel.Warning, "Loki rejected {Entries} entries with reason {Reason} (status {Status}); they are dropped, not retried, and counted in nodecollector_loki_dropped_entries_total. This is logged once per reason: {Body}")]
    public static partial void Rejected(ILogger logger, string reason, int status, long entries, string body);

    [LoggerMessage(7504, LogLevel.Warning, "Loki client: a batch holds max_streams {MaxStreams} streams; entries of further streams such as {Stream} are dropped and counted with reason stream_limit. This is logged once")]
    public static partial void StreamLimitReached(ILogger logger, int maxStreams, string stream);

    [LoggerMessage(7505, LogLevel.Error, "Loki client stopped unexpectedly; restarting in {Wait}: {Error}")]
    public static partial void SenderFailed(ILogger logger, string wait, string error);

    [LoggerMessage(7506, LogLevel.Warning, "Loki client: stopping with {Bytes} bytes not yet accepted; they are read again from the files after the restart")]
    public static partial void Abandoned(ILogger logger, long bytes);

    [LoggerMessage(7507, LogLevel.Warning, "Loki client: {Entries} entries carry structured metadata over Loki's limits ({MaxEntries} pairs, {MaxBytes} bytes); the pairs that do not fit are left out, the lines are sent, and such entries are counted in nodecollector_loki_structured_metadata_trimmed_entries_total. This is logged once")]
    public static partial void MetadataTrimmed(ILogger logger, int entries, int maxEntries, int maxBytes);
}
