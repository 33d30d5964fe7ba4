using System.Text;
using NodeCollector.Labels;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>Decodes a commit payload (<see cref="WalFormat"/>): first the series definitions, then the samples.</summary>
internal static class WalCommitDecoder
{
    /// <summary>Receives what a commit holds, in order.</summary>
    public interface IVisitor
    {
        void OnSeries(ulong reference, LabelSet labels);

        void OnSample(ulong reference, long timestampMs, double value);
    }

    /// <summary>Returns false when the payload is malformed; what was visited before stays visited.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, IVisitor visitor, List<Label> scratch, WalStringPool? strings = null)
    {
        if (!WalFormat.TryReadCommitSummary(payload, out var samples, out _))
        {
            return false;
        }

        var at = 1;
        at += ProtoWire.ReadVarint(payload[at..], out _);
        at += ProtoWire.ReadVarint(payload[at..], out _);
        if (!Varint(payload, ref at, out var defs))
        {
            return false;
        }

        for (ulong d = 0; d < defs; d++)
        {
            if (!Varint(payload, ref at, out var reference) || !Varint(payload, ref at, out var count))
            {
                return false;
            }

            scratch.Clear();
            for (ulong l = 0; l < count; l++)
            {
                if (!String(payload, ref at, strings, out var name) || !String(payload, ref at, strings, out var value))
                {
                    return false;
                }

                scratch.Add(new Label(name, value));
            }

            visitor.OnSeries(reference, LabelSet.FromSorted([.. scratch]));
        }

        if (!Varint(payload, ref at, out var baseZigZag))
        {
            return false;
        }

        var baseTs = ProtoWire.UnZigZag(baseZigZag);
        for (var s = 0; s < samples; s++)
        {
            if (!Varint(payload, ref at, out var reference) || !Varint(payload, ref at, out var delta) || at + 8 > payload.Length)
            {
                return false;
            }

            var value = ProtoWire.ReadDouble(payload[at..]);
            at += 8;
            visitor.OnSample(reference, baseTs + ProtoWire.UnZigZag(delta), value);
        }

        return true;
    }

    private static bool Varint(ReadOnlySpan<byte> payload, ref int at, out ulong value)
    {
        var used = ProtoWire.ReadVarint(payload[at..], out value);
        at += used;
        return used > 0;
    }

    private static bool String(ReadOnlySpan<byte> payload, ref int at, WalStringPool? strings, out string value)
    {
        value = "";
        if (!Varint(payload, ref at, out var length) || length > (ulong)(payload.Length - at))
        {
            return false;
        }

        var utf8 = payload.Slice(at, (int)length);
        value = strings is null ? Encoding.UTF8.GetString(utf8) : strings.Get(utf8);
        at += (int)length;
        return true;
    }
}
