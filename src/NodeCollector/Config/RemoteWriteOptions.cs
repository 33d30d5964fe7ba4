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
            .Field("queue_config", (o, r) => o.Queue = r.Object(QueueOptions.Schema)),
        o => o.Http);

    public string Url { get; set; } = "";

    public string Name { get; set; } = "";

    public TimeSpan RemoteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    public IReadOnlyList<RelabelConfig> WriteRelabelConfigs { get; set; } = [];

    public QueueOptions Queue { get; set; } = new();

    public HttpClientOptions Http { get; set; } = new();

    public void Validate(ConfigProblems problems, string path)
    {
        HttpUrl.Validate(problems, path + ".url", Url, required: true);
        problems.RequirePositive(path + ".remote_timeout", RemoteTimeout);

        Queue.Validate(problems, path + ".queue_config");
        Http.Validate(problems, path);
        for (var i = 0; i < WriteRelabelConfigs.Count; i++)
        {
            WriteRelabelConfigs[i].Validate(problems, $"{path}.write_relabel_configs[{i}]");
        }
    }
}
