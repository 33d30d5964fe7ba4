namespace NodeCollector.Config;

/// <summary>Options of the stat collector (node_exporter's <c>--collector.stat.softirq</c>).</summary>
internal sealed record StatOptions
{
    public static readonly ConfigSchema<StatOptions> Schema = new ConfigSchema<StatOptions>()
        .Field("softirq", (o, r) => o.Softirq = r.Bool());

    /// <summary>Also export <c>node_softirqs_total{vector}</c>.</summary>
    public bool Softirq { get; set; }
}
