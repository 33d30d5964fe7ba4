using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>bcache</c>: per cache set in <c>sys/fs/bcache/&lt;uuid&gt;</c> its btree and journal figures, per
/// backing device (<c>bdevN</c>) its total statistics, dirty data and writeback controller, and per cache device
/// (<c>cacheN</c>) its writes and errors, with priority_stats only when <c>bcache.priority_stats</c> is on (as
/// node_exporter's <c>--collector.bcache.priorityStats</c>). Without bcache there is nothing to report, as in node_exporter.
/// </summary>
internal sealed class BcacheCollector : IHostCollector
{
    private static readonly MetricFamily PriorityUnused = Gauge("priority_stats_unused_percent", "The percentage of the cache that doesn't contain any data.");
    private static readonly MetricFamily PriorityMetadata = Gauge("priority_stats_metadata_percent", "Bcache's metadata overhead.");
    private static readonly MetricFamily DirtyTarget = Gauge("dirty_target_bytes", "Current dirty data target threshold for this backing device in bytes.");
    private static readonly MetricFamily WritebackRate = Gauge("writeback_rate", "Current writeback rate for this backing device in bytes.");
    private static readonly MetricFamily Proportional = Gauge("writeback_rate_proportional_term", "Current result of proportional controller, part of writeback rate");
    private static readonly MetricFamily Integral = Gauge("writeback_rate_integral_term", "Current result of integral controller, part of writeback rate");
    private static readonly MetricFamily Change = Gauge("writeback_change", "Last writeback rate change step for this backing device.");

    private static readonly (string File, MetricFamily Family, Unit Unit)[] SetFiles =
    [
        ("average_key_size", Gauge("average_key_size_sectors", "Average data per key in the btree (sectors)."), Unit.Human),
        ("btree_cache_size", Gauge("btree_cache_size_bytes", "Amount of memory currently used by the btree cache."), Unit.Human),
        ("cache_available_percent", Gauge("cache_available_percent", "Percentage of cache device without dirty data, usable for writeback (may contain clean cached data)."), Unit.Plain),
        ("congested", Gauge("congested", "Congestion."), Unit.Plain),
        ("root_usage_percent", Gauge("root_usage_percent", "Percentage of the root btree node in use (tree depth increases if too high)."), Unit.Plain),
        ("tree_depth", Gauge("tree_depth", "Depth of the btree."), Unit.Plain),
        ("internal/active_journal_entries", Gauge("active_journal_entries", "Number of journal entries that are newer than the index."), Unit.Plain),
        ("internal/btree_nodes", Gauge("btree_nodes", "Total nodes in the btree."), Unit.Plain),
        ("internal/btree_read_average_duration_us", Gauge("btree_read_average_duration_seconds", "Average btree read duration."), Unit.Nano),
        ("internal/cache_read_races", Counter("cache_read_races_total", "Counts instances where while data was being read from the cache, the bucket was reused and invalidated - i.e. where the pointer was stale after the read completed."), Unit.Plain),
    ];

    private static readonly (string File, MetricFamily Family, Unit Unit)[] BackingFiles =
    [
        ("dirty_data", Gauge("dirty_data_bytes", "Amount of dirty data for this backing device in the cache."), Unit.Human),
        ("stats_total/bypassed", Counter("bypassed_bytes_total", "Amount of IO (both reads and writes) that has bypassed the cache."), Unit.Human),
        ("stats_total/cache_bypass_hits", Counter("cache_bypass_hits_total", "Hits for IO intended to skip the cache."), Unit.Plain),
        ("stats_total/cache_bypass_misses", Counter("cache_bypass_misses_total", "Misses for IO intended to skip the cache."), Unit.Plain),
        ("stats_total/cache_hits", Counter("cache_hits_total", "Hits counted per individual IO as bcache sees them."), Unit.Plain),
        ("stats_total/cache_misses", Counter("cache_misses_total", "Misses counted per individual IO as bcache sees them."), Unit.Plain),
        ("stats_total/cache_miss_collisions", Counter("cache_miss_collisions_total", "Instances where data insertion from cache miss raced with write (data already present)."), Unit.Plain),
        ("stats_total/cache_readaheads", Counter("cache_readaheads_total", "Count of times readahead occurred."), Unit.Plain),
    ];

