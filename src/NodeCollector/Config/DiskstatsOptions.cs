namespace NodeCollector.Config;

/// <summary>Which block devices the diskstats collector skips (node_exporter's default: partitions, ram, loop, floppy).</summary>
internal sealed record DiskstatsOptions
{
    public const string DefaultDeviceExclude = "^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";

    public static readonly ConfigSchema<DiskstatsOptions> Schema = new ConfigSchema<DiskstatsOptions>()
        .Field("device_exclude", (o, r) => o.DeviceExclude = r.String());

    public string DeviceExclude { get; set; } = DefaultDeviceExclude;
}
