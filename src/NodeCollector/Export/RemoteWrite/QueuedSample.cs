namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// One sample on its way to an endpoint: the series (labels already encoded), the value, its timestamp, and the
/// sequence number of the WAL record it came from so that the record can be released once every sample is done.
/// </summary>
internal readonly record struct QueuedSample(SendSeries Series, long TimestampMs, double Value, long RecordSequence);
