using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// The series Prometheus adds for every scrape (<c>up</c>, <c>scrape_duration_seconds</c>, ...): target labels only,
/// not subject to metric relabeling, written even when the scrape failed, and made stale when the target goes away.
/// </summary>
internal static class SyntheticSeries
{
    private static readonly MetricFamily Up = new("up", "1 if the target was scraped and parsed successfully, else 0.", MetricType.Gauge);
    private static readonly MetricFamily Duration = new("scrape_duration_seconds", "Duration of the scrape.", MetricType.Gauge);
    private static readonly MetricFamily Scraped = new("scrape_samples_scraped", "Samples the target exposed.", MetricType.Gauge);
    private static readonly MetricFamily PostRelabeling = new("scrape_samples_post_metric_relabeling", "Samples left after metric relabeling.", MetricType.Gauge);
    private static readonly MetricFamily Added = new("scrape_series_added", "Series in this scrape that were not in the previous one.", MetricType.Gauge);

    public static void Write(IMetricWriter writer, LabelSet target, ScrapeAppendResult result, TimeSpan duration)
    {
        WriteOne(writer, Up, target, result.Error is null ? 1 : 0);
        WriteOne(writer, Duration, target, duration.TotalSeconds);
        WriteOne(writer, Scraped, target, result.SamplesScraped);
        WriteOne(writer, PostRelabeling, target, result.SamplesPostRelabeling);
        WriteOne(writer, Added, target, result.SeriesAdded);
    }

    public static void WriteStale(IMetricWriter writer, LabelSet target)
    {
        foreach (var family in (ReadOnlySpan<MetricFamily>)[Up, Duration, Scraped, PostRelabeling, Added])
        {
            WriteOne(writer, family, target, StaleMarker.Value);
        }
    }

    private static void WriteOne(IMetricWriter writer, in MetricFamily family, LabelSet target, double value)
    {
        writer.WriteFamily(family);
        writer.WriteSample(family.Name, target.Labels, value);
    }
}
