using System.Text.RegularExpressions;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>
/// Every family our collectors emit on node_exporter's fixture tree equals node_exporter's expected output
/// (e2e-output.txt): name, HELP, TYPE, label sets and values. Families listed in TestData/deliberate-differences.txt
/// are compared there instead, each with its reason; families of our collectors that node_exporter has and we lack fail.
/// </summary>
public sealed class FixtureParityTests
{
    // The skip list of node_exporter's end-to-end test (fixtures/node_exporter/README.md).
    private static readonly string[] SkipPrefixes =
    [
        "go_", "node_exporter_build_info", "node_scrape_collector_duration_seconds", "process_", "node_textfile_mtime_seconds",
        "node_time_zone", "node_time_seconds", "node_network_receive_bytes_total", "node_network_receive_packets_total",
        "node_network_transmit_bytes_total", "node_network_transmit_packets_total",
    ];

    // What node_exporter's end-to-end run leaves out (filesystem, uname, timex, selinux) or reads from the test machine instead of
    // the fixture (netdev uses netlink there); ParityNodeTests cover these against our own composed files.
    private static readonly string[] Collectors = ["default", "-filesystem", "-uname", "-timex", "-netdev", "-selinux"];

    [FixtureFact("node_exporter/e2e-output.txt")]
    public void Families_equal_node_exporters_expected_output()
    {
        var expected = Exposition.Parse(File.ReadAllText(RepoPaths.Fixture("node_exporter", "e2e-output.txt")), SkipPrefixes);
        var context = HostTestContext.For(FixtureTree.Root, HostTestContext.FixtureRunOptions());
        var ours = Exposition.Parse(Exposition.Render(HostTestContext.Source(context, Collectors)), SkipPrefixes);
        var deliberate = DeliberateDifferences.Load();

        var problems = new List<string>();
        foreach (var (name, family) in ours)
        {
            if (name == "node_scrape_collector_success")
            {
                continue;
            }

            if (deliberate.ContainsKey(name))
            {
                continue;
            }

            var text = NormalizeTextfileHelp(family.Text);
            if (!expected.TryGetValue(name, out var want))
            {
                problems.Add($"{name}: not in node_exporter's output");
            }
            else if (want.Text != text)
            {
                problems.Add($"{name}: differs\n--- node_exporter\n{want.Text}--- ours\n{text}");
            }
        }

        foreach (var (collector, families) in CollectorFamilies.Patterns)
        {
            if (!ours.TryGetValue("node_scrape_collector_success", out var success) || !success.Samples.Contains($"node_scrape_collector_success{{collector=\"{collector}\"}} 1"))
            {
                problems.Add($"collector {collector} did not succeed on the fixture tree");
                continue;
            }

            foreach (var name in expected.Keys.Where(n => families.IsMatch(n) && !ours.ContainsKey(n) && !deliberate.ContainsKey(n)))
            {
                problems.Add($"{name}: node_exporter's {collector} has it, ours does not");
            }
        }

        foreach (var name in deliberate.Keys.Where(n => ours.TryGetValue(n, out var f) && expected.TryGetValue(n, out var e) && e.Text == NormalizeTextfileHelp(f.Text)))
        {
            problems.Add($"{name}: listed as a deliberate difference but equal; remove it from the list");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Our success series equal node_exporter's for every collector we implement.</summary>
    [FixtureFact("node_exporter/e2e-output.txt")]
    public void Every_collector_succeeds_as_in_node_exporters_run()
    {
        var context = HostTestContext.For(FixtureTree.Root, HostTestContext.FixtureRunOptions());
        var ours = Exposition.Parse(Exposition.Render(HostTestContext.Source(context, Collectors)));
        var failed = ours["node_scrape_collector_success"].Samples.Where(s => !s.EndsWith(" 1", StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    // Paths in values are the ones each was given: node_exporter's run had collector/fixtures/…, we have the shared
    // fixture (textfile HELP) and the unpacked tree (rapl's path label).
    private static string NormalizeTextfileHelp(string text) =>
        text.Replace(RepoPaths.Fixture("node_exporter") + "/", "collector/fixtures/", StringComparison.Ordinal)
            .Replace(FixtureTree.Sysfs + "/", "collector/fixtures/sys/", StringComparison.Ordinal);
}

/// <summary>TestData/deliberate-differences.txt: <c>family&lt;TAB&gt;reason</c> per line, <c>#</c> comments.</summary>
internal static class DeliberateDifferences
{
    public static Dictionary<string, string> Load() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Host", "TestData", "deliberate-differences.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
}

/// <summary>Which of node_exporter's families each collector owns, to find families we lack.</summary>
internal static class CollectorFamilies
{
    public static readonly IReadOnlyDictionary<string, Regex> Patterns = new Dictionary<string, Regex>
    {
        ["arp"] = new("^node_arp_"),
        ["bcache"] = new("^node_bcache_"),
        ["bonding"] = new("^node_bonding_"),
        ["btrfs"] = new("^node_btrfs_"),
        ["conntrack"] = new("^node_nf_conntrack_"),
        ["cpu"] = new("^node_cpu_(seconds_total|guest_seconds_total|isolated|core_throttles_total|package_throttles_total|info|flag_info|bug_info|frequency_hertz)$"),
        ["cpufreq"] = new("^node_cpu_(scaling_|frequency_(max|min)_hertz)"),
        ["diskstats"] = new("^node_disk_"),
        ["dmi"] = new("^node_dmi_"),
        ["edac"] = new("^node_edac_"),
        ["entropy"] = new("^node_entropy_"),
        ["fibrechannel"] = new("^node_fibrechannel_"),
        ["filefd"] = new("^node_filefd_"),
        ["hwmon"] = new("^node_hwmon_"),
        ["infiniband"] = new("^node_infiniband_"),
        ["ipvs"] = new("^node_ipvs_"),
        ["loadavg"] = new("^node_load"),
        ["mdadm"] = new("^node_md_"),
        ["meminfo"] = new("^node_memory_(?!numa_)"),
        ["netclass"] = new("^node_network_(?!(receive|transmit)_[a-z]+_total$)"),
        ["netstat"] = new("^node_netstat_"),
        ["nfs"] = new("^node_nfs_"),
        ["nfsd"] = new("^node_nfsd_"),
        ["nvme"] = new("^node_nvme_"),
        ["os"] = new("^node_os_"),
        ["powersupplyclass"] = new("^node_power_supply_"),
        ["pressure"] = new("^node_pressure_"),
        ["rapl"] = new("^node_rapl_"),
        ["schedstat"] = new("^node_schedstat_"),
        ["sockstat"] = new("^node_sockstat_"),
        ["softnet"] = new("^node_softnet_"),
        ["tapestats"] = new("^node_tape_"),
        ["textfile"] = new("^(node_textfile_|testmetric)"),
        ["thermal_zone"] = new("^node_(thermal_zone_|cooling_device_)"),
        ["time"] = new("^node_time_"),
        ["udp_queues"] = new("^node_udp_queues$"),
        ["stat"] = new("^node_(boot_time_seconds|context_switches_total|forks_total|intr_total|procs_blocked|procs_running|softirqs_total)$"),
        ["vmstat"] = new("^node_vmstat_"),
        ["xfs"] = new("^node_xfs_"),
        ["zfs"] = new("^node_zfs_"),
    };
}
