using System.Text;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// Writes a commit record (<see cref="WalFormat"/>) into a reused buffer: the definitions of the series not yet
/// defined in the segment (marking them defined), then the samples. Used under the WAL's lock.
/// </summary>
internal sealed class WalCommitEncoder
{
    private readonly List<WalSeries> _definedByLastRecord = [];
    private byte[] _record = new byte[64 * 1024];
    private int _length;

    /// <summary>The record written by the last <see cref="Encode"/>.</summary>
    public ReadOnlySpan<byte> Record => _record.AsSpan(0, _length);

    /// <summary>Encodes one commit for <paramref name="segment"/>; returns the record's length, header included.</summary>
    public int Encode(ReadOnlySpan<WalSample> samples, int segment, long nowMs)
    {
        var defs = 0;
        var size = WalFormat.HeaderSize + 1 + 10 + 10 + 10 + 10;
        foreach (var sample in samples)
        {
            size += 10 + 10 + 8;
            if (sample.Series.DefinedInSegment != segment)
            {
                size += 20;
                foreach (var label in sample.Series.Labels.Labels)
                {
                    size += 10 + Encoding.UTF8.GetMaxByteCount(label.Name.Length) + Encoding.UTF8.GetMaxByteCount(label.Value.Length);
                }
            }
        }

        if (_record.Length < size)
        {
            _record = new byte[Math.Max(size, _record.Length * 2)];
        }

        _definedByLastRecord.Clear();
        var buffer = _record.AsSpan();
        var at = WalFormat.HeaderSize;
        buffer[at++] = WalFormat.CommitRecord;
        at += ProtoWire.WriteVarint(buffer[at..], (ulong)samples.Length);
        at += ProtoWire.WriteVarint(buffer[at..], (ulong)Math.Max(0, nowMs));
        var defCountAt = at;
        at += 5; // the definition count, written below as a fixed five-byte varint
        foreach (var sample in samples)
        {
            var series = sample.Series;
            if (series.DefinedInSegment == segment)
            {
                continue;
            }

            series.DefinedInSegment = segment;
            _definedByLastRecord.Add(series);
            defs++;
            at += ProtoWire.WriteVarint(buffer[at..], series.Ref);
            at += ProtoWire.WriteVarint(buffer[at..], (ulong)series.Labels.Count);
            foreach (var label in series.Labels.Labels)
            {
                at += WriteString(buffer[at..], label.Name);
                at += WriteString(buffer[at..], label.Value);
            }
        }

        WriteFixedVarint5(buffer[defCountAt..], (uint)defs);
        var baseTs = samples[0].TimestampMs;
        at += ProtoWire.WriteVarint(buffer[at..], ProtoWire.ZigZag(baseTs));
        foreach (var sample in samples)
        {
            at += ProtoWire.WriteVarint(buffer[at..], sample.Series.Ref);
            at += ProtoWire.WriteVarint(buffer[at..], ProtoWire.ZigZag(sample.TimestampMs - baseTs));
            ProtoWire.WriteDouble(buffer[at..], sample.Value);
            at += 8;
        }

        WalFormat.WriteHeader(buffer, buffer[WalFormat.HeaderSize..at]);
        _length = at;
        return at;
    }

    /// <summary>
    /// Marks the series the last record defined as undefined again: the record never reached the disk, so the
    /// next record must carry their definitions.
    /// </summary>
    public void ForgetLastRecord()
    {
        foreach (var series in _definedByLastRecord)
        {
            series.DefinedInSegment = -1;
        }

        _definedByLastRecord.Clear();
        _length = 0;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, destination[5..]);
        var used = ProtoWire.WriteVarint(destination, (ulong)length);
        if (used < 5)
        {
            destination.Slice(5, length).CopyTo(destination[used..]);
        }

        return used + length;
    }

    private static void WriteFixedVarint5(Span<byte> destination, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            destination[i] = (byte)((value & 0x7F) | 0x80);
            value >>= 7;
        }

        destination[4] = (byte)value;
    }
}
