namespace NodeCollector.Config;

/// <summary>The Loki client, shaped like Promtail's <c>clients</c> entry.</summary>
internal sealed record LokiOptions
{
    public static readonly ConfigSchema<LokiOptions> Schema = HttpClientOptions.AddTo(
        new ConfigSchema<LokiOptions>()
            .Field("url", (o, r) => o.Url = r.String())
            .Field("tenant_id", (o, r) => o.TenantId = r.String())
            .Field("batch_size", (o, r) => o.BatchSize = r.Bytes())
            .Field("batch_wait", (o, r) => o.BatchWait = r.Duration())
            .Field("max_streams", (o, r) => o.MaxStreams = r.Int())
            .Field("min_backoff", (o, r) => o.MinBackoff = r.Duration())
            .Field("max_backoff", (o, r) => o.MaxBackoff = r.Duration())
            .Field("timeout", (o, r) => o.Timeout = r.Duration())
            .Field("buffer_size", (o, r) => o.BufferSize = r.Bytes())
            .Field("headers", (o, r) => o.Headers = r.StringMap()),
        o => o.Http);

    public string Url { get; set; } = "";

    public string TenantId { get; set; } = "";

    public long BatchSize { get; set; } = 1 << 20;

    public TimeSpan BatchWait { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxStreams { get; set; } = 10000;

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All log bytes held for Loki (batches filling, waiting and in flight); tailers wait when it is full.</summary>
    public long BufferSize { get; set; } = 4L << 20;

    /// <summary>Extra request headers; the protocol's own and <c>X-Scope-OrgID</c> (from <c>tenant_id</c>) win.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    public HttpClientOptions Http { get; set; } = new();

    public void Validate(ConfigProblems problems, string path)
    {
        HttpUrl.Validate(problems, path + ".url", Url, required: false);
        if (BatchSize <= 0 || MaxStreams <= 0)
        {
            problems.Add(path, "batch_size and max_streams must be greater than 0");
        }

        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff)
        {
            problems.Add(path + ".max_backoff", "need 0 < min_backoff <= max_backoff");
        }

        if (BufferSize < BatchSize)
        {
            problems.Add(path + ".buffer_size", $"must be at least batch_size ({BatchSize} bytes)");
        }

        foreach (var name in Headers.Keys)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{path}.headers.{name}", $"\"{name}\" is set by the push protocol and cannot be overridden");
            }
        }

        problems.RequirePositive(path + ".batch_wait", BatchWait);
        problems.RequirePositive(path + ".timeout", Timeout);

        Http.Validate(problems, path);
    }
}
