using System.Diagnostics;

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
        Debug.Assert(literal.Length is > 0 and <= 1 << 16, "a fragment's literal");
        var n = literal.Length - 1;
        int at;
        if (n < 60)
        {
            destination[0] = (byte)((n << 2) | TagLiteral);
            at = 1;
        }
        else if (n < 256)
        {
            destination[0] = (60 << 2) | TagLiteral;
            destination[1] = (byte)n;
            at = 2;
        }
        else
        {
            destination[0] = (61 << 2) | TagLiteral;
            destination[1] = (byte)n;
            destination[2] = (byte)(n >> 8);
            at = 3;
        }

        literal.CopyTo(destination[at..]);
        return at + literal.Length;
    }

    /// <summary>Writes a match of <paramref name="length"/> (at least 4) bytes <paramref name="offset"/> back; returns the bytes written.</summary>
    public static int WriteCopy(Span<byte> destination, int offset, int length)
    {
        Debug.Assert(offset is > 0 and < 1 << 16 && length >= 4, "a match inside one fragment");
        var at = 0;
        while (length >= 68)
        {
            at += WriteCopy2(destination[at..], offset, 64);
            length -= 64;
        }

        // A copy element holds at most 64 bytes; leave at least 4 for the last one.
        if (length > 64)
        {
            at += WriteCopy2(destination[at..], offset, 60);
            length -= 60;
        }

        if (length >= 12 || offset >= 2048)
        {
            return at + WriteCopy2(destination[at..], offset, length);
        }

        destination[at + 1] = (byte)offset;
        destination[at] = (byte)(TagCopy1 | ((length - 4) << 2) | ((offset >> 8) << 5));
        return at + 2;
    }

    private static int WriteCopy2(Span<byte> destination, int offset, int length)
    {
        destination[2] = (byte)(offset >> 8);
        destination[1] = (byte)offset;
        destination[0] = (byte)(TagCopy2 | ((length - 1) << 2));
        return 3;
    }
}
