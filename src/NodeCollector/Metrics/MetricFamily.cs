namespace NodeCollector.Metrics;

/// <summary>
/// The header of a metric family. <paramref name="Name"/> is the name used in Prometheus text 0.0.4
/// <c># HELP</c>/<c># TYPE</c> lines (a counter's name includes <c>_total</c>).
/// <paramref name="Unit"/> is the OpenMetrics unit (e.g. <c>seconds</c>), or null.
/// </summary>
internal readonly record struct MetricFamily(string Name, string Help, MetricType Type, string? Unit = null);
