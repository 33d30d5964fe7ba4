namespace NodeCollector.Config;

/// <summary>Options of the netclass collector (node_exporter's <c>--collector.netclass.*</c>).</summary>
internal sealed record NetclassOptions
{
    public static readonly ConfigSchema<NetclassOptions> Schema = new ConfigSchema<NetclassOptions>()
        .Field("device_exclude", (o, r) => o.DeviceExclude = r.String())
        .Field("ignore_invalid_speed", (o, r) => o.IgnoreInvalidSpeed = r.Bool());

    /// <summary>Interfaces to skip (a regular expression); empty skips none, node_exporter's default.</summary>
    public string DeviceExclude { get; set; } = "";

    /// <summary>Leave out <c>node_network_speed_bytes</c> when the kernel reports an unknown speed (-1).</summary>
    public bool IgnoreInvalidSpeed { get; set; }
}
