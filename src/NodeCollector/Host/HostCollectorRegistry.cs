namespace NodeCollector.Host;

/// <summary>
/// The host collectors by node_exporter name, and which of them make up the default set. A configuration names
/// <c>default</c>, collector names, and <c>-name</c> to leave one out of what came before.
/// </summary>
internal static class HostCollectorRegistry
{
    private static readonly SortedDictionary<string, Func<HostCollectorContext, IHostCollector>> Factories = new(StringComparer.Ordinal)
    {
        ["arp"] = c => new ArpCollector(c),
        ["bcache"] = c => new BcacheCollector(c),
        ["bonding"] = c => new BondingCollector(c),
        ["btrfs"] = c => new BtrfsCollector(c),
        ["conntrack"] = c => new ConntrackCollector(c),
        ["cpu"] = c => new CpuCollector(c),
        ["cpufreq"] = c => new CpufreqCollector(c),
        ["diskstats"] = c => new DiskstatsCollector(c),
        ["dmi"] = c => new DmiCollector(c),
        ["edac"] = c => new EdacCollector(c),
        ["entropy"] = c => new EntropyCollector(c),
        ["fibrechannel"] = c => new FibrechannelCollector(c),
        ["filefd"] = c => new FilefdCollector(c),
        ["filesystem"] = c => new FilesystemCollector(c),
        ["hwmon"] = c => new HwmonCollector(c),
        ["infiniband"] = c => new InfinibandCollector(c),
        ["ipvs"] = c => new IpvsCollector(c),
        ["loadavg"] = c => new LoadavgCollector(c),
        ["mdadm"] = c => new MdadmCollector(c),
        ["meminfo"] = c => new MeminfoCollector(c),
        ["netclass"] = c => new NetclassCollector(c),
        ["netdev"] = c => new NetdevCollector(c),
        ["netstat"] = c => new NetstatCollector(c),
        ["nfs"] = c => new NfsCollector(c),
        ["nfsd"] = c => new NfsdCollector(c),
        ["nvme"] = c => new NvmeCollector(c),
        ["os"] = c => new OsCollector(c),
        ["powersupplyclass"] = c => new PowerSupplyClassCollector(c),
        ["pressure"] = c => new PressureCollector(c),
        ["rapl"] = c => new RaplCollector(c),
        ["schedstat"] = c => new SchedstatCollector(c),
        ["selinux"] = c => new SelinuxCollector(c),
        ["sockstat"] = c => new SockstatCollector(c),
        ["softnet"] = c => new SoftnetCollector(c),
        ["stat"] = c => new StatCollector(c),
        ["tapestats"] = c => new TapestatsCollector(c),
        ["textfile"] = c => new TextfileCollector(c),
        ["thermal_zone"] = c => new ThermalZoneCollector(c),
        ["time"] = c => new TimeCollector(c),
        ["timex"] = _ => new TimexCollector(),
        ["udp_queues"] = c => new UdpQueuesCollector(c),
        ["uname"] = c => new UnameCollector(c),
        ["vmstat"] = c => new VmstatCollector(c),
        ["xfs"] = c => new XfsCollector(c),
        ["zfs"] = c => new ZfsCollector(c),
    };

    /// <summary>Every collector this build has, in name order.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>node_exporter's default Linux set, as far as this build has it: every collector here is on by default.</summary>
    public static IReadOnlyCollection<string> DefaultNames => Factories.Keys;

    public static bool IsKnown(string name) => Factories.ContainsKey(name);

    /// <summary>The names a configuration's list selects, in name order; unknown names must have been rejected by validation.</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> entries)
    {
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry == Config.HostMetricsOptions.DefaultCollectors)
            {
                selected.UnionWith(DefaultNames);
            }
            else if (entry.StartsWith('-'))
            {
                selected.Remove(entry[1..]);
            }
            else if (IsKnown(entry))
            {
                selected.Add(entry);
            }
        }

        return [.. selected];
    }

    public static IReadOnlyList<IHostCollector> Create(IEnumerable<string> entries, HostCollectorContext context) =>
        [.. Resolve(entries).Select(name => Factories[name](context))];
}
