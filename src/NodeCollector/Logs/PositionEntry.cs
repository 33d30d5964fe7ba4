namespace NodeCollector.Logs;

/// <summary>
/// One file in the positions file: its identity (device, inode, fingerprint of its first bytes), the offset Loki has
/// acknowledged, the length last seen (to tell how much was missed if it vanishes unread) and where it was last seen.
/// For a gzip file the offset counts uncompressed bytes.
/// </summary>
internal sealed record PositionEntry(string Path, ulong Device, ulong Inode, FileFingerprint Fingerprint, long Offset, long Size, bool Compressed)
{
    public (ulong Device, ulong Inode) Key => (Device, Inode);
}
