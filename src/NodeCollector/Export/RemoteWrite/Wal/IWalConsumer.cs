namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>A reader of the WAL (one per remote-write endpoint): the WAL keeps every segment it still needs.</summary>
internal interface IWalConsumer
{
    /// <summary>The first position whose records are not yet completely sent (or dropped).</summary>
    WalPosition Watermark { get; }

    /// <summary>
    /// Called before a segment the consumer may not have finished is deleted to respect the bounds: the consumer
    /// counts what it had not read as dropped and moves past the segment.
    /// </summary>
    void OnSegmentDropping(WalSegment segment, WalDropReason reason);
}
