namespace NodeCollector.Config;

/// <summary>Prometheus' <c>kubernetes_sd_configs</c> entry; here always scoped to this node's pods.</summary>
internal sealed record KubernetesSdConfig
{
    public static readonly ConfigSchema<KubernetesSdConfig> Schema = new ConfigSchema<KubernetesSdConfig>()
        .Field("role", (o, r) => o.Role = r.String());

    public string Role { get; set; } = "pod";

    public void Validate(ConfigProblems problems, string path)
    {
        if (Role != "pod")
        {
            problems.Add(path + ".role", $"role \"{Role}\" is not supported on a node agent (expected pod)");
        }
    }
}
