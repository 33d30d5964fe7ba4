namespace NodeCollector.Config;

/// <summary>Which network devices the netdev and netclass collectors skip; empty skips none.</summary>
internal sealed record NetdevOptions
{
    public static readonly ConfigSchema<NetdevOptions> Schema = new ConfigSchema<NetdevOptions>()
        .Field("device_exclude", (o, r) => o.DeviceExclude = r.String());

    public string DeviceExclude { get; set; } = "";
}
