namespace NodeCollector.Metrics;

/// <summary>Something that writes a set of metric families on demand (for <c>/metrics</c> or an append cycle).</summary>
internal interface IMetricSource
{
    /// <summary>Writes every family this source has. Each family name is written by exactly one source.</summary>
    void Collect(IMetricWriter writer);
}
