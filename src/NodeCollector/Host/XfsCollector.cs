using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>xfs</c>: per mounted XFS device, the counters of <c>sys/fs/xfs/&lt;device&gt;/stats/stats</c>
/// (extent allocation, allocation and block map B-trees, block mapping, directory, inode and vnode operations, read and
/// write calls). A line node_exporter reads with too few numbers fails the collector.
/// </summary>
internal sealed class XfsCollector : IHostCollector
{
    // Per stats line: its key, the number of values it must have, and the family of each value (null: not exported).
    private static readonly (byte[] Key, int Count, MetricFamily?[] Families)[] Lines =
    [
        ("extent_alloc"u8.ToArray(), 4,
        [
            Counter("extent_allocation_extents_allocated_total", "Number of extents allocated for a filesystem."),
            Counter("extent_allocation_blocks_allocated_total", "Number of blocks allocated for a filesystem."),
            Counter("extent_allocation_extents_freed_total", "Number of extents freed for a filesystem."),
            Counter("extent_allocation_blocks_freed_total", "Number of blocks freed for a filesystem."),
        ]),
        ("abt"u8.ToArray(), 4, BTree("allocation_btree", "allocation")),
        ("blk_map"u8.ToArray(), 7,
        [
            Counter("block_mapping_reads_total", "Number of block map for read operations for a filesystem."),
            Counter("block_mapping_writes_total", "Number of block map for write operations for a filesystem."),
            Counter("block_mapping_unmaps_total", "Number of block unmaps (deletes) for a filesystem."),
            Counter("block_mapping_extent_list_insertions_total", "Number of extent list insertions for a filesystem."),
            Counter("block_mapping_extent_list_deletions_total", "Number of extent list deletions for a filesystem."),
            Counter("block_mapping_extent_list_lookups_total", "Number of extent list lookups for a filesystem."),
            Counter("block_mapping_extent_list_compares_total", "Number of extent list compares for a filesystem."),
        ]),
        ("bmbt"u8.ToArray(), 4, BTree("block_map_btree", "block map")),
        ("dir"u8.ToArray(), 4,
        [
            Counter("directory_operation_lookup_total", "Number of file name directory lookups which miss the operating systems directory name lookup cache."),
            Counter("directory_operation_create_total", "Number of times a new directory entry was created for a filesystem."),
            Counter("directory_operation_remove_total", "Number of times an existing directory entry was created for a filesystem."),
            Counter("directory_operation_getdents_total", "Number of times the directory getdents operation was performed for a filesystem."),
        ]),
        ("ig"u8.ToArray(), 7,
        [
            Counter("inode_operation_attempts_total", "Number of times the OS looked for an XFS inode in the inode cache."),
            Counter("inode_operation_found_total", "Number of times the OS looked for and found an XFS inode in the inode cache."),
            Counter("inode_operation_recycled_total", "Number of times the OS found an XFS inode in the cache, but could not use it as it was being recycled."),
            Counter("inode_operation_missed_total", "Number of times the OS looked for an XFS inode in the cache, but did not find it."),
            Counter("inode_operation_duplicates_total", "Number of times the OS tried to add a missing XFS inode to the inode cache, but found it had already been added by another process."),
            Counter("inode_operation_reclaims_total", "Number of times the OS reclaimed an XFS inode from the inode cache to free memory for another purpose."),
            Counter("inode_operation_attribute_changes_total", "Number of times the OS explicitly changed the attributes of an XFS inode."),
        ]),
        ("rw"u8.ToArray(), 2,
        [
            Counter("write_calls_total", "Number of write(2) system calls made to files in a filesystem."),
            Counter("read_calls_total", "Number of read(2) system calls made to files in a filesystem."),
        ]),
        ("vnodes"u8.ToArray(), 8,
        [
            Counter("vnode_active_total", "Number of vnodes not on free lists for a filesystem."),
            Counter("vnode_allocate_total", "Number of times vn_alloc called for a filesystem."),
            Counter("vnode_get_total", "Number of times vn_get called for a filesystem."),
            Counter("vnode_hold_total", "Number of times vn_hold called for a filesystem."),
            Counter("vnode_release_total", "Number of times vn_rele called for a filesystem."),
            Counter("vnode_reclaim_total", "Number of times vn_reclaim called for a filesystem."),
            Counter("vnode_remove_total", "Number of times vn_remove called for a filesystem."),
            null,
        ]),
    ];

    private readonly string _xfsDir;
    private readonly FileBuffer _file = new(2048);
    private readonly FamilyGroups _groups = new();
    private readonly Dictionary<string, string> _statsPaths = new(StringComparer.Ordinal);

    public XfsCollector(HostCollectorContext context)
    {
        _xfsDir = context.Sys("fs", "xfs");
    }

    public string Name => "xfs";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        _groups.Clear();
        if (!Directory.Exists(_xfsDir))
        {
            // No xfs module: no file systems to report, which node_exporter counts as success.
            return true;
        }

        foreach (var dir in Directory.EnumerateDirectories(_xfsDir))
        {
            // sys/fs/xfs/stats is the module-wide total, not a device: it has no stats/stats below it.
            var device = Path.GetFileName(dir);
            if (!_statsPaths.TryGetValue(device, out var path))
            {
                path = Path.Combine(dir, "stats", "stats");
                _statsPaths[device] = path;
            }

            if (!_file.TryRead(path, out var text, out failure))
            {
                if (_file.LastFailureIsNoValue)
                {
                    failure = null;
                    continue;
                }

                return false;
            }

            if (!TryParse(text, new Label("device", device)))
            {
                failure = $"{path}: malformed";
                return false;
            }
        }

        _groups.WriteTo(writer);
        return true;
    }

    private bool TryParse(ReadOnlySpan<byte> text, Label device)
    {
        Span<double> values = stackalloc double[8];
        var known = 0;
        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var key))
            {
                continue;
            }

            foreach (var (lineKey, count, families) in Lines)
            {
                if (!key.SequenceEqual(lineKey))
                {
                    continue;
                }

                var n = 0;
                while (Ascii.NextField(ref line, out var field))
                {
                    if (n == count || !Ascii.TryParseUInt64(field, out var value))
                    {
                        return false;
                    }

                    values[n++] = value;
                }

                if (n != count)
                {
                    return false;
                }

                known++;
                for (var i = 0; i < count; i++)
                {
                    if (families[i] is { } family)
                    {
                        _groups.Add(family, device, values[i]);
                    }
                }
            }
        }

        // Every kernel with per-device statistics writes extent_alloc and the others: none at all is not a stats file.
        return known > 0;
    }

    private static MetricFamily Counter(string suffix, string help) => new("node_xfs_" + suffix, help, MetricType.Counter);

    private static MetricFamily?[] BTree(string prefix, string what) =>
    [
        Counter(prefix + "_lookups_total", $"Number of {what} B-tree lookups for a filesystem."),
        Counter(prefix + "_compares_total", $"Number of {what} B-tree compares for a filesystem."),
        Counter(prefix + "_records_inserted_total", $"Number of {what} B-tree records inserted for a filesystem."),
        Counter(prefix + "_records_deleted_total", $"Number of {what} B-tree records deleted for a filesystem."),
    ];
}
