using YamlDotNet.RepresentationModel;

namespace NodeCollector.Config;

/// <summary>node_exporter-compatible host metrics, with node_exporter's exclusion defaults.</summary>
internal sealed record HostMetricsOptions
{
    public const string DefaultCollectors = "default";

    public static readonly ConfigSchema<HostMetricsOptions> Schema = new ConfigSchema<HostMetricsOptions>()
        .Field("enabled", (o, r) => o.Enabled = r.Bool())
        .Field("interval", (o, r) => o.Interval = r.Duration())
        .Field("collectors", (o, r) => o.Collectors = r.Node is YamlScalarNode ? [r.String()] : r.StringList())
        .Field("collector_timeout", (o, r) => o.CollectorTimeout = r.Duration())
        .Field("filesystem", (o, r) => o.Filesystem = r.Object(FilesystemOptions.Schema))
        .Field("diskstats", (o, r) => o.Diskstats = r.Object(DiskstatsOptions.Schema))
        .Field("netdev", (o, r) => o.Netdev = r.Object(NetdevOptions.Schema));

    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>["default"]</c> for node_exporter's default set, or the collector names to run.</summary>
    public IReadOnlyList<string> Collectors { get; set; } = [DefaultCollectors];

    public TimeSpan CollectorTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public FilesystemOptions Filesystem { get; set; } = new();

    public DiskstatsOptions Diskstats { get; set; } = new();

    public NetdevOptions Netdev { get; set; } = new();

    public void Validate(ConfigProblems problems, string path)
    {
        problems.RequirePositive(path + ".interval", Interval);
        problems.RequirePositive(path + ".collector_timeout", CollectorTimeout);

        RegexCheck.Validate(problems, path + ".filesystem.mount_points_exclude", Filesystem.MountPointsExclude);
        RegexCheck.Validate(problems, path + ".filesystem.fs_types_exclude", Filesystem.FsTypesExclude);
        RegexCheck.Validate(problems, path + ".diskstats.device_exclude", Diskstats.DeviceExclude);
        RegexCheck.Validate(problems, path + ".netdev.device_exclude", Netdev.DeviceExclude);
    }
}
