namespace NodeCollector.Logs;

/// <summary>The parts of one CRI log line: timestamp, stream, whether it is a partial chunk, and where its content starts.</summary>
internal readonly record struct CriLine(long TimestampUnixNanos, LogStream Stream, bool Partial, int ContentStart);
