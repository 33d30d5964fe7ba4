using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>zfs</c>: every integer kstat of <c>/proc/spl/kstat/zfs/{arcstats,abdstats,…}</c> as an untyped
/// <c>node_zfs_&lt;subsystem&gt;_&lt;name&gt;</c> whose HELP is the kstat's name, and per pool its <c>io</c> counters,
/// its datasets' <c>objset-*</c> counters and its <c>state</c>. No ZFS module (no <c>spl/kstat/zfs</c>) is no data.
/// </summary>
internal sealed class ZfsCollector : IHostCollector
{
    private static readonly MetricFamily State = new("node_zfs_zpool_state", "kstat.zfs.misc.state", MetricType.Gauge);
    private static readonly string[] States = ["degraded", "faulted", "offline", "online", "removed", "suspended", "unavail"];

    private readonly string _baseDir;
    private readonly ZfsKstatFile[] _files;
    private readonly FileBuffer _file = new(8192);
    private readonly LabelValueCache _strings = new();
    private readonly FamilyGroups _pools = new();
    private readonly Dictionary<string, MetricFamily> _ioFamilies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricFamily> _objsetFamilies = new(StringComparer.Ordinal);

    public ZfsCollector(HostCollectorContext context)
    {
        _baseDir = context.Proc("spl", "kstat", "zfs");
        _files =
        [
            new(Path.Combine(_baseDir, "abdstats"), "abdstats", "abd"),
            new(Path.Combine(_baseDir, "arcstats"), "arcstats", "arc"),
            new(Path.Combine(_baseDir, "dbufstats"), "dbufstats", "dbuf"),
            new(Path.Combine(_baseDir, "dmu_tx"), "dmu_tx", "dmu_tx"),
            new(Path.Combine(_baseDir, "dnodestats"), "dnodestats", "dnode"),
            new(Path.Combine(_baseDir, "fm"), "fm", "fm"),
            new(Path.Combine(_baseDir, "vdev_cache_stats"), "vdev_cache_stats", "vdev_cache"),
            new(Path.Combine(_baseDir, "vdev_mirror_stats"), "vdev_mirror_stats", "vdev_mirror"),
            new(Path.Combine(_baseDir, "xuio_stats"), "xuio_stats", "xuio"),
            new(Path.Combine(_baseDir, "zfetchstats"), "zfetchstats", "zfetch"),
            new(Path.Combine(_baseDir, "zil"), "zil", "zil"),
        ];
    }

    public string Name => "zfs";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_baseDir))
        {
            failure = $"{_baseDir}: missing (no ZFS module)";
            return false;
        }

        foreach (var kstats in _files)
        {
            if (!_file.TryRead(kstats.Path, out var text, out failure))
            {
                // Files come with ZFS features; a missing one is skipped, as node_exporter does.
                if (_file.LastFailureIsNoValue)
                {
                    failure = null;
                    continue;
                }

                return false;
            }

            if (!kstats.TryWrite(text, writer, out failure))
            {
                return false;
            }
        }

        _pools.Clear();
        foreach (var poolDir in Directory.EnumerateDirectories(_baseDir))
        {
            if (!TryReadPool(poolDir, out failure))
            {
                return false;
            }
        }

        _pools.WriteTo(writer);
        return true;
    }

    private bool TryReadPool(string dir, out string? failure)
    {
        failure = null;
        var pool = new Label("zpool", Path.GetFileName(dir));
        var io = Path.Combine(dir, "io");

        // A pool being exported removes its files at any moment: a file that is gone is skipped, one that cannot be read fails.
        if (!TryReadIfPresent(io, out var present, out var text, out failure))
        {
            return false;
        }

        if (present && !TryParseIo(text, pool))
        {
            failure = $"{io}: malformed";
            return false;
        }

        foreach (var objset in Directory.EnumerateFiles(dir, "objset-*"))
        {
            if (!TryReadIfPresent(objset, out present, out text, out failure))
            {
                return false;
            }

            if (present && !TryParseObjset(text, pool))
            {
                failure = $"{objset}: malformed";
                return false;
            }
        }

        if (_file.TryReadValue(Path.Combine(dir, "state"), out var state, out _))
        {
            foreach (var name in States)
            {
                _pools.Add(State, new Label("state", name), pool, System.Text.Ascii.EqualsIgnoreCase(state, name) ? 1 : 0);
            }
        }

        return true;
    }

    private bool TryReadIfPresent(string path, out bool present, out ReadOnlySpan<byte> text, out string? failure)
    {
        present = _file.TryRead(path, out text, out failure);
        if (!present && _file.LastFailureIsNoValue)
        {
            failure = null;
            return true;
        }

        return present;
    }

    /// <summary>A kstat header line, the names (nread nwritten reads …, at least 12), then a line of as many numbers.</summary>
    private bool TryParseIo(ReadOnlySpan<byte> text, Label pool)
    {
        if (!Ascii.NextLine(ref text, out _) || !Ascii.NextLine(ref text, out var header) || !Ascii.NextLine(ref text, out var values))
        {
            return false;
        }

        var first = header;
        if (!Ascii.NextField(ref first, out var firstName) || !firstName.SequenceEqual("nread"u8) || Ascii.CountFields(header) < 12)
        {
            return false;
        }

        while (Ascii.NextField(ref header, out var name))
        {
            if (!Ascii.NextField(ref values, out var field) || !Ascii.TryParseUInt64(field, out var value))
            {
                return false;
            }

            _pools.Add(PoolFamily(_ioFamilies, "node_zfs_zpool_", "kstat.zfs.misc.io.", name), pool, value);
        }

        return true;
    }

    /// <summary><c>name type data</c>, then <c>dataset_name 7 &lt;name with spaces&gt;</c> and integer kstats.</summary>
    private bool TryParseObjset(ReadOnlySpan<byte> text, Label pool)
    {
        var started = false;
        var dataset = "";
        while (Ascii.NextLine(ref text, out var line))
        {
            var rest = line;
            if (!Ascii.NextField(ref rest, out var name) || !Ascii.NextField(ref rest, out var type) || !Ascii.NextField(ref rest, out var data))
            {
                continue;
            }

            if (!started)
            {
                started = name.SequenceEqual("name"u8) && type.SequenceEqual("type"u8) && data.SequenceEqual("data"u8);
                continue;
            }

            if (name.SequenceEqual("dataset_name"u8))
            {
                // The name runs to the end of the line and may contain spaces.
                var afterType = line[(line.IndexOf(type) + type.Length)..];
                dataset = _strings.Get(afterType.Trim(" \t"u8));
                continue;
            }

            if (type.SequenceEqual("4"u8))
            {
                if (!Ascii.TryParseUInt64(data, out var value))
                {
                    return false;
                }

                ReadOnlySpan<Label> labels = [new("dataset", dataset), pool];
                _pools.Add(PoolFamily(_objsetFamilies, "node_zfs_zpool_dataset_", "kstat.zfs.misc.objset.", name), labels, value);
            }
        }

        return started;
    }

    private MetricFamily PoolFamily(Dictionary<string, MetricFamily> families, string prefix, string helpPrefix, ReadOnlySpan<byte> name)
    {
        var key = _strings.Get(name);
        if (!families.TryGetValue(key, out var family))
        {
            family = new MetricFamily(prefix + ZfsKstatFile.MetricName(key), helpPrefix + key, MetricType.Untyped);
            families[key] = family;
        }

        return family;
    }
}
