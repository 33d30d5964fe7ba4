namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>A place in the WAL: a segment and a byte offset in it (the start of a record, or its end).</summary>
internal readonly record struct WalPosition(int Segment, long Offset) : IComparable<WalPosition>
{
    public int CompareTo(WalPosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator <(WalPosition left, WalPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(WalPosition left, WalPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(WalPosition left, WalPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(WalPosition left, WalPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{WalFormat.SegmentName(Segment)}:{Offset}";
}
