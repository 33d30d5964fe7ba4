using System.Text;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>meminfo</c>: the fields of <c>/proc/meminfo</c> that node_exporter knows, as
/// <c>node_memory_&lt;Field&gt;_bytes</c> (kB × 1024), and the HugePages counts without a unit.
/// </summary>
internal sealed class MeminfoCollector : IHostCollector
{
    private static readonly string[] ByteFields =
    [
        "Active", "Active(anon)", "Active(file)", "AnonHugePages", "AnonPages", "Bounce", "Buffers", "Cached", "CmaFree", "CmaTotal",
        "CommitLimit", "Committed_AS", "DirectMap1G", "DirectMap2M", "DirectMap4k", "Dirty", "HardwareCorrupted", "Hugepagesize",
        "Inactive", "Inactive(anon)", "Inactive(file)", "KernelStack", "Mapped", "MemAvailable", "MemFree", "MemTotal", "Mlocked",
        "NFS_Unstable", "PageTables", "Percpu", "SReclaimable", "SUnreclaim", "Shmem", "ShmemHugePages", "ShmemPmdMapped", "Slab",
        "SwapCached", "SwapFree", "SwapTotal", "Unevictable", "VmallocChunk", "VmallocTotal", "VmallocUsed", "Writeback",
        "WritebackTmp", "Zswap", "Zswapped",
    ];

    private static readonly string[] CountFields = ["HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "HugePages_Total"];

    private static readonly Dictionary<string, MetricFamily> Families = BuildFamilies();

    private static readonly Dictionary<string, MetricFamily>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Families.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _path;
    private readonly FileBuffer _file = new(8192);

    public MeminfoCollector(HostCollectorContext context)
    {
        _path = context.Proc("meminfo");
    }

    public string Name => "meminfo";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        var written = 0;
        Span<char> key = stackalloc char[64];
        while (Ascii.NextLine(ref text, out var line))
        {
            // "MemTotal:        3742148 kB" or "HugePages_Total:       0".
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || colon > key.Length)
            {
                continue;
            }

            var keyLength = Encoding.ASCII.GetChars(line[..colon], key);
            var rest = line[(colon + 1)..];
            if (!Lookup.TryGetValue(key[..keyLength], out var family)
                || !Ascii.NextField(ref rest, out var number) || !Ascii.TryParseUInt64(number, out var value))
            {
                continue;
            }

            var inKilobytes = Ascii.NextField(ref rest, out var unit) && unit.SequenceEqual("kB"u8);
            if (inKilobytes != family.Name.EndsWith("_bytes", StringComparison.Ordinal))
            {
                continue;
            }

            writer.WriteSingle(family, inKilobytes ? value * 1024 : value);
            written++;
        }

        if (written == 0)
        {
            failure = $"{_path}: no known fields";
            return false;
        }

        return true;
    }

    private static Dictionary<string, MetricFamily> BuildFamilies()
    {
        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        foreach (var field in ByteFields)
        {
            var name = field.Replace("(", "_", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal) + "_bytes";
            families[field] = new MetricFamily("node_memory_" + name, "Memory information field " + name + ".", MetricType.Gauge);
        }

        foreach (var field in CountFields)
        {
            families[field] = new MetricFamily("node_memory_" + field, "Memory information field " + field + ".", MetricType.Gauge);
        }

        return families;
    }
}
