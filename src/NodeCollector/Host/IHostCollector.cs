using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// One node_exporter collector: reads its files under the host roots and writes its families. The runner records
/// the output and commits it only when the collector reports success, so a collector may write part of its output
/// and then fail. Collectors run one at a time each (never concurrently with themselves), so they may keep and
/// reuse buffers between runs.
/// </summary>
internal interface IHostCollector
{
    /// <summary>node_exporter's name for the collector (the <c>collector</c> label).</summary>
    string Name { get; }

    /// <summary>Writes every family; false with a short reason when a file is missing or malformed.</summary>
    bool TryCollect(IMetricWriter writer, out string? failure);
}
