namespace NodeCollector.Config;

/// <summary>Access to the Kubernetes API: in-cluster by default, or a kubeconfig file outside a cluster.</summary>
internal sealed record KubernetesOptions
{
    public static readonly ConfigSchema<KubernetesOptions> Schema = new ConfigSchema<KubernetesOptions>()
        .Field("enabled", (o, r) => o.Enabled = r.Bool())
        .Field("kubeconfig", (o, r) => o.Kubeconfig = r.String())
        .Field("resync_backoff_max", (o, r) => o.ResyncBackoffMax = r.Duration());

    public bool Enabled { get; set; } = true;

    public string Kubeconfig { get; set; } = "";

    public TimeSpan ResyncBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate(ConfigProblems problems, string path)
    {
        problems.RequirePositive(path + ".resync_backoff_max", ResyncBackoffMax);
    }
}
