namespace NodeCollector.Config;

/// <summary>Remote write's <c>queue_config</c>, with Prometheus' defaults except that 429 is retried.</summary>
internal sealed record QueueOptions
{
    public static readonly ConfigSchema<QueueOptions> Schema = new ConfigSchema<QueueOptions>()
        .Field("capacity", (o, r) => o.Capacity = r.Int())
        .Field("min_shards", (o, r) => o.MinShards = r.Int())
        .Field("max_shards", (o, r) => o.MaxShards = r.Int())
        .Field("max_samples_per_send", (o, r) => o.MaxSamplesPerSend = r.Int())
        .Field("batch_send_deadline", (o, r) => o.BatchSendDeadline = r.Duration())
        .Field("min_backoff", (o, r) => o.MinBackoff = r.Duration())
        .Field("max_backoff", (o, r) => o.MaxBackoff = r.Duration())
        .Field("retry_on_http_429", (o, r) => o.RetryOnHttp429 = r.Bool());

    public int Capacity { get; set; } = 10000;

    public int MinShards { get; set; } = 1;

    public int MaxShards { get; set; } = 50;

    public int MaxSamplesPerSend { get; set; } = 2000;

    public TimeSpan BatchSendDeadline { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public bool RetryOnHttp429 { get; set; } = true;

    public void Validate(ConfigProblems problems, string path)
    {
        if (Capacity <= 0 || MaxSamplesPerSend <= 0)
        {
            problems.Add(path, "capacity and max_samples_per_send must be greater than 0");
        }

        if (MinShards < 1 || MaxShards < MinShards)
        {
            problems.Add(path + ".max_shards", $"need 1 <= min_shards ({MinShards}) <= max_shards ({MaxShards})");
        }

        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff)
        {
            problems.Add(path + ".max_backoff", "need 0 < min_backoff <= max_backoff");
        }

        problems.RequirePositive(path + ".batch_send_deadline", BatchSendDeadline);
    }
}
