namespace NodeCollector.Config;

/// <summary>Which network devices the netdev collector skips; empty skips none.</summary>
internal sealed record NetdevOptions
{
    public static readonly ConfigSchema<NetdevOptions> Schema = new ConfigSchema<NetdevOptions>()
        .Field("device_exclude", (o, r) => o.DeviceExclude = r.String())
        .Field("device_include", (o, r) => o.DeviceInclude = r.String());

    public string DeviceExclude { get; set; } = "";

    /// <summary>Only these devices (a regular expression); empty means all. node_exporter's <c>--collector.netdev.device-include</c>.</summary>
    public string DeviceInclude { get; set; } = "";
}
