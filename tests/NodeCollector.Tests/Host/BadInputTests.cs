using NodeCollector.Config;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>
/// Every file each collector reads, made empty, binary, oversized or truncated: no exception escapes the scrape, the
/// collectors that read the file report failure where the file is one they need (an optional file may be ignored, as
/// node_exporter ignores it), and every other collector reports as before.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Tree>
{
    // file (relative to the tree) → the collectors reading it, and whether they need it (false: it is optional to them).
    private static readonly (string File, string[] Collectors, bool Required)[] Inputs =
    [
        ("proc/stat", ["cpu", "stat"], true),
        ("proc/meminfo", ["meminfo"], true),
        ("proc/loadavg", ["loadavg"], true),
        ("proc/vmstat", ["vmstat"], true),
        ("proc/pressure/cpu", ["pressure"], true),
        ("proc/pressure/irq", ["pressure"], true),
        ("proc/sys/fs/file-nr", ["filefd"], true),
        ("proc/sys/kernel/random/entropy_avail", ["entropy"], true),
        ("proc/net/sockstat", ["sockstat"], true),
        ("proc/net/netstat", ["netstat"], true),
        ("proc/net/snmp", ["netstat"], true),
        ("proc/net/snmp6", ["netstat"], false),
        ("proc/sys/net/netfilter/nf_conntrack_count", ["conntrack"], true),
        ("proc/net/stat/nf_conntrack", ["conntrack"], true),
        ("proc/schedstat", ["schedstat"], true),
        ("proc/net/softnet_stat", ["softnet"], true),
        ("proc/net/arp", ["arp"], true),
        ("proc/net/udp", ["udp_queues"], true),
        ("proc/net/dev", ["netdev"], true),
        ("proc/1/mountinfo", ["filesystem"], true),
        ("proc/diskstats", ["diskstats"], true),
        ("proc/sys/kernel/hostname", ["uname"], true),
        ("usr/lib/os-release", ["os"], true),
        ("udev/data/b8:0", ["diskstats"], false),
        ("sys/class/net/eth0/mtu", ["netclass"], false),
        ("sys/class/thermal/thermal_zone0/temp", ["thermal_zone"], false),
        ("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", ["cpufreq"], false),
        ("sys/devices/system/cpu/cpu0/topology/core_id", ["cpu"], false),
        ("sys/devices/system/cpu/isolated", ["cpu"], false),
        ("sys/devices/system/clocksource/clocksource0/available_clocksource", ["time"], false),
        ("textfile/metrics.prom", ["textfile"], false),
        ("sys/class/net/bonding_masters", ["bonding"], true),
        ("sys/class/net/bond0/bonding/slaves", ["bonding"], true),
        ("sys/devices/system/edac/mc/mc0/ce_count", ["edac"], true),
        ("sys/devices/system/edac/mc/mc0/csrow0/ch0_ce_count", ["edac"], false),
        ("sys/class/dmi/id/bios_vendor", ["dmi"], false),
        ("sys/class/nvme/nvme0/model", ["nvme"], false),
        ("sys/class/powercap/intel-rapl:0/energy_uj", ["rapl"], true),
        ("sys/class/hwmon/hwmon0/temp1_input", ["hwmon"], false),
        ("sys/class/scsi_tape/st0/stats/read_cnt", ["tapestats"], true),
        ("sys/class/fc_host/host0/statistics/rx_frames", ["fibrechannel"], true),
        ("sys/class/hwmon/hwmon0/name", ["hwmon"], false),
        ("sys/class/nvme/nvme0/nvme0n1/size", ["nvme"], true),
        ("sys/class/power_supply/BAT0/capacity", ["powersupplyclass"], true),
        ("sys/class/power_supply/BAT0/status", ["powersupplyclass"], false),
        ("proc/mdstat", ["mdadm"], true),
        ("sys/block/md5/md/degraded", ["mdadm"], true),
        ("proc/net/ip_vs_stats", ["ipvs"], true),
        ("proc/net/ip_vs", ["ipvs"], true),
        ("sys/fs/btrfs/0abb23a9-579b-43e6-ad30-227ef47fcb9d/commit_stats", ["btrfs"], true),
        ("sys/fs/btrfs/0abb23a9-579b-43e6-ad30-227ef47fcb9d/allocation/data/raid0/used_bytes", ["btrfs"], true),
        ("sys/fs/btrfs/0abb23a9-579b-43e6-ad30-227ef47fcb9d/devices/loop25/size", ["btrfs"], true),
        ("sys/fs/btrfs/0abb23a9-579b-43e6-ad30-227ef47fcb9d/label", ["btrfs"], false),
        ("sys/fs/xfs/sda1/stats/stats", ["xfs"], true),
        ("sys/fs/bcache/deaddd54-c735-46d5-868e-f331c5fd7c74/internal/btree_nodes", ["bcache"], true),
        ("sys/fs/bcache/deaddd54-c735-46d5-868e-f331c5fd7c74/bdev0/writeback_rate_debug", ["bcache"], true),
        ("sys/fs/bcache/deaddd54-c735-46d5-868e-f331c5fd7c74/bdev0/stats_total/bypassed", ["bcache"], true),
        ("sys/fs/bcache/deaddd54-c735-46d5-868e-f331c5fd7c74/cache0/priority_stats", ["bcache"], true),
        ("sys/class/infiniband/mlx4_0/ports/1/rate", ["infiniband"], true),
        ("sys/class/infiniband/mlx4_0/ports/1/counters/port_rcv_data", ["infiniband"], true),
        ("sys/class/infiniband/mlx4_0/hca_type", ["infiniband"], false),
        ("proc/net/rpc/nfs", ["nfs"], true),
        ("proc/net/rpc/nfsd", ["nfsd"], true),
        ("proc/spl/kstat/zfs/arcstats", ["zfs"], true),
        ("proc/spl/kstat/zfs/pool1/io", ["zfs"], true),
        ("proc/spl/kstat/zfs/pool1/objset-1", ["zfs"], true),
        ("proc/spl/kstat/zfs/pool1/state", ["zfs"], false),
    ];

    // Files whose empty form is valid content (no bonding masters, a master without slaves, no md arrays, no IPVS services,
    // a btrfs without commits yet).
    private static readonly string[] EmptyIsValid =
    [
        "sys/class/net/bonding_masters", "sys/class/net/bond0/bonding/slaves", "proc/mdstat", "proc/net/ip_vs",
        "sys/fs/btrfs/0abb23a9-579b-43e6-ad30-227ef47fcb9d/commit_stats",
    ];

    private readonly Tree _tree;

    public BadInputTests(Tree tree)
    {
        _tree = tree;
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, _, _) in Inputs)
        {
            foreach (var variant in new[] { "empty", "binary", "oversized", "truncated" })
            {
                data.Add(file, variant);
            }
        }

        return data;
    }

    [FixtureTheory("node_exporter/sys.ttar")]
    [MemberData(nameof(Cases))]
    public void A_bad_file_fails_only_the_collectors_that_need_it(string file, string variant)
    {
        var (_, readers, required) = Array.Find(Inputs, i => i.File == file);
        var path = Path.Combine(_tree.Root, file);
        var original = File.ReadAllBytes(path);
        File.WriteAllBytes(path, Variant(original, variant));
        try
        {
            var success = Success(Exposition.Render(_tree.Source()));

            foreach (var (collector, succeeded) in success)
            {
                if (readers.Contains(collector))
                {
                    if (required && variant != "truncated" && !(variant == "empty" && EmptyIsValid.Contains(file)))
                    {
                        Assert.False(succeeded, $"{collector} reported success on a {variant} {file}");
                    }
                }
                else
                {
                    Assert.True(succeeded == _tree.Baseline[collector], $"{collector} changed from {_tree.Baseline[collector]} to {succeeded} when {file} was {variant}");
                }
            }
        }
        finally
        {
            File.WriteAllBytes(path, original);
        }
    }

    [FixtureFact("node_exporter/sys.ttar")]
    public void Every_collector_succeeds_on_the_intact_tree()
    {
        Assert.All(_tree.Baseline, c => Assert.True(c.Value, c.Key));
        Assert.Equal(Inputs.SelectMany(i => i.Collectors).Distinct().Order(), _tree.Baseline.Keys.Where(k => Inputs.Any(i => i.Collectors.Contains(k))).Order());
    }

    private static byte[] Variant(byte[] original, string variant)
    {
        switch (variant)
        {
            case "empty":
                return [];
            case "binary":
                // Not text: NUL and high bytes, a few line breaks, no digits or separators a parser could take for fields.
                var random = new Random(42);
                var binary = new byte[Math.Max(64, original.Length)];
                for (var i = 0; i < binary.Length; i++)
                {
                    binary[i] = i % 37 == 36 ? (byte)'\n' : random.Next(3) == 0 ? (byte)0 : (byte)random.Next(0x80, 0x100);
                }

                return binary;
            case "oversized":
                var big = new byte[Config.FileBufferLimit + 1];
                big.AsSpan().Fill((byte)'9');
                return big;
            default:
                // Cut inside a line (not after a newline).
                var cut = original.Length / 2;
                while (cut > 1 && original[cut - 1] == (byte)'\n')
                {
                    cut--;
                }

                return original[..cut];
        }
    }

    private static Dictionary<string, bool> Success(string exposition) =>
        Exposition.Parse(exposition)["node_scrape_collector_success"].Samples.ToDictionary(
            s => s[(s.IndexOf('"', StringComparison.Ordinal) + 1)..s.LastIndexOf('"')],
            s => s.EndsWith(" 1", StringComparison.Ordinal));

    private static class Config
    {
        public const int FileBufferLimit = NodeCollector.Host.FileBuffer.MaxFileSize;
    }

    /// <summary>A private copy of the fixture tree this class may break, with a textfile directory of its own.</summary>
    public sealed class Tree : IDisposable
    {
        public Tree()
        {
            Root = Directory.CreateTempSubdirectory("nodecollector-badinput-").FullName;
            if (!File.Exists(RepoPaths.Fixture("node_exporter", "sys.ttar")))
            {
                return;
            }

            FixtureTree.CopyTo(Root);
            Directory.CreateDirectory(Path.Combine(Root, "textfile"));
            File.WriteAllText(Path.Combine(Root, "textfile", "metrics.prom"), "# HELP batch_last_success Last success.\n# TYPE batch_last_success gauge\nbatch_last_success 1.7e+09\n");
            Baseline = Success(Exposition.Render(Source()));
        }

        public string Root { get; }

        public Dictionary<string, bool> Baseline { get; } = [];

        internal NodeCollector.Host.HostMetricSource Source()
        {
            var options = HostTestContext.FixtureRunOptions();
            options.Textfile = new TextfileOptions { Directory = Path.Combine(Root, "textfile") };
            options.UdevDataPath = Path.Combine(Root, "udev", "data");
            return HostTestContext.Source(HostTestContext.For(Root, options), ["default"]);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
