namespace NodeCollector.Config;

/// <summary>Remote write's <c>metadata_config</c>: whether and how often metric metadata (type, help, unit) is sent.</summary>
internal sealed record MetadataOptions
{
    public static readonly ConfigSchema<MetadataOptions> Schema = new ConfigSchema<MetadataOptions>()
        .Field("send", (o, r) => o.Send = r.Bool())
        .Field("send_interval", (o, r) => o.SendInterval = r.Duration())
        .Field("max_samples_per_send", (o, r) => o.MaxSamplesPerSend = r.Int());

    public bool Send { get; set; } = true;

    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int MaxSamplesPerSend { get; set; } = 2000;

    public void Validate(ConfigProblems problems, string path)
    {
        problems.RequirePositive(path + ".send_interval", SendInterval);
        if (MaxSamplesPerSend <= 0)
        {
            problems.Add(path + ".max_samples_per_send", "must be greater than 0");
        }
    }
}
