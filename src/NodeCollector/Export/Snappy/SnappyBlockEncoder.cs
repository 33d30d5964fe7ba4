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

    private readonly int[] _table = new int[1 << MaxTableBits];
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
        // hashes are below the table size), so the loop reads through references without bounds checks.
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var table = ref MemoryMarshal.GetArrayDataReference(_table);
        var sourceLimit = source.Length - InputMargin;
        var written = 0;
        var nextEmit = 0;
        var s = 1;
        var nextHash = Hash(Load32(ref src, s), shift);
        while (true)
        {
            // Look for a position whose 4 bytes were seen before; after every 32 misses, step one byte further.
            var skip = 32;
            var next = s;
            int candidate;
            do
            {
                s = next;
                next = s + (skip++ >> 5);
                if (next > sourceLimit)
                {
                    goto Remainder;
                }

                candidate = Unsafe.Add(ref table, nextHash);
                Unsafe.Add(ref table, nextHash) = s;
                nextHash = Hash(Load32(ref src, next), shift);
            }
            while (Load32(ref src, s) != Load32(ref src, candidate));

            written += SnappyElements.WriteLiteral(destination[written..], source[nextEmit..s]);

            // Emit the match, then try the position right after it before searching again: runs of matches
            // (repeated label sets) are the common case.
            while (true)
            {
                var matchStart = s;
                s = ExtendMatch(ref src, candidate + 4, s + 4, source.Length);
                written += SnappyElements.WriteCopy(destination[written..], matchStart - candidate, s - matchStart);
                nextEmit = s;
                if (s >= sourceLimit)
                {
                    goto Remainder;
                }

                var x = Load64(ref src, s - 1);
                Unsafe.Add(ref table, Hash((uint)x, shift)) = s - 1;
                var hash = Hash((uint)(x >> 8), shift);
                candidate = Unsafe.Add(ref table, hash);
                Unsafe.Add(ref table, hash) = s;
                if ((uint)(x >> 8) != Load32(ref src, candidate))
                {
                    nextHash = Hash((uint)(x >> 16), shift);
                    s++;
                    break;
                }
            }
        }

    Remainder:
        if (nextEmit < source.Length)
        {
            written += SnappyElements.WriteLiteral(destination[written..], source[nextEmit..]);
        }

        return written;
    }

    /// <summary>Where the match of <paramref name="s"/> against the earlier <paramref name="candidate"/> ends.</summary>
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
