using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>
/// The one seam every producer of metrics writes through: host collectors, the scrape parser and
/// the collector's own metrics. A family header comes first, then its samples. Writes are
/// synchronous into buffers; whoever owns the writer flushes once per collection.
/// </summary>
internal interface IMetricWriter
{
    /// <summary>Starts a family. Every sample until the next call belongs to it.</summary>
    void WriteFamily(in MetricFamily family);

    /// <summary>
    /// Writes one sample. <paramref name="name"/> is the full sample name (for histograms
    /// <c>x_bucket</c>, <c>x_sum</c>, <c>x_count</c>). Labels are written in the order given;
    /// values are raw (the writer escapes them).
    /// </summary>
    void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null);

    /// <summary>
    /// <see cref="WriteSample"/> for labels in an array the caller never changes again (a scrape cache entry's), so a
    /// writer that remembers series may keep the array itself instead of a copy.
    /// </summary>
    void WriteImmutableSample(string name, Label[] labels, double value, long? timestampMs = null) =>
        WriteSample(name, labels, value, timestampMs);
}
