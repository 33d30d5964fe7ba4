using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>
/// A metric writer for one round of appending (a host collection or a scrape): <see cref="Begin"/> sets the
/// round's timestamp and the labels every series of the round gets, the writes follow, and <see cref="Commit"/>
/// hands the round on in one step. Exporters (remote write) implement it; sources (scrape loops, the host
/// collector loop) only see this seam.
/// </summary>
internal interface IMetricAppender : IMetricWriter
{
    /// <summary>Starts a round at <paramref name="timestampMs"/>; samples written without a timestamp get it.</summary>
    void Begin(long timestampMs, ReadOnlySpan<Label> targetLabels);

    /// <summary>Hands the round on; false when it could not be kept (counted and logged by the implementation).</summary>
    bool Commit();
}
