using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.Snappy;

namespace NodeCollector.Export.Loki;

/// <summary>
/// Writes a <c>logproto.PushRequest</c> for a <see cref="LokiBatch"/> directly as protobuf bytes, without a message
/// object per entry: each stream's label string once, then per entry a timestamp and the line copied from the batch's
/// arena, then the stream's structured metadata, if any. Entries of a stream go out in timestamp order. The request
/// buffer is reused between calls.
/// </summary>
internal sealed class LokiPushEncoder
{
    private const long NanosPerSecond = 1_000_000_000;

    private readonly SnappyBlockEncoder _snappy = new();
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;

    /// <summary>The request written by the last <see cref="Encode"/>.</summary>
    public ReadOnlySpan<byte> Request => _buffer.AsSpan(0, _length);

    /// <summary>Writes the request for <paramref name="batch"/> (sorting each stream's entries); returns its length.</summary>
    public int Encode(LokiBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _length = 0;
        foreach (var stream in batch.Streams)
        {
            stream.SortByTimestamp();
            WriteStream(batch, stream);
        }

        return _length;
    }

    /// <summary>Snappy block compression of <see cref="Request"/> (never the framed format); valid until the next call.</summary>
    public ReadOnlyMemory<byte> Compress() => _snappy.Compress(Request);

    private void WriteStream(LokiBatch batch, LokiBatchStream stream)
    {
        var labels = stream.LabelText;
        var inner = 1 + ProtoWire.VarintSize((ulong)labels.Length) + labels.Length;
        var metadata = stream.Metadata;
        foreach (ref readonly var entry in stream.Entries)
        {
            var size = EntrySize(entry) + metadata.Length;
            inner += 1 + ProtoWire.VarintSize((ulong)size) + size;
        }

        var span = Reserve(1 + ProtoWire.VarintSize((ulong)inner) + inner);
        span[0] = ProtoWire.Tag(1, ProtoWire.WireLengthDelimited);
        var at = 1 + ProtoWire.WriteVarint(span[1..], (ulong)inner);
        span[at++] = ProtoWire.Tag(1, ProtoWire.WireLengthDelimited);
        at += ProtoWire.WriteVarint(span[at..], (ulong)labels.Length);
        labels.CopyTo(span[at..]);
        at += labels.Length;
        foreach (ref readonly var entry in stream.Entries)
        {
            span[at++] = ProtoWire.Tag(2, ProtoWire.WireLengthDelimited);
            at += ProtoWire.WriteVarint(span[at..], (ulong)(EntrySize(entry) + metadata.Length));
            var (seconds, nanos) = Split(entry.TimestampUnixNanos);
            span[at++] = ProtoWire.Tag(1, ProtoWire.WireLengthDelimited);
            span[at++] = (byte)TimestampSize(seconds, nanos);
            if (seconds != 0)
            {
                span[at++] = ProtoWire.Tag(1, ProtoWire.WireVarint);
                at += ProtoWire.WriteVarint(span[at..], (ulong)seconds);
            }

            if (nanos != 0)
            {
                span[at++] = ProtoWire.Tag(2, ProtoWire.WireVarint);
                at += ProtoWire.WriteVarint(span[at..], (ulong)nanos);
            }

            if (entry.Length > 0)
            {
                span[at++] = ProtoWire.Tag(2, ProtoWire.WireLengthDelimited);
                at += ProtoWire.WriteVarint(span[at..], (ulong)entry.Length);
                batch.Line(entry).CopyTo(span[at..]);
                at += entry.Length;
            }

            at += WriteMetadata(span[at..], metadata);
        }
    }

    /// <summary>The stream's structured metadata (field 3, already encoded once per stream) after an entry's line.</summary>
    private static int WriteMetadata(Span<byte> destination, byte[] metadata)
    {
        if (metadata.Length == 0)
        {
            return 0;
        }

        metadata.CopyTo(destination);
        return metadata.Length;
    }

    // proto3 leaves out zero scalars and empty strings; the timestamp message is always present (Loki requires it).
    // A timestamp is at most 1 + 10 + 1 + 5 bytes, so its length fits one varint byte.
    private static int EntrySize(in LokiBatchEntry entry)
    {
        var (seconds, nanos) = Split(entry.TimestampUnixNanos);
        var size = 2 + TimestampSize(seconds, nanos);
        return entry.Length > 0 ? size + 1 + ProtoWire.VarintSize((ulong)entry.Length) + entry.Length : size;
    }

    private static int TimestampSize(long seconds, long nanos) =>
        (seconds != 0 ? 1 + ProtoWire.VarintSize((ulong)seconds) : 0) + (nanos != 0 ? 1 + ProtoWire.VarintSize((ulong)nanos) : 0);

    /// <summary>Unix nanoseconds as protobuf's Timestamp: seconds rounded down, nanos always 0..999,999,999.</summary>
    private static (long Seconds, long Nanos) Split(long unixNanos)
    {
        var seconds = Math.DivRem(unixNanos, NanosPerSecond, out var nanos);
        return nanos < 0 ? (seconds - 1, nanos + NanosPerSecond) : (seconds, nanos);
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _length + size)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }

        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }
}
