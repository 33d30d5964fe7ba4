using YamlDotNet.RepresentationModel;

namespace NodeCollector.Config;

/// <summary>node_exporter-compatible host metrics, with node_exporter's exclusion defaults.</summary>
internal sealed record HostMetricsOptions
{
    public const string DefaultCollectors = "default";

    public static readonly ConfigSchema<HostMetricsOptions> Schema = new ConfigSchema<HostMetricsOptions>()
        .Field("enabled", (o, r) => o.Enabled = r.Bool())
        .Field("interval", (o, r) => o.Interval = r.Duration())
        .Field("job", (o, r) => o.Job = r.String())
        .Field("relabel_configs", (o, r) => o.RelabelConfigs = r.List(RelabelConfig.Schema))
        .Field("metric_relabel_configs", (o, r) => o.MetricRelabelConfigs = r.List(RelabelConfig.Schema))
        .Field("collectors", (o, r) => o.Collectors = r.Node is YamlScalarNode ? [r.String()] : r.StringList())
        .Field("collector_timeout", (o, r) => o.CollectorTimeout = r.Duration())
        .Field("filesystem", (o, r) => o.Filesystem = r.Object(FilesystemOptions.Schema))
        .Field("diskstats", (o, r) => o.Diskstats = r.Object(DiskstatsOptions.Schema))
        .Field("netdev", (o, r) => o.Netdev = r.Object(NetdevOptions.Schema))
        .Field("netclass", (o, r) => o.Netclass = r.Object(NetclassOptions.Schema))
        .Field("stat", (o, r) => o.Stat = r.Object(StatOptions.Schema))
        .Field("arp", (o, r) => o.Arp = r.Object(ArpOptions.Schema))
        .Field("hwmon", (o, r) => o.Hwmon = r.Object(HwmonOptions.Schema))
        .Field("textfile", (o, r) => o.Textfile = r.Object(TextfileOptions.Schema))
        .Field("bcache", (o, r) => o.Bcache = r.Object(BcacheOptions.Schema))
        .Field("udev_data_path", (o, r) => o.UdevDataPath = r.String());

    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The scrape job of the in-process host target: kube-prometheus' node-exporter job name, which the node-mixin's
    /// dashboards and alerts select on (Node Exporter Full offers every job in its variable).
    /// </summary>
    public string Job { get; set; } = "node-exporter";

    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; set; } = [];

    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; set; } = [];

    /// <summary><c>["default"]</c> for node_exporter's default set, or the collector names to run.</summary>
    public IReadOnlyList<string> Collectors { get; set; } = [DefaultCollectors];

    public TimeSpan CollectorTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public FilesystemOptions Filesystem { get; set; } = new();

    public DiskstatsOptions Diskstats { get; set; } = new();

    public NetdevOptions Netdev { get; set; } = new();

    public NetclassOptions Netclass { get; set; } = new();

    public StatOptions Stat { get; set; } = new();

    public ArpOptions Arp { get; set; } = new();

    public HwmonOptions Hwmon { get; set; } = new();

    public TextfileOptions Textfile { get; set; } = new();

    public BcacheOptions Bcache { get; set; } = new();

    /// <summary>The host's udev database; empty means <c>run/udev/data</c> under <c>node.rootfs</c>.</summary>
    public string UdevDataPath { get; set; } = "";

    public void Validate(ConfigProblems problems, string path)
    {
        problems.RequirePositive(path + ".interval", Interval);
        problems.RequirePositive(path + ".collector_timeout", CollectorTimeout);
        if (Job.Length == 0)
        {
            problems.Add(path + ".job", "job must not be empty");
        }

        RelabelConfig.ValidateAll(problems, path + ".relabel_configs", RelabelConfigs);
        RelabelConfig.ValidateAll(problems, path + ".metric_relabel_configs", MetricRelabelConfigs);

        RegexCheck.Validate(problems, path + ".filesystem.mount_points_exclude", Filesystem.MountPointsExclude);
        RegexCheck.Validate(problems, path + ".filesystem.fs_types_exclude", Filesystem.FsTypesExclude);
        RegexCheck.Validate(problems, path + ".diskstats.device_exclude", Diskstats.DeviceExclude);
        RegexCheck.Validate(problems, path + ".netdev.device_exclude", Netdev.DeviceExclude);
        RegexCheck.Validate(problems, path + ".netdev.device_include", Netdev.DeviceInclude);
        RegexCheck.Validate(problems, path + ".netclass.device_exclude", Netclass.DeviceExclude);
        RegexCheck.Validate(problems, path + ".arp.device_exclude", Arp.DeviceExclude);
        RegexCheck.Validate(problems, path + ".hwmon.chip_include", Hwmon.ChipInclude);
        RegexCheck.Validate(problems, path + ".hwmon.chip_exclude", Hwmon.ChipExclude);
        if (Filesystem.MountTimeout <= TimeSpan.Zero || Filesystem.MountTimeout >= CollectorTimeout)
        {
            problems.Add(path + ".filesystem.mount_timeout", "must be greater than 0s and less than collector_timeout, so that a stuck mount fails only itself");
        }

        ValidateCollectors(problems, path + ".collectors");
    }

    /// <summary>Every name must be <c>default</c>, a collector, or <c>-name</c> to leave a collector out of the ones before it.</summary>
    private void ValidateCollectors(ConfigProblems problems, string path)
    {
        for (var i = 0; i < Collectors.Count; i++)
        {
            var entry = Collectors[i];
            var name = entry.StartsWith('-') ? entry[1..] : entry;
            if (name != DefaultCollectors && !Host.HostCollectorRegistry.IsKnown(name))
            {
                problems.Add($"{path}[{i}]", $"unknown collector \"{entry}\" (known: default, {string.Join(", ", Host.HostCollectorRegistry.Names)}; prefix a name with - to leave it out)");
            }
        }
    }
}
