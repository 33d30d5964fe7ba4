namespace NodeCollector.Metrics;

/// <summary>The text formats <see cref="TextExpositionWriter"/> writes.</summary>
internal enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 text.</summary>
    OpenMetrics,
}
