using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Export.Snappy;

/// <summary>
/// Snappy block-format compression (what remote write and Loki's push API carry; never the framed format), made
/// for the send path: the hash table and the output buffer belong to the instance and are reused, so a call
/// allocates nothing once the buffer has grown to the largest request. Like the reference encoder it cuts the
/// input into 64 KiB fragments (every copy offset then fits two bytes), finds 4-byte matches through a hash table
/// of recent positions, skips ahead faster the longer nothing matches, and extends matches 8 bytes at a time.
/// One instance per sender: not thread-safe.
/// </summary>
internal sealed class SnappyBlockEncoder
{
    private const int FragmentSize = 1 << 16;
    private const int MinTableBits = 8;
    private const int MaxTableBits = 14;

    // The match search reads 8 bytes at positions up to this far from the fragment's end; shorter fragments are
    // one literal.
    private const int InputMargin = 15;

    // Positions in a fragment fit 16 bits; a table half the size of int positions stays in the L1 cache.
    private readonly ushort[] _table = new ushort[1 << MaxTableBits];
    private byte[] _output = [];

    /// <summary>The largest block <paramref name="sourceLength"/> bytes can compress to (incompressible input).</summary>
    public static int MaxCompressedLength(int sourceLength) => checked(32 + sourceLength + (sourceLength / 6));

    /// <summary>Compresses <paramref name="source"/> into the reused buffer; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> source)
    {
        var max = MaxCompressedLength(source.Length);
        if (_output.Length < max)
        {
            // An eighth of headroom: requests of one size class (full Loki batches) differ by a few bytes, and growing
            // to exactly each new largest one allocated a fresh large-object array for most pushes.
            _output = new byte[checked(max + (max / 8))];
        }

        return _output.AsMemory(0, Compress(source, _output));
    }

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>, which must hold
    /// <see cref="MaxCompressedLength"/> bytes; returns the block's length.</summary>
    public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(source.Length))
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; compressing {source.Length} bytes may need {MaxCompressedLength(source.Length)}.", nameof(destination));
        }

        // The preamble, the uncompressed length, is the same base-128 varint protobuf uses.
        var at = ProtoWire.WriteVarint(destination, (ulong)source.Length);
        for (var start = 0; start < source.Length; start += FragmentSize)
        {
            var fragment = source.Slice(start, Math.Min(FragmentSize, source.Length - start));
            at += CompressFragment(fragment, destination[at..]);
        }

        return at;
    }

    private int CompressFragment(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length <= InputMargin + 1)
        {
            return SnappyElements.WriteLiteral(destination, source);
        }

        var bits = MinTableBits;
        while (bits < MaxTableBits && 1 << bits < source.Length)
        {
            bits++;
        }

        var shift = 32 - bits;
        _table.AsSpan(0, 1 << bits).Clear();

        // Positions below are kept in range by the loop limits (every read is at most sourceLimit + 8 < length, and
        // hashes are below the table size), and the output stays within the bound Compress checked, so the loop
        // reads and writes through references without bounds checks.
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        ref var table = ref MemoryMarshal.GetArrayDataReference(_table);
        var sourceLimit = source.Length - InputMargin;
        var op = 0;
        var nextEmit = 0;
        var s = 1;
        while (true)
        {
            int candidate;
            var skip = 32;

            // Right after a match (and at the start) try the next 16 positions one by one, taking their hashes from
            // two 8-byte loads: a match within them needs a literal of at most 16 bytes, written in one 16-byte move.
            if (sourceLimit - s >= 16)
            {
                var data = Load64(ref src, s);
                for (var j = 0; j < 4; j++)
                {
                    for (var k = 0; k < 4; k++)
                    {
                        var i = (4 * j) + k;
                        var hash = Hash((uint)data, shift);
                        candidate = Unsafe.Add(ref table, hash);
                        Unsafe.Add(ref table, hash) = (ushort)(s + i);
                        if ((uint)data == Load32(ref src, candidate))
                        {
                            op += SnappyElements.WriteShortLiteral(ref Unsafe.Add(ref dst, op), ref Unsafe.Add(ref src, nextEmit), s + i - nextEmit);
                            s += i;
                            goto EmitMatch;
                        }

                        data >>= 8;
                    }

                    data = Load64(ref src, s + (4 * j) + 4);
                }

                s += 16;
                skip += 16;
            }

            // Then the reference encoder's search: after every 32 misses (counting those above), step one byte further.
            var next = s;
            var nextHash = Hash(Load32(ref src, s), shift);
            do
            {
                s = next;
                next = s + (skip++ >> 5);
                if (next > sourceLimit)
                {
                    goto Remainder;
                }

                candidate = Unsafe.Add(ref table, nextHash);
                Unsafe.Add(ref table, nextHash) = (ushort)s;
                nextHash = Hash(Load32(ref src, next), shift);
            }
            while (Load32(ref src, s) != Load32(ref src, candidate));

            op += SnappyElements.WriteLiteral(ref Unsafe.Add(ref dst, op), ref Unsafe.Add(ref src, nextEmit), s - nextEmit);

        EmitMatch:
            // Emit the match, then try the position right after it before searching again: runs of matches
            // (repeated label sets) are the common case.
            while (true)
            {
                var matchStart = s;
                s = ExtendMatch(ref src, candidate + 4, s + 4, source.Length);
                op += SnappyElements.WriteCopy(ref Unsafe.Add(ref dst, op), matchStart - candidate, s - matchStart);
                nextEmit = s;
                if (s >= sourceLimit)
                {
                    goto Remainder;
                }

                var x = Load64(ref src, s - 1);
                Unsafe.Add(ref table, Hash((uint)x, shift)) = (ushort)(s - 1);
                var hash = Hash((uint)(x >> 8), shift);
                candidate = Unsafe.Add(ref table, hash);
                Unsafe.Add(ref table, hash) = (ushort)s;
                if ((uint)(x >> 8) != Load32(ref src, candidate))
                {
                    s++;
                    break;
                }
            }
        }

    Remainder:
        if (nextEmit < source.Length)
        {
            op += SnappyElements.WriteLiteral(destination[op..], source[nextEmit..]);
        }

        return op;
    }

    /// <summary>Where the match of <paramref name="s"/> against the earlier <paramref name="candidate"/> ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExtendMatch(ref byte src, int candidate, int s, int length)
    {
        while (s <= length - 8)
        {
            var difference = Load64(ref src, s) ^ Load64(ref src, candidate);
            if (difference != 0)
            {
                return s + (BitOperations.TrailingZeroCount(difference) >> 3);
            }

            s += 8;
            candidate += 8;
        }

        while (s < length && Unsafe.Add(ref src, s) == Unsafe.Add(ref src, candidate))
        {
            s++;
            candidate++;
        }

        return s;
    }

    private static int Hash(uint bytes, int shift) => (int)((bytes * 0x1E35A7BDu) >> shift);

    private static uint Load32(ref byte src, int at)
    {
        var value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, at));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static ulong Load64(ref byte src, int at)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, at));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
