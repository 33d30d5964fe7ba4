using System.Text;
using NodeCollector.Metrics;
using NodeCollector.Web;

namespace NodeCollector.Tests.Web;

public sealed class ExpositionBufferTests
{
    private static readonly MetricFamily Up = new("up", "Whether up.", MetricType.Gauge);
    private static readonly MetricFamily Other = new("other_total", "Other.", MetricType.Counter);

    [Fact]
    public void A_reused_buffer_holds_only_the_latest_exposition()
    {
        var buffer = new ExpositionBuffer();
        var first = buffer.Start(ExpositionFormat.PrometheusText);
        first.WriteFamily(Up);
        first.WriteSample("up", [], 1);
        first.WriteFamily(Other);
        first.WriteSample("other_total", [], 5);
        first.Complete();

        // The same family again is a new exposition, not a second write of it.
        var second = buffer.Start(ExpositionFormat.PrometheusText);
        second.WriteFamily(Up);
        second.WriteSample("up", [], 0);
        second.Complete();

        Assert.Equal("# HELP up Whether up.\n# TYPE up gauge\nup 0\n", Encoding.UTF8.GetString(buffer.Written.Span));
    }

    [Fact]
    public void Each_format_gets_its_own_writer()
    {
        var buffer = new ExpositionBuffer();
        var text = buffer.Start(ExpositionFormat.PrometheusText);
        text.Complete();
        var openMetrics = buffer.Start(ExpositionFormat.OpenMetrics);
        openMetrics.WriteFamily(Other);
        openMetrics.WriteSample("other_total", [], 5);
        openMetrics.Complete();

        Assert.Equal(ExpositionFormat.OpenMetrics, openMetrics.Format);
        Assert.EndsWith("# EOF\n", Encoding.UTF8.GetString(buffer.Written.Span), StringComparison.Ordinal);
        Assert.StartsWith("# HELP other ", Encoding.UTF8.GetString(buffer.Written.Span), StringComparison.Ordinal);
    }
}
