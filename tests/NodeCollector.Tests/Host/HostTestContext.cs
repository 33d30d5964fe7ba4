using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Host;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>Collector contexts and sources for tests.</summary>
internal static class HostTestContext
{
    /// <summary>The options node_exporter's end-to-end run passes (fixtures/node_exporter/README.md), in our keys.</summary>
    public static HostMetricsOptions FixtureRunOptions() => new()
    {
        Stat = new StatOptions { Softirq = true },
        Bcache = new BcacheOptions { PriorityStats = true },
        Arp = new ArpOptions { DeviceExclude = "nope" },
        Hwmon = new HwmonOptions { ChipInclude = "(applesmc|asus_nb_wmi|coretemp|hwmon4|ieee80211|nct6779)" },
        UdevDataPath = Path.Combine(FixtureTree.Root, "udev", "data"),
        Netclass = new NetclassOptions { DeviceExclude = "(dmz|int)", IgnoreInvalidSpeed = true },
        Textfile = new TextfileOptions { Directory = RepoPaths.Fixture("node_exporter", "textfile", "two_metric_files") },
    };

    public static HostCollectorContext For(string root, HostMetricsOptions? options = null, TimeProvider? time = null) =>
        new(Path.Combine(root, "proc"), Path.Combine(root, "sys"), root, options ?? new HostMetricsOptions(), time ?? TimeProvider.System);

    public static HostMetricSource Source(HostCollectorContext context, IEnumerable<string>? collectors = null, TimeSpan? timeout = null) =>
        new(HostCollectorRegistry.Create(collectors ?? ["default"], context), timeout ?? TimeSpan.FromSeconds(10), NullLogger.Instance);
}
