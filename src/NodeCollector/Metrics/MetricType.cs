namespace NodeCollector.Metrics;

/// <summary>The metric types of the Prometheus data model, as written in <c># TYPE</c> lines.</summary>
internal enum MetricType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}
