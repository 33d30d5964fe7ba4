using NodeCollector.Export.Snappy;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Writes remote-write 1.0 <c>WriteRequest</c> bytes directly, without a message object per sample. A series'
/// labels are encoded once (<see cref="EncodeLabels"/>) and copied into every request that carries the series;
/// each queued sample then costs a copy and about 18 bytes. Consecutive samples of one series share a
/// <c>TimeSeries</c>. The request and compression buffers are reused between calls.
/// </summary>
internal sealed class RemoteWriteEncoder
{
    private readonly SnappyBlockEncoder _snappy = new();
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;

    /// <summary>The request written by the last <see cref="Encode"/> or <see cref="EncodeMetadata"/>.</summary>
    public ReadOnlySpan<byte> Request => _buffer.AsSpan(0, _length);

    /// <summary>The repeated <c>labels</c> fields (1) of a <c>TimeSeries</c> for <paramref name="labels"/>, in order.</summary>
    public static byte[] EncodeLabels(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var size = 0;
        foreach (var label in labels.Labels)
        {
            var inner = LabelSize(label);
            size += 1 + ProtoWire.VarintSize((ulong)inner) + inner;
        }

        var bytes = new byte[size];
        var at = 0;
        foreach (var label in labels.Labels)
        {
            bytes[at++] = ProtoWire.Tag(1, ProtoWire.WireLengthDelimited);
            at += ProtoWire.WriteVarint(bytes.AsSpan(at), (ulong)LabelSize(label));
            at += ProtoWire.WriteStringField(bytes.AsSpan(at), 1, label.Name);
            at += ProtoWire.WriteStringField(bytes.AsSpan(at), 2, label.Value);
        }

        return bytes;
    }

    /// <summary>Writes a request holding <paramref name="samples"/> in order; returns its length.</summary>
    public int Encode(ReadOnlySpan<QueuedSample> samples)
    {
        _length = 0;
        var i = 0;
        while (i < samples.Length)
        {
            var series = samples[i].Series;
            var end = i + 1;
            while (end < samples.Length && ReferenceEquals(samples[end].Series, series))
            {
                end++;
            }

            WriteTimeSeries(series.EncodedLabels, samples[i..end]);
            i = end;
        }

        return _length;
    }

    /// <summary>Writes a request holding only metadata (field 3) for <paramref name="families"/>; returns its length.</summary>
    public int EncodeMetadata(ReadOnlySpan<MetricFamily> families)
    {
        _length = 0;
        foreach (var family in families)
        {
            var inner = MetadataSize(family);
            var span = Reserve(1 + ProtoWire.VarintSize((ulong)inner) + inner);
            var at = 0;
            span[at++] = ProtoWire.Tag(3, ProtoWire.WireLengthDelimited);
            at += ProtoWire.WriteVarint(span[at..], (ulong)inner);
            var type = MetadataType(family.Type);
            if (type != 0)
            {
                span[at++] = ProtoWire.Tag(1, ProtoWire.WireVarint);
                at += ProtoWire.WriteVarint(span[at..], type);
            }

            at += ProtoWire.WriteStringField(span[at..], 2, family.Name);
            if (family.Help.Length > 0)
            {
                at += ProtoWire.WriteStringField(span[at..], 4, family.Help);
            }

            if (!string.IsNullOrEmpty(family.Unit))
            {
                ProtoWire.WriteStringField(span[at..], 5, family.Unit);
            }
        }

        return _length;
    }

    /// <summary>Snappy block compression of <see cref="Request"/> (never the framed format), in a buffer reused by
    /// the next call: send it before compressing again.</summary>
    public ReadOnlyMemory<byte> Compress() => _snappy.Compress(Request);

    private void WriteTimeSeries(byte[] labels, ReadOnlySpan<QueuedSample> samples)
    {
        var inner = labels.Length;
        foreach (var sample in samples)
        {
            var sampleSize = SampleSize(sample.TimestampMs, sample.Value);
            inner += 1 + ProtoWire.VarintSize((ulong)sampleSize) + sampleSize;
        }

        var span = Reserve(1 + ProtoWire.VarintSize((ulong)inner) + inner);
        span[0] = ProtoWire.Tag(1, ProtoWire.WireLengthDelimited);
        var at = 1 + ProtoWire.WriteVarint(span[1..], (ulong)inner);
        labels.CopyTo(span[at..]);
        at += labels.Length;
        foreach (var sample in samples)
        {
            var sampleSize = SampleSize(sample.TimestampMs, sample.Value);
            span[at++] = ProtoWire.Tag(2, ProtoWire.WireLengthDelimited);
            span[at++] = (byte)sampleSize;
            if (BitConverter.DoubleToInt64Bits(sample.Value) != 0)
            {
                span[at++] = ProtoWire.Tag(1, ProtoWire.WireFixed64);
                ProtoWire.WriteDouble(span[at..], sample.Value);
                at += 8;
            }

            if (sample.TimestampMs != 0)
            {
                span[at++] = ProtoWire.Tag(2, ProtoWire.WireVarint);
                at += ProtoWire.WriteVarint(span[at..], (ulong)sample.TimestampMs);
            }
        }
    }

    // proto3 leaves out zero scalars; -0.0 is not zero bit-wise and is kept. A sample is at most 20 bytes,
    // so its length always fits one varint byte.
    private static int SampleSize(long timestampMs, double value) =>
        (BitConverter.DoubleToInt64Bits(value) != 0 ? 9 : 0) + (timestampMs != 0 ? 1 + ProtoWire.VarintSize((ulong)timestampMs) : 0);

    private static int LabelSize(Label label) => ProtoWire.StringFieldSize(label.Name) + ProtoWire.StringFieldSize(label.Value);

    private static int MetadataSize(MetricFamily family)
    {
        var type = MetadataType(family.Type);
        return (type != 0 ? 1 + ProtoWire.VarintSize(type) : 0)
            + ProtoWire.StringFieldSize(family.Name)
            + (family.Help.Length > 0 ? ProtoWire.StringFieldSize(family.Help) : 0)
            + (string.IsNullOrEmpty(family.Unit) ? 0 : ProtoWire.StringFieldSize(family.Unit));
    }

    /// <summary>The <c>MetricMetadata.MetricType</c> number (UNKNOWN 0, COUNTER 1, GAUGE 2, HISTOGRAM 3, SUMMARY 5).</summary>
    private static ulong MetadataType(MetricType type) => type switch
    {
        MetricType.Counter => 1,
        MetricType.Gauge => 2,
        MetricType.Histogram => 3,
        MetricType.Summary => 5,
        _ => 0,
    };

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
