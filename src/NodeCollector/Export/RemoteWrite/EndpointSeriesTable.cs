using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// The series one endpoint has read from the WAL, by reference: their labels after <c>write_relabel_configs</c>
/// (encoded once), or none when relabeling dropped them. Decodes commits into queued samples. Series not defined in
/// the current or the previous segment are forgotten, so churned series do not pile up.
/// </summary>
internal sealed class EndpointSeriesTable
{
    private readonly List<RelabelRule> _relabel;
    private readonly RemoteWriteStats _stats;
    private readonly Dictionary<ulong, Slot> _series = [];
    private readonly List<Label> _scratch = [];
    private readonly Wal.WalStringPool _strings = new();
    private readonly LabelSetBuilder _builder = new();

    public EndpointSeriesTable(IReadOnlyList<RelabelConfig> relabelConfigs, RemoteWriteStats stats)
    {
        _relabel = new List<RelabelRule>(relabelConfigs.Count);
        foreach (var config in relabelConfigs)
        {
            // The configuration was validated at load, so every rule compiles here.
            if (RelabelRule.TryCreate(config, out _) is { } rule)
            {
                _relabel.Add(rule);
            }
        }

        _stats = stats;
    }

    public int Count => _series.Count;

    /// <summary>
    /// Decodes a commit read from <paramref name="segment"/>: definitions update the table; samples of kept series are
    /// added to <paramref name="into"/> tagged with <paramref name="sequence"/>, the others counted as dropped.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> payload, int segment, long sequence, List<QueuedSample> into) =>
        WalCommitDecoder.TryDecode(payload, new Visitor(this, segment, sequence, into), _scratch, _strings);

    /// <summary>Takes only the definitions of a commit (resuming in the middle of a segment).</summary>
    public void LoadDefinitions(ReadOnlySpan<byte> payload, int segment) =>
        WalCommitDecoder.TryDecode(payload, new Visitor(this, segment, -1, null), _scratch, _strings);

    public void ForgetBefore(int segment)
    {
        List<ulong>? stale = null;
        foreach (var (reference, slot) in _series)
        {
            if (slot.Segment < segment)
            {
                (stale ??= []).Add(reference);
            }
        }

        foreach (var reference in stale ?? [])
        {
            _series.Remove(reference);
        }
    }

    private SendSeries? Relabel(LabelSet labels)
    {
        if (_relabel.Count == 0)
        {
            return new SendSeries(labels);
        }

        _builder.Reset(labels);
        return RelabelRule.ApplyAll(_relabel, _builder) && _builder.Count > 0 ? new SendSeries(_builder.Build()) : null;
    }

    /// <summary>
    /// A series the endpoint knows. The WAL's definition is remembered by its 64-bit stable hash only (the labels
    /// themselves live on in <see cref="Send"/>'s encoding), enough to notice a reference that a restart reused.
    /// </summary>
    private sealed class Slot(ulong sourceHash, SendSeries? send, int segment)
    {
        public ulong SourceHash { get; } = sourceHash;

        public SendSeries? Send { get; } = send;

        public int Segment { get; set; } = segment;
    }

    private readonly struct Visitor(EndpointSeriesTable table, int segment, long sequence, List<QueuedSample>? into) : WalCommitDecoder.IVisitor
    {
        public void OnSeries(ulong reference, LabelSet labels)
        {
            if (table._series.TryGetValue(reference, out var slot) && slot.SourceHash == labels.StableHash)
            {
                slot.Segment = segment;
                return;
            }

            table._series[reference] = new Slot(labels.StableHash, table.Relabel(labels), segment);
        }

        public void OnSample(ulong reference, long timestampMs, double value)
        {
            if (into is null)
            {
                return;
            }

            if (!table._series.TryGetValue(reference, out var slot))
            {
                table._stats.AddDroppedUnknownSeries(1);
            }
            else if (slot.Send is null)
            {
                table._stats.AddDroppedRelabel(1);
            }
            else
            {
                into.Add(new QueuedSample(slot.Send, timestampMs, value, sequence));
            }
        }
    }
}
