using NodeCollector.Labels;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// A series as the WAL writer knows it: a reference number unique in this process and its labels. The writer
/// notes the segment in which it last defined the series, so each segment defines it once before first use.
/// </summary>
internal sealed class WalSeries
{
    public WalSeries(ulong reference, LabelSet labels)
    {
        Ref = reference;
        Labels = labels;
    }

    public ulong Ref { get; }

    public LabelSet Labels { get; }

    /// <summary>The segment holding this series' latest definition; -1 before the first. Written under the WAL lock.</summary>
    internal int DefinedInSegment { get; set; } = -1;
}
