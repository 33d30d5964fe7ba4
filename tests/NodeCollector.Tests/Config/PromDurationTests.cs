using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

public class PromDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("100ms", 100)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("1y", 31_536_000_000)]
    [InlineData("1h1m1s1ms", 3_661_001)]
    public void Parses_prometheus_durations(string text, long expectedMs)
    {
        Assert.True(PromDuration.TryParse(text, out var duration));
        Assert.Equal(expectedMs, (long)duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("15x")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1s1m")]
    [InlineData("1m 30s")]
    [InlineData("15S")]
    [InlineData("s")]
    [InlineData("99999999999999999999s")]
    public void Rejects_what_prometheus_rejects(string text)
    {
        Assert.False(PromDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(15_000, "15s")]
    [InlineData(3_661_001, "1h1m1s1ms")]
    public void Formats_like_prometheus(long ms, string expected)
    {
        Assert.Equal(expected, PromDuration.Format(TimeSpan.FromMilliseconds(ms)));
    }
}
