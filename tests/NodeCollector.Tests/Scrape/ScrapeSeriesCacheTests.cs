using System.Globalization;
using System.Text;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;
using static NodeCollector.Tests.Scrape.ScrapeTestTargets;

namespace NodeCollector.Tests.Scrape;

/// <summary>
/// The scrape cache's shortcuts (a known series skips label parsing; the series that followed last time is tried
/// first) must not change what is appended: random scrapes that add, drop, reorder, repeat and fail series are
/// checked against what each body says, stale markers included.
/// </summary>
public sealed class ScrapeSeriesCacheTests
{
    [Fact]
    public void Random_scrapes_append_exactly_their_series_and_mark_the_gone_ones_stale()
    {
        var random = new Random(5);
        var appender = new ScrapeSampleAppender(Target(Job()));
        var previous = new Dictionary<string, double>();
        for (var round = 0; round < 300; round++)
        {
            var writer = new RecordingMetricWriter();
            if (random.Next(10) == 0)
            {
                var failed = appender.Append(writer, Body("broken{ 1\n"), openMetrics: false);
                Assert.NotNull(failed.Error);
                Assert.All(writer.Samples, s => Assert.True(StaleMarker.IsStale(s.Value)));
                Assert.Equal(previous.Keys.Order(), writer.Samples.Select(Key).Order());
                previous.Clear();
                continue;
            }

            var current = new Dictionary<string, double>();
            var body = new StringBuilder();
            foreach (var index in Enumerable.Range(0, 40).Where(_ => random.Next(3) > 0).OrderBy(_ => random.Next(4)))
            {
                var value = random.Next(1000);
                var series = $"m_{index % 3}{{pod=\"p{index}\",c=\"x\"}}";
                body.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                current.TryAdd($"m_{index % 3}/p{index}", value);
                if (random.Next(8) == 0)
                {
                    body.Append(series).Append(" 9999\n"); // a repeat: the first sample wins
                }
            }

            var result = appender.Append(writer, Body(body.ToString()), openMetrics: false);
            Assert.Null(result.Error);
            var written = writer.Samples.ToList();
            var fresh = written.Where(s => !StaleMarker.IsStale(s.Value)).ToDictionary(Key, s => s.Value);
            Assert.Equal(current.OrderBy(p => p.Key), fresh.OrderBy(p => p.Key));
            var stale = written.Where(s => StaleMarker.IsStale(s.Value)).Select(Key).Order();
            Assert.Equal(previous.Keys.Except(current.Keys).Order(), stale);
            Assert.Equal(current.Keys.Except(previous.Keys).Count(), result.SeriesAdded);
            previous = current;
        }
    }

    [Fact]
    public void A_known_series_followed_by_garbage_still_fails_the_scrape()
    {
        var appender = new ScrapeSampleAppender(Target(Job()));
        var writer = new RecordingMetricWriter();
        Assert.Null(appender.Append(writer, Body("a{x=\"1\"} 1\n"), openMetrics: false).Error);
        Assert.StartsWith("parse error at line 1", appender.Append(writer, Body("a{x=\"1\"} one\n"), openMetrics: false).Error, StringComparison.Ordinal);
        Assert.Null(appender.Append(writer, Body("a{x=\"1\"} 1\n"), openMetrics: false).Error);
        Assert.StartsWith("parse error at line 1", appender.Append(writer, Body("a{x=\"1\"}} 1\n"), openMetrics: false).Error, StringComparison.Ordinal);
    }

    private static string Key(RecordedSample sample) =>
        sample.Name + "/" + sample.Labels.ToArray().Single(l => l.Name == "pod").Value;
}
