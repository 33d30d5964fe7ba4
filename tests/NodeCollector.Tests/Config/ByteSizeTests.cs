using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

public class ByteSizeTests
{
    [Theory]
    [InlineData("512", 512)]
    [InlineData("0", 0)]
    [InlineData("1B", 1)]
    [InlineData("256KiB", 262_144)]
    [InlineData("1MiB", 1_048_576)]
    [InlineData("1MB", 1_048_576)]
    [InlineData("1GiB", 1_073_741_824)]
    [InlineData("2TiB", 2_199_023_255_552)]
    public void Parses_sizes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("1.5MiB")]
    [InlineData("-1")]
    [InlineData("1 XB")]
    [InlineData("1mib")]
    [InlineData("99999999999TiB")]
    public void Rejects_invalid_sizes(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData(262_144, "256KiB")]
    [InlineData(1_073_741_824, "1GiB")]
    [InlineData(1000, "1000B")]
    public void Formats_with_the_largest_exact_unit(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}
