namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>What the WAL knows about one segment file: its committed length, samples and newest append time.</summary>
internal sealed record WalSegment(int Index, string Path, long Length, long Samples, long LastAppendMs);
