using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Export.Loki;

/// <summary>
/// Snappy block compression into a buffer kept between calls. Snappy encoders (IronSnappy, like Go's and the C++
/// one) compress independent 64 KiB pieces and write their elements one after another behind a single length
/// header, since no copy reaches back past a piece's start. This writer does the same with IronSnappy per piece, so
/// each call allocates only small, short-lived arrays instead of one large-object-heap array of the whole body per
/// push (at 100 MB/s, about a hundred such arrays a second kept the collector's memory high between full collections).
/// </summary>
internal sealed class SnappyBlockWriter
{
    /// <summary>Snappy's block size: IronSnappy's output for a piece this long stays under the 85,000-byte large-object threshold.</summary>
    public const int PieceSize = 64 * 1024;

    private byte[] _buffer = new byte[64 * 1024];

    /// <summary>Compresses <paramref name="input"/>; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> input)
    {
        Ensure(ProtoWire.VarintSize((ulong)input.Length) + input.Length + (input.Length / 6) + 32, 0);
        var length = ProtoWire.WriteVarint(_buffer, (ulong)input.Length);
        for (var start = 0; start < input.Length; start += PieceSize)
        {
            var piece = IronSnappy.Snappy.Encode(input.Slice(start, Math.Min(PieceSize, input.Length - start)));
            var header = HeaderLength(piece);
            Ensure(length + piece.Length - header, length);
            piece.AsSpan(header).CopyTo(_buffer.AsSpan(length));
            length += piece.Length - header;
        }

        return _buffer.AsMemory(0, length);
    }

    /// <summary>Bytes of the varint uncompressed-length header that starts a snappy block.</summary>
    private static int HeaderLength(ReadOnlySpan<byte> block)
    {
        var at = 0;
        while ((block[at] & 0x80) != 0)
        {
            at++;
        }

        return at + 1;
    }

    private void Ensure(int size, int keep)
    {
        if (size > _buffer.Length)
        {
            var grown = new byte[Math.Max(size, _buffer.Length * 2)];
            _buffer.AsSpan(0, keep).CopyTo(grown);
            _buffer = grown;
        }
    }
}
