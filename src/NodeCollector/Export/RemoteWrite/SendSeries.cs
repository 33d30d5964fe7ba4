using NodeCollector.Labels;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// A series as one endpoint sends it: labels after <c>write_relabel_configs</c>, encoded once. Only the encoded
/// bytes and the hash are kept, not the label set: an endpoint holds one of these per series, so it is its memory.
/// </summary>
internal sealed class SendSeries
{
    public SendSeries(LabelSet labels)
    {
        Hash = labels.StableHash;
        EncodedLabels = RemoteWriteEncoder.EncodeLabels(labels);
    }

    /// <summary>The <c>TimeSeries.labels</c> fields, ready to copy into a request.</summary>
    public byte[] EncodedLabels { get; }

    /// <summary>Decides the shard: every sample of a series goes through one shard, so its order is kept.</summary>
    public ulong Hash { get; }
}
