namespace NodeCollector.Config;

/// <summary>One Prometheus <c>scrape_config</c>. Unset interval and timeout fall back to <c>global</c>.</summary>
internal sealed record ScrapeConfig
{
    public static readonly ConfigSchema<ScrapeConfig> Schema = HttpClientOptions.AddTo(
        new ConfigSchema<ScrapeConfig>()
            .Field("job_name", (o, r) => o.JobName = r.String())
            .Field("scrape_interval", (o, r) => o.ScrapeInterval = r.Duration())
            .Field("scrape_timeout", (o, r) => o.ScrapeTimeout = r.Duration())
            .Field("metrics_path", (o, r) => o.MetricsPath = r.String())
            .Field("scheme", (o, r) => o.Scheme = r.String())
            .Field("params", (o, r) => o.Params = r.Map(v => v.StringList()))
            .Field("honor_labels", (o, r) => o.HonorLabels = r.Bool())
            .Field("honor_timestamps", (o, r) => o.HonorTimestamps = r.Bool())
            .Field("track_timestamps_staleness", (o, r) => o.TrackTimestampsStaleness = r.Bool())
            .Field("sample_limit", (o, r) => o.SampleLimit = r.Int())
            .Field("label_limit", (o, r) => o.LabelLimit = r.Int())
            .Field("body_size_limit", (o, r) => o.BodySizeLimit = r.Bytes())
            .Field("static_configs", (o, r) => o.StaticConfigs = r.List(StaticConfig.Schema))
            .Field("kubernetes_sd_configs", (o, r) => o.KubernetesSdConfigs = r.List(KubernetesSdConfig.Schema))
            .Field("relabel_configs", (o, r) => o.RelabelConfigs = r.List(RelabelConfig.Schema))
            .Field("metric_relabel_configs", (o, r) => o.MetricRelabelConfigs = r.List(RelabelConfig.Schema)),
        o => o.Http);

    public string JobName { get; set; } = "";

    public TimeSpan? ScrapeInterval { get; set; }

    public TimeSpan? ScrapeTimeout { get; set; }

    public string MetricsPath { get; set; } = "/metrics";

    public string Scheme { get; set; } = "http";

    /// <summary>URL parameters, as in Prometheus: <c>params: {module: [http_2xx]}</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Params { get; set; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool HonorLabels { get; set; }

    public bool HonorTimestamps { get; set; } = true;

    /// <summary>Stale markers also for series that carry their own timestamps (Prometheus' default: false).</summary>
    public bool TrackTimestampsStaleness { get; set; }

    public int SampleLimit { get; set; }

    public int LabelLimit { get; set; }

    public long BodySizeLimit { get; set; }

    public HttpClientOptions Http { get; set; } = new();

    public IReadOnlyList<StaticConfig> StaticConfigs { get; set; } = [];

    public IReadOnlyList<KubernetesSdConfig> KubernetesSdConfigs { get; set; } = [];

    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; set; } = [];

    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; set; } = [];

    public void Validate(ConfigProblems problems, string path, GlobalOptions global)
    {
        if (JobName.Length == 0)
        {
            problems.Add(path + ".job_name", "job_name is required");
        }

        if (Scheme is not ("http" or "https"))
        {
            problems.Add(path + ".scheme", $"\"{Scheme}\" is not http or https");
        }

        if (!MetricsPath.StartsWith('/'))
        {
            problems.Add(path + ".metrics_path", $"\"{MetricsPath}\" must start with /");
        }

        var interval = ScrapeInterval ?? global.ScrapeInterval;
        var timeout = ScrapeTimeout ?? TimeSpan.FromTicks(Math.Min(global.ScrapeTimeout.Ticks, interval.Ticks));
        if (interval <= TimeSpan.Zero)
        {
            problems.Add(path + ".scrape_interval", "must be greater than 0s");
        }
        else if (timeout > interval)
        {
            problems.Add(path + ".scrape_timeout", $"{PromDuration.Format(timeout)} is longer than scrape_interval {PromDuration.Format(interval)}");
        }

        if (SampleLimit < 0 || LabelLimit < 0 || BodySizeLimit < 0)
        {
            problems.Add(path, "sample_limit, label_limit and body_size_limit must not be negative");
        }

        Http.Validate(problems, path);
        for (var i = 0; i < KubernetesSdConfigs.Count; i++)
        {
            KubernetesSdConfigs[i].Validate(problems, $"{path}.kubernetes_sd_configs[{i}]");
        }

        for (var i = 0; i < RelabelConfigs.Count; i++)
        {
            RelabelConfigs[i].Validate(problems, $"{path}.relabel_configs[{i}]");
        }

        for (var i = 0; i < MetricRelabelConfigs.Count; i++)
        {
            MetricRelabelConfigs[i].Validate(problems, $"{path}.metric_relabel_configs[{i}]");
        }
    }
}
