namespace NodeCollector.Config;

/// <summary>Prometheus' <c>static_configs</c> entry: fixed targets with extra labels.</summary>
internal sealed record StaticConfig
{
    public static readonly ConfigSchema<StaticConfig> Schema = new ConfigSchema<StaticConfig>()
        .Field("targets", (o, r) => o.Targets = r.StringList())
        .Field("labels", (o, r) => o.Labels = r.StringMap());

    public IReadOnlyList<string> Targets { get; set; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
}
