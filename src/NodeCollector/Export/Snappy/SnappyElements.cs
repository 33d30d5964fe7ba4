using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NodeCollector.Export.Snappy;

/// <summary>
/// Writes the two element kinds of a snappy block: literals (a tag with the length, then the bytes) and copies
/// (length and a back offset into the output). Offsets stay below 64 KiB because the encoder works in 64 KiB
/// fragments, so the four-byte-offset copy is never needed.
/// </summary>
internal static class SnappyElements
{
    private const int TagLiteral = 0;
    private const int TagCopy1 = 1;
    private const int TagCopy2 = 2;

    /// <summary>The most a literal adds besides its bytes (tag plus a two-byte length).</summary>
    public const int MaxLiteralHeader = 3;

    /// <summary>Writes <paramref name="literal"/> (1 byte to 64 KiB) as one literal element; returns the bytes written.</summary>
    public static int WriteLiteral(Span<byte> destination, ReadOnlySpan<byte> literal)
    {
        if (destination.Length < literal.Length + MaxLiteralHeader)
        {
            throw new ArgumentException("The destination cannot hold the literal.", nameof(destination));
        }

        return WriteLiteral(ref MemoryMarshal.GetReference(destination), ref MemoryMarshal.GetReference(literal), literal.Length);
    }

    /// <summary>
    /// Writes the <paramref name="length"/> (1 to 16) bytes at <paramref name="literal"/> as one literal element,
    /// moving 16 bytes whatever the length: the caller guarantees 16 readable bytes there and 17 writable ones at
    /// <paramref name="destination"/>, and what lies past the literal is overwritten by the next element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteShortLiteral(ref byte destination, ref byte literal, int length)
    {
        Debug.Assert(length is > 0 and <= 16, "a literal of at most 16 bytes");
        destination = (byte)(((length - 1) << 2) | TagLiteral);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 1), Unsafe.ReadUnaligned<Vector128<byte>>(ref literal));
        return 1 + length;
    }

    /// <summary>Writes the <paramref name="length"/> bytes at <paramref name="literal"/> (1 byte to 64 KiB) as one literal
    /// element into <paramref name="destination"/>, which the caller guarantees holds them and the header.</summary>
    public static int WriteLiteral(ref byte destination, ref byte literal, int length)
    {
        Debug.Assert(length is > 0 and <= 1 << 16, "a fragment's literal");
        var n = length - 1;
        int at;
        if (n < 60)
        {
            destination = (byte)((n << 2) | TagLiteral);
            at = 1;
        }
        else if (n < 256)
        {
            destination = (60 << 2) | TagLiteral;
            Unsafe.Add(ref destination, 1) = (byte)n;
            at = 2;
        }
        else
        {
            destination = (61 << 2) | TagLiteral;
            Unsafe.Add(ref destination, 1) = (byte)n;
            Unsafe.Add(ref destination, 2) = (byte)(n >> 8);
            at = 3;
        }

        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref destination, at), ref literal, (uint)length);
        return at + length;
    }

    /// <summary>Writes a match of <paramref name="length"/> (at least 4) bytes <paramref name="offset"/> back into
    /// <paramref name="destination"/>, which the caller guarantees holds it; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteCopy(ref byte destination, int offset, int length)
    {
        Debug.Assert(offset is > 0 and < 1 << 16 && length >= 4, "a match inside one fragment");
        var at = 0;
        while (length >= 68)
        {
            at += WriteCopy2(ref Unsafe.Add(ref destination, at), offset, 64);
            length -= 64;
        }

        // A copy element holds at most 64 bytes; leave at least 4 for the last one.
        if (length > 64)
        {
            at += WriteCopy2(ref Unsafe.Add(ref destination, at), offset, 60);
            length -= 60;
        }

        if (length >= 12 || offset >= 2048)
        {
            return at + WriteCopy2(ref Unsafe.Add(ref destination, at), offset, length);
        }

        Unsafe.Add(ref destination, at) = (byte)(TagCopy1 | ((length - 4) << 2) | ((offset >> 8) << 5));
        Unsafe.Add(ref destination, at + 1) = (byte)offset;
        return at + 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteCopy2(ref byte destination, int offset, int length)
    {
        destination = (byte)(TagCopy2 | ((length - 1) << 2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 1), BitConverter.IsLittleEndian ? (ushort)offset : BinaryPrimitives.ReverseEndianness((ushort)offset));
        return 3;
    }
}
