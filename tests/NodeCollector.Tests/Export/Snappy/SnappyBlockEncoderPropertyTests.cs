using FsCheck;
using FsCheck.Fluent;
using NodeCollector.Export.Snappy;

namespace NodeCollector.Tests.Export.Snappy;

/// <summary>Random and repetitive inputs compress to blocks that IronSnappy decodes back to the input.</summary>
public class SnappyBlockEncoderPropertyTests
{
    private static readonly FsCheck.Config Runs = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Random_bytes_round_trip()
    {
        var encoder = new SnappyBlockEncoder();

        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), input => RoundTrips(encoder, input)).Check(Runs);
    }

    [Fact]
    public void Inputs_made_of_a_few_repeated_pieces_round_trip()
    {
        var encoder = new SnappyBlockEncoder();
        var piece = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Where(p => p.Length is > 0 and < 48);
        var input =
            from pieces in Gen.ArrayOf(piece).Where(p => p.Length is > 0 and < 6)
            from count in Gen.Choose(0, 20_000)
            from order in Gen.ArrayOf(Gen.Choose(0, pieces.Length - 1), count)
            select order.SelectMany(i => pieces[i]).ToArray();

        Prop.ForAll(input.ToArbitrary(), bytes => RoundTrips(encoder, bytes)).Check(Runs);
    }

    [Fact]
    public void Nothing_is_written_past_a_destination_of_exactly_the_bound()
    {
        // The fragment loop writes through references (short literals as one 16-byte move); bytes after the
        // destination must stay untouched for inputs of every shape.
        var encoder = new SnappyBlockEncoder();
        var word = Gen.Elements("{\"level\":\"info\",\"msg\":\"served\",\"path\":\"/api/", "x", "k7=", "ab", "\n", "0", "19")
            .Select(System.Text.Encoding.UTF8.GetBytes);
        var noise = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Where(b => b.Length < 40);
        var input = Gen.ArrayOf(Gen.OneOf(word, noise, noise, noise)).Select(pieces => pieces.SelectMany(p => p).ToArray())
            .Select(bytes => bytes.Length > 0 ? bytes : [1]);

        Prop.ForAll(input.ToArbitrary(), bytes =>
        {
            var bound = SnappyBlockEncoder.MaxCompressedLength(bytes.Length);
            var output = new byte[bound + 64];
            output.AsSpan(bound).Fill(0xAA);
            var length = encoder.Compress(bytes, output.AsSpan(0, bound));
            return output.AsSpan(bound).IndexOfAnyExcept((byte)0xAA) < 0
                && IronSnappy.Snappy.Decode(output.AsSpan(0, length)).AsSpan().SequenceEqual(bytes);
        }).Check(Runs);
    }

    private static bool RoundTrips(SnappyBlockEncoder encoder, byte[] input)
    {
        var block = encoder.Compress(input);
        return block.Length <= SnappyBlockEncoder.MaxCompressedLength(input.Length)
            && IronSnappy.Snappy.Decode(block.Span).AsSpan().SequenceEqual(input);
    }
}
