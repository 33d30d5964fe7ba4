using System.Runtime.InteropServices;
using NodeCollector.Export.Snappy;

namespace NodeCollector.Tests.Export.Snappy;

/// <summary>Our snappy block encoder, checked by decoding its output with IronSnappy (an independent decoder).</summary>
public class SnappyBlockEncoderTests
{
    [Fact]
    public void Empty_input_is_a_zero_length_preamble()
    {
        var block = new SnappyBlockEncoder().Compress([]);

        Assert.Equal([0x00], block.ToArray());
        Assert.Empty(IronSnappy.Snappy.Decode(block.Span));
    }

    [Fact]
    public void One_byte_is_one_literal()
    {
        var block = new SnappyBlockEncoder().Compress([0x7A]);

        Assert.Equal([0x01, 0x00, 0x7A], block.ToArray());
    }

    [Fact]
    public void Sixteen_repeated_bytes_are_too_short_to_search_and_stay_one_literal()
    {
        var input = Enumerable.Repeat((byte)'a', 16).ToArray();

        var block = new SnappyBlockEncoder().Compress(input);

        Assert.Equal([0x10, 15 << 2, .. input], block.ToArray());
    }

    [Fact]
    public void A_long_run_becomes_copies_across_fragments()
    {
        var input = new byte[1 << 20];
        input.AsSpan().Fill(0x42);

        var block = new SnappyBlockEncoder().Compress(input);

        // A copy element carries at most 64 bytes in 3: about 4.7 % of a run.
        Assert.True(block.Length < input.Length / 20, $"{block.Length} bytes for a 1 MiB run");
        Assert.Equal(input, IronSnappy.Snappy.Decode(block.Span));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(300_001)]
    public void Incompressible_input_round_trips_within_the_bound(int length)
    {
        var input = new byte[length];
        new Random(length).NextBytes(input);

        var block = new SnappyBlockEncoder().Compress(input);

        Assert.InRange(block.Length, length, SnappyBlockEncoder.MaxCompressedLength(length));
        Assert.Equal(input, IronSnappy.Snappy.Decode(block.Span));
    }

    [Theory]
    [InlineData(100)]   // one-byte-offset copies (offset < 2048)
    [InlineData(3_000)] // two-byte-offset copies
    public void A_repeated_random_block_is_sent_about_once(int blockLength)
    {
        var unit = new byte[blockLength];
        new Random(blockLength).NextBytes(unit);
        var input = Enumerable.Repeat(unit, 5).SelectMany(b => b).ToArray();

        var block = new SnappyBlockEncoder().Compress(input);

        // The first block as a literal, the other four as copies of at most 64 bytes each (3 bytes per copy).
        Assert.InRange(block.Length, blockLength, blockLength + (4 * blockLength * 3 / 60) + 20);
        Assert.Equal(input, IronSnappy.Snappy.Decode(block.Span));
    }

    [Fact]
    public void Reusing_the_encoder_does_not_let_an_earlier_input_leak_into_a_later_one()
    {
        var encoder = new SnappyBlockEncoder();
        var first = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray();
        var second = Enumerable.Range(0, 5_000).Select(i => (byte)(i % 7)).ToArray();
        var third = new byte[70_000];
        new Random(3).NextBytes(third);

        Assert.Equal(first, IronSnappy.Snappy.Decode(encoder.Compress(first).Span));
        Assert.Equal(second, IronSnappy.Snappy.Decode(encoder.Compress(second).Span));
        Assert.Equal(third, IronSnappy.Snappy.Decode(encoder.Compress(third).Span));
        Assert.Equal(second, IronSnappy.Snappy.Decode(encoder.Compress(second).Span));
    }

    [Fact]
    public void Inputs_a_little_larger_than_the_largest_so_far_reuse_the_output_buffer()
    {
        var encoder = new SnappyBlockEncoder();
        var input = Enumerable.Range(0, 1_100_000).Select(i => (byte)(i % 251)).ToArray();

        Assert.True(MemoryMarshal.TryGetArray(encoder.Compress(input.AsSpan(0, 1_000_000)), out var first));
        Assert.True(MemoryMarshal.TryGetArray(encoder.Compress(input.AsSpan(0, 1_050_000)), out var second));
        var last = encoder.Compress(input);

        Assert.True(MemoryMarshal.TryGetArray(last, out var third));
        Assert.Same(first.Array, second.Array);
        Assert.Same(first.Array, third.Array);
        Assert.Equal(input, IronSnappy.Snappy.Decode(last.Span));
    }

    [Fact]
    public void A_destination_below_the_bound_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SnappyBlockEncoder().Compress(new byte[100], new byte[100]));

        Assert.Contains("may need 148", error.Message, StringComparison.Ordinal);
    }
}
