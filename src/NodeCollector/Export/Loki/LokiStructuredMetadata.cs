using System.Text;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Export.Loki;

/// <summary>
/// The structured metadata a stream's entries carry: its labels named <see cref="StreamLabels.MetadataPrefix"/>,
/// written once per batch stream as the bytes of <c>EntryAdapter.structuredMetadata</c> (field 3, one
/// <c>LabelPairAdapter</c> per pair) that the encoder copies into every entry. Loki refuses (400) an entry whose
/// metadata is over 64 KiB (names plus values) or 128 pairs; rather than losing the line, pairs that would cross
/// either limit are left out, in name order, and the caller counts the entries sent without them.
/// </summary>
internal static class LokiStructuredMetadata
{
    /// <summary>Loki's default <c>max_structured_metadata_size</c>: UTF-8 bytes of names and values together.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Loki's default <c>max_structured_metadata_entries_count</c>.</summary>
    public const int MaxEntries = 128;

    private const byte PairTag = (3 << 3) | ProtoWire.WireLengthDelimited;

    /// <summary><paramref name="labels"/> without its metadata labels: what goes into the stream's label string.</summary>
    public static LabelSet StreamLabelsOf(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!HasMetadata(labels))
        {
            return labels;
        }

        var kept = new List<Label>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            if (!IsMetadata(labels[i]))
            {
                kept.Add(labels[i]);
            }
        }

        return LabelSet.From(kept.ToArray());
    }

    /// <summary>The field-3 bytes of one entry for the metadata in <paramref name="labels"/>; empty when it has none.</summary>
    public static byte[] Encode(LabelSet labels, out int leftOut)
    {
        ArgumentNullException.ThrowIfNull(labels);
        leftOut = 0;
        if (!HasMetadata(labels))
        {
            return [];
        }

        var bytes = new List<byte>();
        int count = 0, size = 0;
        Span<byte> header = stackalloc byte[11];
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (!IsMetadata(label))
            {
                continue;
            }

            var name = label.Name[StreamLabels.MetadataPrefix.Length..];
            var pairSize = Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(label.Value);
            if (count == MaxEntries || size + pairSize > MaxBytes)
            {
                leftOut++;
                continue;
            }

            count++;
            size += pairSize;
            var pair = new byte[ProtoWire.StringFieldSize(name) + ProtoWire.StringFieldSize(label.Value)];
            var at = ProtoWire.WriteStringField(pair, 1, name);
            ProtoWire.WriteStringField(pair.AsSpan(at), 2, label.Value);
            header[0] = PairTag;
            var headerLength = 1 + ProtoWire.WriteVarint(header[1..], (ulong)pair.Length);
            bytes.AddRange(header[..headerLength]);
            bytes.AddRange(pair);
        }

        return [.. bytes];
    }

    private static bool HasMetadata(LabelSet labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (IsMetadata(labels[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMetadata(Label label) => label.Name.StartsWith(StreamLabels.MetadataPrefix, StringComparison.Ordinal);
}
