using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>selinux</c>: whether SELinux is enabled (selinuxfs under the host's <c>/sys/fs/selinux</c>), and
/// when it is, the configured mode (<c>etc/selinux/config</c> under the rootfs: enforcing 1, permissive 0, disabled -1)
/// and the current one (<c>enforce</c>).
/// </summary>
internal sealed class SelinuxCollector : IHostCollector
{
    private static readonly MetricFamily Enabled = new("node_selinux_enabled", "SELinux is enabled, 1 is true, 0 is false", MetricType.Gauge);
    private static readonly MetricFamily ConfigMode = new("node_selinux_config_mode", "Configured SELinux enforcement mode", MetricType.Gauge);
    private static readonly MetricFamily CurrentMode = new("node_selinux_current_mode", "Current SELinux enforcement mode", MetricType.Gauge);

    private readonly string _enforce;
    private readonly string _config;
    private readonly FileBuffer _file = new(1024);

    public SelinuxCollector(HostCollectorContext context)
    {
        _enforce = context.Sys("fs", "selinux", "enforce");
        _config = context.Root("etc", "selinux", "config");
    }

    public string Name => "selinux";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!_file.TryReadValue(_enforce, out var enforce, out _))
        {
            writer.WriteSingle(Enabled, 0);
            return true;
        }

        if (!Ascii.TryParseInt64(enforce, out var current))
        {
            failure = $"{_enforce}: not a number";
            return false;
        }

        writer.WriteSingle(Enabled, 1);
        writer.WriteSingle(ConfigMode, ConfiguredMode());
        writer.WriteSingle(CurrentMode, current);
        return true;
    }

    /// <summary>SELINUX= of the config file; a missing file or value counts as disabled (-1), as libselinux does.</summary>
    private int ConfiguredMode()
    {
        if (!_file.TryRead(_config, out var text, out _))
        {
            return -1;
        }

        while (Ascii.NextLine(ref text, out var line))
        {
            line = line.Trim(" \t\r"u8);
            if (line.StartsWith("SELINUX="u8))
            {
                var value = line["SELINUX="u8.Length..].Trim("\"' "u8);
                return value.SequenceEqual("enforcing"u8) ? 1 : value.SequenceEqual("permissive"u8) ? 0 : -1;
            }
        }

        return -1;
    }
}
