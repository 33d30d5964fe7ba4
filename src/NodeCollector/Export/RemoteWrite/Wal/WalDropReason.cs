namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>Why the WAL deleted a segment that a reader had not read to its end.</summary>
internal enum WalDropReason
{
    /// <summary>The WAL grew past <c>wal.max_size</c>.</summary>
    MaxSize,

    /// <summary>The segment's newest record is older than <c>wal.max_age</c>.</summary>
    MaxAge,
}
