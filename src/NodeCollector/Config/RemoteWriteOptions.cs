namespace NodeCollector.Config;

/// <summary>One Prometheus <c>remote_write</c> endpoint.</summary>
internal sealed record RemoteWriteOptions
{
    public static readonly ConfigSchema<RemoteWriteOptions> Schema = HttpClientOptions.AddTo(
        new ConfigSchema<RemoteWriteOptions>()
            .Field("url", (o, r) => o.Url = r.String())
            .Field("name", (o, r) => o.Name = r.String())
            .Field("remote_timeout", (o, r) => o.RemoteTimeout = r.Duration())
            .Field("headers", (o, r) => o.Headers = r.StringMap())
            .Field("write_relabel_configs", (o, r) => o.WriteRelabelConfigs = r.List(RelabelConfig.Schema))
            .Field("queue_config", (o, r) => o.Queue = r.Object(QueueOptions.Schema))
            .Field("metadata_config", (o, r) => o.Metadata = r.Object(MetadataOptions.Schema))
            .Field("tenant_id", (o, r) => o.TenantId = r.String()),
        o => o.Http);

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Encoding", "Content-Type", "X-Prometheus-Remote-Write-Version", "User-Agent", "Content-Length",
    };

    public string Url { get; set; } = "";

    public string Name { get; set; } = "";

    public TimeSpan RemoteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    public IReadOnlyList<RelabelConfig> WriteRelabelConfigs { get; set; } = [];

    public QueueOptions Queue { get; set; } = new();

    public MetadataOptions Metadata { get; set; } = new();

    /// <summary>Sent as <c>X-Scope-OrgID</c> (Mimir, Cortex) when not empty; wins over the same key in <c>headers</c>.</summary>
    public string TenantId { get; set; } = "";

    public HttpClientOptions Http { get; set; } = new();

    /// <summary>The <c>remote_name</c> label of the self-metrics and the progress file's name: <c>name</c>, or a hash of the URL.</summary>
    public string QueueName => Name.Length > 0 ? Name : "rw-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Url)))[..12];

    public void Validate(ConfigProblems problems, string path)
    {
        HttpUrl.Validate(problems, path + ".url", Url, required: true);
        problems.RequirePositive(path + ".remote_timeout", RemoteTimeout);

        Queue.Validate(problems, path + ".queue_config");
        Metadata.Validate(problems, path + ".metadata_config");
        foreach (var name in Headers.Keys)
        {
            if (ReservedHeaders.Contains(name))
            {
                problems.Add($"{path}.headers.{name}", $"\"{name}\" is set by the remote-write protocol and cannot be overridden");
            }
        }
        Http.Validate(problems, path);
        for (var i = 0; i < WriteRelabelConfigs.Count; i++)
        {
            WriteRelabelConfigs[i].Validate(problems, $"{path}.write_relabel_configs[{i}]");
        }
    }
}
