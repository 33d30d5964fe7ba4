namespace NodeCollector.Config;

/// <summary>The whole configuration file. Every key has a safe default; only node.name must be given when Kubernetes is on.</summary>
internal sealed record CollectorConfig
{
    public static readonly ConfigSchema<CollectorConfig> Schema = new ConfigSchema<CollectorConfig>()
        .Field("server", (o, r) => o.Server = r.Object(ServerOptions.Schema))
        .Field("node", (o, r) => o.Node = r.Object(NodeOptions.Schema))
        .Field("kubernetes", (o, r) => o.Kubernetes = r.Object(KubernetesOptions.Schema))
        .Field("global", (o, r) => o.Global = r.Object(GlobalOptions.Schema))
        .Field("host_metrics", (o, r) => o.HostMetrics = r.Object(HostMetricsOptions.Schema))
        .Field("self_metrics", (o, r) => o.SelfMetrics = r.Object(SelfMetricsOptions.Schema))
        .Field("kubelet", (o, r) => o.Kubelet = r.Object(KubeletOptions.Schema))
        .Field("scrape_configs", (o, r) => o.ScrapeConfigs = r.List(ScrapeConfig.Schema))
        .Field("remote_write", (o, r) => o.RemoteWrite = r.List(RemoteWriteOptions.Schema))
        .Field("wal", (o, r) => o.Wal = r.Object(WalOptions.Schema))
        .Field("logs", (o, r) => o.Logs = r.Object(LogsOptions.Schema))
        .Field("loki", (o, r) => o.Loki = r.Object(LokiOptions.Schema))
        .Field("limits", (o, r) => o.Limits = r.Object(LimitsOptions.Schema));

    public ServerOptions Server { get; set; } = new();

    public NodeOptions Node { get; set; } = new();

    public KubernetesOptions Kubernetes { get; set; } = new();

    public GlobalOptions Global { get; set; } = new();

    public HostMetricsOptions HostMetrics { get; set; } = new();

    public SelfMetricsOptions SelfMetrics { get; set; } = new();

    public KubeletOptions Kubelet { get; set; } = new();

    public IReadOnlyList<ScrapeConfig> ScrapeConfigs { get; set; } = [];

    public IReadOnlyList<RemoteWriteOptions> RemoteWrite { get; set; } = [];

    public WalOptions Wal { get; set; } = new();

    public LogsOptions Logs { get; set; } = new();

    public LokiOptions Loki { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    public void Validate(ConfigProblems problems)
    {
        Server.Validate(problems, "server");
        Node.Validate(problems, "node");
        Kubernetes.Validate(problems, "kubernetes");
        Global.Validate(problems, "global");
        HostMetrics.Validate(problems, "host_metrics");
        SelfMetrics.Validate(problems, "self_metrics");
        Kubelet.Validate(problems, "kubelet");
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        if (HostMetrics.Enabled)
        {
            jobs.Add(HostMetrics.Job);
        }

        if (SelfMetrics.Enabled && !jobs.Add(SelfMetrics.Job))
        {
            problems.Add("self_metrics.job", $"job \"{SelfMetrics.Job}\" is also host_metrics.job");
        }

        for (var i = 0; i < ScrapeConfigs.Count; i++)
        {
            var path = $"scrape_configs[{i}]";
            ScrapeConfigs[i].Validate(problems, path, Global);
            if (ScrapeConfigs[i].JobName.Length > 0 && !jobs.Add(ScrapeConfigs[i].JobName))
            {
                problems.Add(path + ".job_name", $"job_name \"{ScrapeConfigs[i].JobName}\" is used twice");
            }
        }

        for (var i = 0; i < RemoteWrite.Count; i++)
        {
            RemoteWrite[i].Validate(problems, $"remote_write[{i}]");
        }

        Wal.Validate(problems, "wal");
        Logs.Validate(problems, "logs");
        Loki.Validate(problems, "loki");
        Limits.Validate(problems, "limits");
        MemoryBudgetPlan.Validate(this, problems);
        if (Kubernetes.Enabled && Node.Name.Length == 0)
        {
            problems.Add("node.name", "node.name is required when kubernetes.enabled is true (the chart sets it from NODE_NAME)");
        }
    }
}
