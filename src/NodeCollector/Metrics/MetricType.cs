namespace NodeCollector.Metrics;

/// <summary>
/// The metric types of the Prometheus data model, as written in <c># TYPE</c> lines. The last three exist only in
/// OpenMetrics; text 0.0.4 writes them as untyped.
/// </summary>
internal enum MetricType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
    GaugeHistogram,
    Info,
    StateSet,
}
