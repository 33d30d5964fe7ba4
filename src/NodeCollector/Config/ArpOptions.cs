namespace NodeCollector.Config;

/// <summary>Options of the arp collector (node_exporter's <c>--collector.arp.device-exclude</c>).</summary>
internal sealed record ArpOptions
{
    public static readonly ConfigSchema<ArpOptions> Schema = new ConfigSchema<ArpOptions>()
        .Field("device_exclude", (o, r) => o.DeviceExclude = r.String());

    /// <summary>Devices to skip (a regular expression); empty skips none.</summary>
    public string DeviceExclude { get; set; } = "";
}
