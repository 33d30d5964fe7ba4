namespace NodeCollector.Config;

/// <summary>
/// The collector's own metrics (process, remote write, WAL, scraping) as an in-process scrape target, like
/// Prometheus scraping itself: appended for remote write under <c>job</c>, <c>instance</c> = the node name.
/// </summary>
internal sealed record SelfMetricsOptions
{
    public static readonly ConfigSchema<SelfMetricsOptions> Schema = new ConfigSchema<SelfMetricsOptions>()
        .Field("enabled", (o, r) => o.Enabled = r.Bool())
        .Field("job", (o, r) => o.Job = r.String())
        .Field("scrape_interval", (o, r) => o.ScrapeInterval = r.Duration())
        .Field("metric_relabel_configs", (o, r) => o.MetricRelabelConfigs = r.List(RelabelConfig.Schema));

    public bool Enabled { get; set; } = true;

    public string Job { get; set; } = "nodecollector";

    /// <summary>Null: <c>global.scrape_interval</c>.</summary>
    public TimeSpan? ScrapeInterval { get; set; }

    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; set; } = [];

    public void Validate(ConfigProblems problems, string path)
    {
        if (Job.Length == 0)
        {
            problems.Add(path + ".job", "job must not be empty");
        }

        if (ScrapeInterval is { } interval)
        {
            problems.RequirePositive(path + ".scrape_interval", interval);
        }

        RelabelConfig.ValidateAll(problems, path + ".metric_relabel_configs", MetricRelabelConfigs);
    }
}
