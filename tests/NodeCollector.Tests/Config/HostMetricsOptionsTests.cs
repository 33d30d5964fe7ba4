using NodeCollector.Config;
using NodeCollector.Host;

namespace NodeCollector.Tests.Config;

public class HostMetricsOptionsTests
{
    [Fact]
    public void Host_keys_bind_with_node_exporter_defaults()
    {
        var options = Load("host_metrics:\n  collectors: default\n").Config!.HostMetrics;

        Assert.Equal(TimeSpan.FromSeconds(4), options.Filesystem.MountTimeout);
        Assert.Equal("", options.Netclass.DeviceExclude);
        Assert.False(options.Netclass.IgnoreInvalidSpeed);
        Assert.False(options.Stat.Softirq);
        Assert.Equal(TextfileOptions.DefaultDirectory, options.Textfile.Directory);
        Assert.Equal("", options.UdevDataPath);
    }

    [Fact]
    public void Every_host_key_is_read()
    {
        var options = Load("""
            host_metrics:
              collectors: [default, -cpu, textfile]
              filesystem:
                mount_timeout: 2s
              netdev:
                device_exclude: ^veth
                device_include: ^eth
              netclass:
                device_exclude: ^(dmz|int)$
                ignore_invalid_speed: true
              arp:
                device_exclude: nope
              stat:
                softirq: true
              hwmon:
                chip_include: coretemp
                chip_exclude: nct
              textfile:
                directory: /tmp/textfile
              udev_data_path: /host/root/run/udev/data
            """).Config!.HostMetrics;

        Assert.Equal(["default", "-cpu", "textfile"], options.Collectors);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Filesystem.MountTimeout);
        Assert.Equal("^veth", options.Netdev.DeviceExclude);
        Assert.Equal("^eth", options.Netdev.DeviceInclude);
        Assert.Equal("^(dmz|int)$", options.Netclass.DeviceExclude);
        Assert.True(options.Netclass.IgnoreInvalidSpeed);
        Assert.Equal("nope", options.Arp.DeviceExclude);
        Assert.True(options.Stat.Softirq);
        Assert.Equal("coretemp", options.Hwmon.ChipInclude);
        Assert.Equal("nct", options.Hwmon.ChipExclude);
        Assert.Equal("/tmp/textfile", options.Textfile.Directory);
        Assert.Equal("/host/root/run/udev/data", options.UdevDataPath);
    }

    [Fact]
    public void An_unknown_collector_fails_naming_the_key_and_its_line()
    {
        var problems = Load("host_metrics:\n  collectors: [cpu, cpuu, -memory]\n").Problems;

        Assert.Contains(problems, p => p.KeyPath == "host_metrics.collectors[1]" && p.Line == 4 && p.Message.Contains("unknown collector \"cpuu\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.KeyPath == "host_metrics.collectors[2]" && p.Message.Contains("\"-memory\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mount_timeout_not_below_the_collector_timeout_is_refused()
    {
        var problems = Load("host_metrics:\n  collector_timeout: 5s\n  filesystem:\n    mount_timeout: 5s\n").Problems;

        Assert.Contains(problems, p => p.KeyPath == "host_metrics.filesystem.mount_timeout");
    }

    [Fact]
    public void Bad_patterns_are_refused_with_their_key()
    {
        var problems = Load("host_metrics:\n  netclass:\n    device_exclude: \"(\"\n  arp:\n    device_exclude: \"[\"\n").Problems;

        Assert.Contains(problems, p => p.KeyPath == "host_metrics.netclass.device_exclude");
        Assert.Contains(problems, p => p.KeyPath == "host_metrics.arp.device_exclude");
    }

    [Fact]
    public void Collector_lists_resolve_default_additions_and_removals()
    {
        Assert.Equal(HostCollectorRegistry.DefaultNames, HostCollectorRegistry.Resolve(["default"]));
        Assert.DoesNotContain("cpu", HostCollectorRegistry.Resolve(["default", "-cpu"]));
        Assert.Equal(["cpu", "meminfo"], HostCollectorRegistry.Resolve(["meminfo", "cpu"]));
    }

    private static ConfigLoadResult Load(string yaml) =>
        ConfigLoader.Load("kubernetes:\n  enabled: false\n" + yaml, "config.yaml", _ => null);
}
