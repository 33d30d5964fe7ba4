namespace NodeCollector.Config;

/// <summary>Scraping the kubelet of this node (cAdvisor and friends) over verified TLS.</summary>
internal sealed record KubeletOptions
{
    public static readonly ConfigSchema<KubeletOptions> Schema = new ConfigSchema<KubeletOptions>()
        .Field("enabled", (o, r) => o.Enabled = r.Bool())
        .Field("address", (o, r) => o.Address = r.String())
        .Field("bearer_token_file", (o, r) => o.BearerTokenFile = r.String())
        .Field("tls_config", (o, r) => o.Tls = r.Object(TlsOptions.Schema))
        .Field("paths", (o, r) => o.Paths = r.StringList())
        .Field("metric_relabel_configs", (o, r) => o.MetricRelabelConfigs = r.List(RelabelConfig.Schema));

    public bool Enabled { get; set; } = true;

    /// <summary>host:port; empty means this node's InternalIP from the API, port 10250.</summary>
    public string Address { get; set; } = "";

    public string BearerTokenFile { get; set; } = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public TlsOptions Tls { get; set; } = new() { CaFile = "/host/root/var/lib/rancher/k3s/agent/server-ca.crt" };

    public IReadOnlyList<string> Paths { get; set; } = ["/metrics/cadvisor"];

    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; set; } = [];

    public void Validate(ConfigProblems problems, string path)
    {
        Tls.Validate(problems, path + ".tls_config");
        for (var i = 0; i < Paths.Count; i++)
        {
            if (!Paths[i].StartsWith('/'))
            {
                problems.Add($"{path}.paths[{i}]", $"\"{Paths[i]}\" must start with /");
            }
        }

        for (var i = 0; i < MetricRelabelConfigs.Count; i++)
        {
            MetricRelabelConfigs[i].Validate(problems, $"{path}.metric_relabel_configs[{i}]");
        }
    }
}
