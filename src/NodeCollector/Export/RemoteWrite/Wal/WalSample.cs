namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>One sample to append: its series, timestamp (ms) and value (raw bits are kept, stale markers included).</summary>
internal readonly record struct WalSample(WalSeries Series, long TimestampMs, double Value);