    private static readonly (string File, MetricFamily Family, Unit Unit)[] CacheFiles =
    [
        ("io_errors", Gauge("io_errors", "Number of errors that have occurred, decayed by io_error_halflife."), Unit.Plain),
        ("metadata_written", Counter("metadata_written_bytes_total", "Sum of all non data writes (btree writes and all other metadata)."), Unit.Human),
        ("written", Counter("written_bytes_total", "Sum of all data that has been written to the cache."), Unit.Human),
    ];

    private readonly string _bcacheDir;
    private readonly bool _priorityStats;
    private readonly DirectoryListing _sets;
    private readonly FileBuffer _file = new(512);
    private readonly FamilyGroups _groups = new();
    private readonly LabelValueCache _strings = new();

    // Paths are joined once per directory and file table: a steady collection only reads.
    private readonly Dictionary<string, DirectoryListing> _setEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Dir, object Table), string[]> _paths = [];

    public BcacheCollector(HostCollectorContext context)
    {
        _bcacheDir = context.Sys("fs", "bcache");
        _sets = new DirectoryListing(_bcacheDir, "*-*");
        _priorityStats = context.Options.Bcache.PriorityStats;
    }

    public string Name => "bcache";

    private enum Unit
    {
        Plain,
        Human,
        Nano,
    }

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        _groups.Clear();
        if (_sets.TryList(out var sets))
        {
            foreach (var set in sets)
            {
                if (!TryReadSet(set, out failure))
                {
                    return false;
                }
            }
        }

        _groups.WriteTo(writer);
        return true;
    }

    private bool TryReadSet(string dir, out string? failure)
    {
        var uuid = new Label("uuid", _strings.Get(Path.GetFileName(dir.AsSpan())));
        if (!TryReadFiles(dir, SetFiles, [uuid], out failure))
        {
            return false;
        }

        if (!_setEntries.TryGetValue(dir, out var listing))
        {
            listing = new DirectoryListing(dir);
            _setEntries[dir] = listing;
        }

        _ = listing.TryList(out var entries);
        foreach (var backing in entries)
        {
            if (!IsNumbered(backing, "bdev"))
            {
                continue;
            }

            ReadOnlySpan<Label> labels = [new("backing_device", _strings.Get(Path.GetFileName(backing.AsSpan()))), uuid];
            if (!TryReadFiles(backing, BackingFiles, labels, out failure) || !TryReadWriteback(Paths(backing, WritebackFile)[0], labels, out failure))
            {
                return false;
            }
        }

        foreach (var cache in entries)
        {
            // cache0, cache1, …; not cache_available_percent.
            if (!IsNumbered(cache, "cache"))
            {
                continue;
            }

            ReadOnlySpan<Label> labels = [new("cache_device", _strings.Get(Path.GetFileName(cache.AsSpan()))), uuid];
            if (!TryReadFiles(cache, CacheFiles, labels, out failure) || (_priorityStats && !TryReadPriorityStats(Paths(cache, PriorityFile)[0], labels, out failure)))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryReadFiles(string dir, (string File, MetricFamily Family, Unit Unit)[] files, ReadOnlySpan<Label> labels, out string? failure)
    {
        var paths = Paths(dir, files);
        for (var i = 0; i < files.Length; i++)
        {
            var (_, family, unit) = files[i];
            var path = paths[i];
            if (!_file.TryReadValue(path, out var text, out failure))
            {
                return false;
            }

            double value;
            var ok = unit switch
            {
                Unit.Human => BcacheValue.TryParse(text, out value),
                _ => Ascii.TryParseNumber(text, out value),
            };
            if (!ok)
            {
                failure = $"{path}: not a number";
                return false;
            }

            // The file says microseconds; node_exporter scales it by 1e-9 and names it seconds. Kept for parity.
            _groups.Add(family, labels, unit == Unit.Nano ? value * 1e-9 : value);
        }

        failure = null;
        return true;
    }

    /// <summary><c>rate: 1.1M/sec</c>, <c>target: 20.4G</c>, <c>proportional: 427.5k</c>, … one per line.</summary>
    private bool TryReadWriteback(string path, ReadOnlySpan<Label> labels, out string? failure)
    {
        if (!_file.TryRead(path, out var text, out failure))
        {
            return false;
        }

        var found = 0;
        while (Ascii.NextLine(ref text, out var line))
        {
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim(" \t"u8);
            MetricFamily? family = key switch
            {
                _ when key.SequenceEqual("rate"u8) => WritebackRate,
                _ when key.SequenceEqual("target"u8) => DirtyTarget,
                _ when key.SequenceEqual("proportional"u8) => Proportional,
                _ when key.SequenceEqual("integral"u8) => Integral,
                _ when key.SequenceEqual("change"u8) => Change,
                _ => null,
            };
            if (family is null)
            {
                continue;
            }

            if (!BcacheValue.TryParse(line[(colon + 1)..], out var value))
            {
                failure = $"{path}: malformed {family.Value.Name}";
                return false;
            }

            _groups.Add(family.Value, labels, value);
            found++;
        }

        if (found < 5)
        {
            failure = $"{path}: missing lines";
            return false;
        }

        return true;
    }

    /// <summary><c>Unused: 99%</c> and <c>Metadata: 0%</c>.</summary>
    private bool TryReadPriorityStats(string path, ReadOnlySpan<Label> labels, out string? failure)
    {
        if (!_file.TryRead(path, out var text, out failure))
        {
            return false;
        }

        var found = 0;
        while (Ascii.NextLine(ref text, out var line))
        {
            var colon = line.IndexOf((byte)':');
            var family = colon < 0 ? (MetricFamily?)null
                : line[..colon].SequenceEqual("Unused"u8) ? PriorityUnused
                : line[..colon].SequenceEqual("Metadata"u8) ? PriorityMetadata
                : null;
            if (family is null)
            {
                continue;
            }

            var number = line[(colon + 1)..].Trim(" \t"u8);
            if (!number.EndsWith("%"u8) || !Ascii.TryParseNumber(number[..^1], out var percent))
            {
                failure = $"{path}: malformed {family.Value.Name}";
                return false;
            }

            _groups.Add(family.Value, labels, percent);
            found++;
        }

        if (found < 2)
        {
            failure = $"{path}: no Unused and Metadata lines";
            return false;
        }

        return true;
    }

    private static readonly (string File, MetricFamily Family, Unit Unit)[] WritebackFile = [("writeback_rate_debug", WritebackRate, Unit.Plain)];
    private static readonly (string File, MetricFamily Family, Unit Unit)[] PriorityFile = [("priority_stats", PriorityUnused, Unit.Plain)];

    private string[] Paths(string dir, (string File, MetricFamily Family, Unit Unit)[] files)
    {
        if (!_paths.TryGetValue((dir, files), out var paths))
        {
            paths = [.. files.Select(f => Path.Combine(dir, f.File))];
            _paths[(dir, files)] = paths;
        }

        return paths;
    }

    private static bool IsNumbered(string path, string prefix)
    {
        var name = Path.GetFileName(path.AsSpan());
        return name.Length > prefix.Length && !name[prefix.Length..].ContainsAnyExceptInRange('0', '9');
    }

    private static MetricFamily Gauge(string suffix, string help) => new("node_bcache_" + suffix, help, MetricType.Gauge);

    private static MetricFamily Counter(string suffix, string help) => new("node_bcache_" + suffix, help, MetricType.Counter);
}
