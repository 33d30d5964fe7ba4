namespace NodeCollector.Metrics;

/// <summary>How <see cref="MeterMetricSource"/> folds an instrument's measurements into a series value.</summary>
internal enum MeterAggregation
{
    /// <summary>Adds measurements (Counter, UpDownCounter).</summary>
    Sum,

    /// <summary>Keeps the last measurement (gauges, and observable counters, which report cumulative values).</summary>
    LastValue,

    /// <summary>Counts measurements into cumulative <c>le</c> buckets with a sum and a count.</summary>
    Histogram,
}
