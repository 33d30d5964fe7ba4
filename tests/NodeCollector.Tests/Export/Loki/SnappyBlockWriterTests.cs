using NodeCollector.Export.Loki;

namespace NodeCollector.Tests.Export.Loki;

public class SnappyBlockWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(SnappyBlockWriter.PieceSize - 1)]
    [InlineData(SnappyBlockWriter.PieceSize)]
    [InlineData(SnappyBlockWriter.PieceSize + 1)]
    [InlineData(SnappyBlockWriter.PieceSize + 10)]
    [InlineData(1_100_000)]
    public void Output_is_byte_for_byte_what_IronSnappy_writes_for_the_whole_input_and_decodes_back(int length)
    {
        var writer = new SnappyBlockWriter();
        foreach (var input in new[] { Repetitive(length), Random(length) })
        {
            var compressed = writer.Compress(input).ToArray();

            Assert.Equal(IronSnappy.Snappy.Encode(input), compressed);
            Assert.Equal(input, IronSnappy.Snappy.Decode(compressed));
        }
    }

    [Fact]
    public void A_smaller_input_after_a_larger_one_reuses_the_buffer_and_is_whole()
    {
        var writer = new SnappyBlockWriter();
        writer.Compress(Random(500_000));
        var small = Repetitive(1000);

        Assert.Equal(small, IronSnappy.Snappy.Decode(writer.Compress(small).Span));
    }

    private static byte[] Repetitive(int length) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)"level=info msg=\"request served\" status=200 "[i % 43])];

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
