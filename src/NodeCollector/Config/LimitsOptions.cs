namespace NodeCollector.Config;

/// <summary>Resource limits of the collector as a whole.</summary>
internal sealed record LimitsOptions
{
    public static readonly ConfigSchema<LimitsOptions> Schema = new ConfigSchema<LimitsOptions>()
        .Field("memory_budget", (o, r) => o.MemoryBudget = r.Bytes());

    /// <summary>All queues, batches and caches together.</summary>
    public long MemoryBudget { get; set; } = 256L << 20;

    public void Validate(ConfigProblems problems, string path)
    {
        if (MemoryBudget < 16L << 20)
        {
            problems.Add(path + ".memory_budget", "must be at least 16MiB");
        }
    }
}
