using System.Buffers.Binary;
using System.Text;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// The few protobuf wire primitives the remote-write encoder and the WAL need: varints, fixed64 doubles and
/// length-delimited strings, written into spans. Callers size the span with the <c>*Size</c> methods first.
/// </summary>
internal static class ProtoWire
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;

    public static byte Tag(int field, int wireType) => (byte)((field << 3) | wireType);

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads a varint; returns the bytes used, or 0 when the input ends early or runs past 10 bytes.</summary>
    public static int ReadVarint(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        for (var i = 0; i < source.Length && i < 10; i++)
        {
            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return i + 1;
            }
        }

        value = 0;
        return 0;
    }

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static void WriteDouble(Span<byte> destination, double value) =>
        BinaryPrimitives.WriteInt64LittleEndian(destination, BitConverter.DoubleToInt64Bits(value));

    public static double ReadDouble(ReadOnlySpan<byte> source) =>
        BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(source));

    /// <summary>The size of a length-delimited string field (tag, length, UTF-8 bytes).</summary>
    public static int StringFieldSize(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return 1 + VarintSize((ulong)length) + length;
    }

    public static int WriteStringField(Span<byte> destination, int field, string value)
    {
        destination[0] = Tag(field, WireLengthDelimited);
        var length = Encoding.UTF8.GetByteCount(value);
        var at = 1 + WriteVarint(destination[1..], (ulong)length);
        return at + Encoding.UTF8.GetBytes(value, destination[at..]);
    }
}
