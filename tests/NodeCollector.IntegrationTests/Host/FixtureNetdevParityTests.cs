using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Host;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Host;

/// <summary>
/// netdev on our composed <c>/proc/net/dev</c> (hostmocks/ParityNode; node_exporter's fixture has none and its own
/// test reads netlink): node_exporter 1.5 run on the same tree with <c>--no-collector.netdev.netlink</c> writes the
/// same families, HELP, TYPE, series and values.
/// </summary>
public sealed class FixtureNetdevParityTests
{
    [ToolFact(NodeExporterProcess.Binary, "prometheus-node-exporter")]
    public async Task Netdev_equals_node_exporter_on_the_composed_proc_net_dev()
    {
        Assert.True(File.Exists(RepoPaths.Fixture("node_exporter", "sys.ttar")) || !RepoPaths.UnderCi, "fixtures missing");
        if (!File.Exists(RepoPaths.Fixture("node_exporter", "sys.ttar")))
        {
            return;
        }

        using var exporter = await NodeExporterProcess.StartAsync(
            ["--path.procfs=" + FixtureTree.Procfs, "--path.sysfs=" + FixtureTree.Sysfs, "--collector.disable-defaults", "--collector.netdev",
             "--no-collector.netdev.netlink", "--collector.netdev.device-exclude=^$"]);
        var theirs = Exposition.Parse(await exporter.ScrapeAsync());
        var context = new HostCollectorContext(FixtureTree.Procfs, FixtureTree.Sysfs, FixtureTree.Root, new HostMetricsOptions(), TimeProvider.System);
        var ours = Exposition.Parse(Exposition.Render(new HostMetricSource(HostCollectorRegistry.Create(["netdev"], context), TimeSpan.FromSeconds(5), NullLogger.Instance)));

        var families = theirs.Keys.Where(k => k.StartsWith("node_network_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(16, families.Count);
        Assert.Equal(families, ours.Keys.Where(k => k.StartsWith("node_network_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(families, f => Assert.Equal(theirs[f].Text, ours[f].Text));
    }
}
