namespace NodeCollector.Config;

/// <summary>Options of the bcache collector (node_exporter's <c>--collector.bcache.priorityStats</c>).</summary>
internal sealed record BcacheOptions
{
    public static readonly ConfigSchema<BcacheOptions> Schema = new ConfigSchema<BcacheOptions>()
        .Field("priority_stats", (o, r) => o.PriorityStats = r.Bool());

    /// <summary>Also read each cache device's <c>priority_stats</c> (unused and metadata percent); costly on large caches.</summary>
    public bool PriorityStats { get; set; }
}
