namespace NodeCollector.Metrics;

/// <summary>Creates one appender per producer (each scrape loop owns one and reuses it from round to round).</summary>
internal interface IMetricAppenderFactory
{
    IMetricAppender Create();
}
