using System.Text.RegularExpressions;
using NodeCollector.Config;
using NodeCollector.Host;
using NodeCollector.TestSupport;
using Xunit.Abstractions;

namespace NodeCollector.IntegrationTests.Host;

/// <summary>
/// Debian's node_exporter 1.5 and NodeCollector on this machine's real /proc and /sys, restricted to the same collectors:
/// the families and label sets agree except where node_exporter changed after 1.5 (TestData/live-parity-differences.txt),
/// and values that cannot move between the two reads are equal.
/// </summary>
public sealed class LiveParityTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    // Families whose values cannot change between two reads a moment apart.
    private static readonly string[] StableFamilies =
    [
        "node_memory_MemTotal_bytes", "node_memory_SwapTotal_bytes", "node_boot_time_seconds", "node_uname_info", "node_os_info", "node_os_version",
        "node_filefd_maximum", "node_entropy_pool_size_bits", "node_network_mtu_bytes", "node_network_iface_id", "node_filesystem_size_bytes",
        "node_filesystem_files", "node_filesystem_readonly", "node_cpu_scaling_frequency_max_hertz", "node_cpu_scaling_frequency_min_hertz",
        "node_nf_conntrack_entries_limit", "node_disk_info", "node_time_zone_offset_seconds", "node_timex_tick_seconds",

        // Which collectors have data here: where this machine lacks a subsystem (zfs, nfs, md, IPVS, InfiniBand) both fail with no data.
        "node_scrape_collector_success",
    ];

    [ToolFact(NodeExporterProcess.Binary, "prometheus-node-exporter")]
    public async Task Node_exporter_1_5_and_NodeCollector_agree_on_this_machine()
    {
        var textfiles = Directory.CreateTempSubdirectory("nodecollector-live-textfile-").FullName;
        try
        {
            using var exporter = await NodeExporterProcess.StartAsync(NodeExporterFlags(textfiles));
            using var collector = await NodeCollectorProcess.StartAsync("/proc", "/sys", "/", $"  textfile:\n    directory: {textfiles}\n");
            var theirs = Series(await exporter.ScrapeAsync());
            var ours = Series(await collector.ScrapeAsync());

            var problems = Compare(theirs, ours, Differences.Load());
            _output.WriteLine($"node_exporter 1.5: {theirs.Count} families, {theirs.Values.Sum(f => f.Count)} series; NodeCollector: {ours.Count} families, {ours.Values.Sum(f => f.Count)} series; in both: {theirs.Keys.Intersect(ours.Keys).Count()}");

            Assert.True(theirs.Count > 100 && ours.Count > 100, $"too few families: {theirs.Count} and {ours.Count}");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            Directory.Delete(textfiles, recursive: true);
        }
    }

    /// <summary>Debian's defaults differ from upstream's (systemd on, lo excluded); these flags make the run like-for-like.</summary>
    internal static List<string> NodeExporterFlags(string textfiles)
    {
        var ours = HostCollectorRegistry.DefaultNames.ToHashSet(StringComparer.Ordinal);
        var flags = new List<string>
        {
            "--collector.disable-defaults",
            "--no-collector.netdev.netlink",
            "--collector.netdev.device-exclude=^$",
            "--collector.filesystem.mount-points-exclude=" + FilesystemOptions.DefaultMountPointsExclude,
            "--collector.filesystem.fs-types-exclude=" + FilesystemOptions.DefaultFsTypesExclude,
            "--collector.diskstats.device-exclude=" + DiskstatsOptions.DefaultDeviceExclude,
            "--collector.textfile.directory=" + textfiles,
        };
        flags.AddRange(ours.Select(c => "--collector." + c));
        return flags;
    }

    /// <summary>node_* families → their series (label sets, as text) → value; node_exporter's own build info left out.</summary>
    internal static Dictionary<string, Dictionary<string, string>> Series(string exposition) =>
        Exposition.Parse(exposition)
            .Where(f => f.Key.StartsWith("node_", StringComparison.Ordinal) && f.Key != "node_exporter_build_info")
            .ToDictionary(
                f => f.Key,
                f => f.Value.Samples.ToDictionary(s => s[..s.LastIndexOf(' ')], s => s[(s.LastIndexOf(' ') + 1)..], StringComparer.Ordinal),
                StringComparer.Ordinal);

    private static List<string> Compare(
        Dictionary<string, Dictionary<string, string>> theirs, Dictionary<string, Dictionary<string, string>> ours, List<Difference> differences)
    {
        var problems = new List<string>();
        foreach (var family in theirs.Keys.Except(ours.Keys))
        {
            if (!differences.Any(d => d.Kind == "only-1.5" && d.Family.IsMatch(family)))
            {
                problems.Add($"{family}: node_exporter 1.5 writes it, NodeCollector does not");
            }
        }

        foreach (var family in ours.Keys.Except(theirs.Keys))
        {
            if (!differences.Any(d => d.Kind == "only-ours" && d.Family.IsMatch(family)))
            {
                problems.Add($"{family}: NodeCollector writes it, node_exporter 1.5 does not");
            }
        }

        foreach (var family in theirs.Keys.Intersect(ours.Keys))
        {
            var added = differences.Where(d => d.Kind.StartsWith("label:", StringComparison.Ordinal) && d.Family.IsMatch(family)).Select(d => d.Kind[6..]).ToList();
            var ourSeries = ours[family].ToDictionary(s => WithoutLabels(s.Key, added), s => s.Value, StringComparer.Ordinal);
            var missing = theirs[family].Keys.Except(ourSeries.Keys).ToList();
            var extra = ourSeries.Keys.Except(theirs[family].Keys).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                problems.Add($"{family}: label sets differ\n  only node_exporter: {string.Join(" ", missing)}\n  only NodeCollector: {string.Join(" ", extra)}");
            }
            else if (StableFamilies.Contains(family))
            {
                foreach (var (series, value) in theirs[family].Where(s => ourSeries[s.Key] != s.Value))
                {
                    problems.Add($"{series}: node_exporter {value}, NodeCollector {ourSeries[series]}");
                }
            }
        }

        if (ours.TryGetValue("node_cpu_seconds_total", out var cpu) && theirs.TryGetValue("node_cpu_seconds_total", out var theirCpu)
            && cpu.Keys.Count(k => k.Contains("mode=\"idle\"", StringComparison.Ordinal)) != theirCpu.Keys.Count(k => k.Contains("mode=\"idle\"", StringComparison.Ordinal)))
        {
            problems.Add("CPU counts differ");
        }

        return problems;
    }

    private static string WithoutLabels(string series, List<string> labels)
    {
        foreach (var label in labels)
        {
            series = Regex.Replace(series, "(?<=[{,])" + label + "=\"(?:[^\"\\\\]|\\\\.)*\",?", "");
        }

        return series.Replace(",}", "}", StringComparison.Ordinal).Replace("{}", "", StringComparison.Ordinal);
    }

    internal sealed record Difference(Regex Family, string Kind, string Since, string Reason);

    internal static class Differences
    {
        public static List<Difference> Load() =>
            [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Host", "TestData", "live-parity-differences.txt"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split('\t'))
                .Select(p => new Difference(new Regex(p[0]), p[1], p[2], p[3]))];
    }
}
