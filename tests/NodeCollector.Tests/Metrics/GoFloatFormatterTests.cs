using System.Text;
using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public class GoFloatFormatterTests
{
    // Expected strings are what Go's strconv.FormatFloat(f, 'g', -1, 64) prints (PROTOCOLS.md Appendix B).
    public static TheoryData<double, string> Cases => new()
    {
        // Appendix B examples.
        { 0, "0" },
        { 1, "1" },
        { -1, "-1" },
        { 0.5, "0.5" },
        { 26442, "26442" },
        { 123456, "123456" },
        { 999999, "999999" },
        { 1e6, "1e+06" },
        { 1631329, "1.631329e+06" },
        { 3831959552, "3.831959552e+09" },
        { 0.0001, "0.0001" },
        { 1e-5, "1e-05" },
        { 0.00012345, "0.00012345" },
        { 12.47, "12.47" },
        { 17560473, "1.7560473e+07" },
        { 5e-324, "5e-324" },
        { double.MaxValue, "1.7976931348623157e+308" },
        // .NET would print 10000000000000000 here.
        { 1e16, "1e+16" },
        // Negatives, signed zero, subnormals, large and small exponents.
        { -0.0, "-0" },
        { -0.5, "-0.5" },
        { -123456.5, "-123456.5" },
        { -1e6, "-1e+06" },
        { -1.25e-7, "-1.25e-07" },
        { -double.Epsilon, "-5e-324" },
        { 2.225073858507201e-308, "2.225073858507201e-308" },
        { 2.2250738585072014e-308, "2.2250738585072014e-308" },
        { 1e21, "1e+21" },
        { 1e100, "1e+100" },
        { 1e-7, "1e-07" },
        { 1e-100, "1e-100" },
        { 123456789, "1.23456789e+08" },
        { 0.1 + 0.2, "0.30000000000000004" },
        { 0.1, "0.1" },
        { 100000, "100000" },
        { 0.000123, "0.000123" },
        { 0.00001234, "1.234e-05" },
        { 18446744073709551615.0, "1.8446744073709552e+19" },
        // Integers: below 1e15 they take a faster path than the round-trip search.
        { 5000000, "5e+06" },
        { -5000000, "-5e+06" },
        { 1e14, "1e+14" },
        { 123456789012345, "1.23456789012345e+14" },
        { 999999999999999, "9.99999999999999e+14" },
        { 1e15, "1e+15" },
        { 4503599627370497, "4.503599627370497e+15" },
        { 9007199254740993, "9.007199254740992e+15" },
        // node_exporter arithmetic (Appendix B).
        { 9653880 * 0.001, "9653.880000000001" },
        { 14036781 / 1000.0 / 1000.0, "14.036781000000001" },
        { 1700000000.123, "1.700000000123e+09" },
        { double.NaN, "NaN" },
        { double.PositiveInfinity, "+Inf" },
        { double.NegativeInfinity, "-Inf" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_like_Go(double value, string expected)
    {
        Assert.Equal(expected, GoFloatFormatter.ToString(value));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_the_same_bytes_into_a_span(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[GoFloatFormatter.MaxLength];
        var written = GoFloatFormatter.Format(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
    }

    [Fact]
    public void Output_round_trips_for_random_doubles()
    {
        var random = new Random(42);
        Span<byte> buffer = stackalloc byte[GoFloatFormatter.MaxLength];
        for (var i = 0; i < 100_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            var written = GoFloatFormatter.Format(value, buffer);
            Assert.True(written <= GoFloatFormatter.MaxLength);
            var parsed = double.Parse(buffer[..written], provider: System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(parsed));
        }
    }

    [Fact]
    public void Does_not_allocate()
    {
        Span<byte> buffer = stackalloc byte[GoFloatFormatter.MaxLength];
        GoFloatFormatter.Format(1.631329e6, buffer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            GoFloatFormatter.Format(1.631329e6 + i, buffer);
            GoFloatFormatter.Format(-0.00012345 * i, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
