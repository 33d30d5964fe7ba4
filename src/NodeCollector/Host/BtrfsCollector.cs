using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>btrfs</c> (its sysfs part): per file system in <c>sys/fs/btrfs/&lt;uuid&gt;</c> the label, commit
/// statistics, global reserve, device sizes, and per block group type and RAID profile the space allocated and used and
/// the allocation ratio. node_exporter's per-device error counters need an ioctl on the mount and are not built.
/// </summary>
internal sealed class BtrfsCollector : IHostCollector
{
    private static readonly MetricFamily AllocationRatio = new("node_btrfs_allocation_ratio", "Data allocation ratio for a layout/data type", MetricType.Gauge);
    private static readonly MetricFamily CommitSeconds = new("node_btrfs_commit_seconds_total", "Sum of the duration of all commits, in seconds.", MetricType.Counter);
    private static readonly MetricFamily Commits = new("node_btrfs_commits_total", "The total number of commits that have occurred.", MetricType.Counter);
    private static readonly MetricFamily DeviceSize = new("node_btrfs_device_size_bytes", "Size of a device that is part of the filesystem.", MetricType.Gauge);
    private static readonly MetricFamily GlobalRsvSize = new("node_btrfs_global_rsv_size_bytes", "Size of global reserve.", MetricType.Gauge);
    private static readonly MetricFamily Info = new("node_btrfs_info", "Filesystem information", MetricType.Gauge);
    private static readonly MetricFamily LastCommit = new("node_btrfs_last_commit_seconds", "Duration of the most recent commit, in seconds.", MetricType.Gauge);
    private static readonly MetricFamily MaxCommit = new("node_btrfs_max_commit_seconds", "Duration of the slowest commit, in seconds.", MetricType.Gauge);
    private static readonly MetricFamily Reserved = new("node_btrfs_reserved_bytes", "Amount of space reserved for a data type", MetricType.Gauge);
    private static readonly MetricFamily Size = new("node_btrfs_size_bytes", "Amount of space allocated for a layout/data type", MetricType.Gauge);
    private static readonly MetricFamily Used = new("node_btrfs_used_bytes", "Amount of used space by a layout/data type", MetricType.Gauge);

    private static readonly string[] BlockGroupTypes = ["data", "metadata", "system"];

    private readonly string _btrfsDir;
    private readonly DirectoryListing _fileSystems;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _strings = new();
    private readonly FamilyGroups _groups = new();
    private readonly Dictionary<string, FileSystem> _layouts = new(StringComparer.Ordinal);

    public BtrfsCollector(HostCollectorContext context)
    {
        _btrfsDir = context.Sys("fs", "btrfs");

        // File systems are the UUID-named directories; "features" describes the module.
        _fileSystems = new DirectoryListing(_btrfsDir, "*-*-*-*-*");
    }

    public string Name => "btrfs";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        _groups.Clear();
        if (!_fileSystems.TryList(out var fileSystems))
        {
            // No btrfs module: no file systems to report, which node_exporter counts as success.
            return true;
        }

        foreach (var dir in fileSystems)
        {
            if (!_layouts.TryGetValue(dir, out var layout))
            {
                layout = new FileSystem(dir);
                _layouts[dir] = layout;
            }

            if (!TryReadFileSystem(layout, out failure))
            {
                return false;
            }
        }

        _groups.WriteTo(writer);
        return true;
    }

    private bool TryReadFileSystem(FileSystem fs, out string? failure)
    {
        if (!_file.TryReadValue(fs.Label, out var label, out failure))
        {
            return false;
        }

        _groups.Add(Info, new Label("label", _strings.Get(label)), fs.Uuid, 1);
        if (!TryReadCommitStats(fs.CommitStats, fs.Uuid, out failure))
        {
            return false;
        }

        var devices = 0;
        if (fs.Devices.TryList(out var deviceDirs))
        {
            foreach (var device in deviceDirs)
            {
                if (!fs.DeviceSizes.TryGetValue(device, out var size))
                {
                    size = (new Label("device", Path.GetFileName(device)), Path.Combine(device, "size"));
                    fs.DeviceSizes[device] = size;
                }

                if (!TryReadNumber(size.Path, out var sectors, out failure))
                {
                    return false;
                }

                devices++;
                _groups.Add(DeviceSize, size.Device, fs.Uuid, sectors * 512);
            }
        }

        if (!TryReadNumber(fs.GlobalReserve, out var reserve, out failure))
        {
            return false;
        }

        _groups.Add(GlobalRsvSize, fs.Uuid, reserve);
        foreach (var group in fs.BlockGroups)
        {
            if (!TryReadBlockGroup(group, fs.Uuid, devices, out failure))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryReadBlockGroup(BlockGroup group, Label uuid, int devices, out string? failure)
    {
        failure = null;
        if (!group.Layouts.TryList(out var layoutDirs))
        {
            return true;
        }

        if (!TryReadNumber(group.Reserved, out var reserved, out failure))
        {
            return false;
        }

        _groups.Add(Reserved, group.Type, uuid, reserved);
        foreach (var layoutDir in layoutDirs)
        {
            // Only the RAID profile directories (raid0, single, dup, …) among the files of the block group.
            if (!group.Profiles.TryGetValue(layoutDir, out var profile))
            {
                var mode = Path.GetFileName(layoutDir);
                profile = Directory.Exists(layoutDir) ? (mode, Path.Combine(layoutDir, "total_bytes"), Path.Combine(layoutDir, "used_bytes")) : null;
                group.Profiles[layoutDir] = profile;
            }

            if (profile is not { } files)
            {
                continue;
            }

            var (modeName, totalPath, usedPath) = files;

            if (!TryReadNumber(totalPath, out var total, out failure) || !TryReadNumber(usedPath, out var used, out failure))
            {
                return false;
            }

            ReadOnlySpan<Label> labels = [group.Type, new("mode", modeName), uuid];
            _groups.Add(AllocationRatio, labels, Ratio(modeName, devices));
            _groups.Add(Size, labels, total);
            _groups.Add(Used, labels, used);
        }

        return true;
    }

    /// <summary>commits, last_commit_ms, max_commit_ms, total_commit_ms; older kernels have no commit_stats (all 0).</summary>
    private bool TryReadCommitStats(string path, Label uuid, out string? failure)
    {
        double commits = 0, last = 0, max = 0, total = 0;
        if (!_file.TryRead(path, out var text, out failure))
        {
            if (!_file.LastFailureIsNoValue)
            {
                return false;
            }

            failure = null;
        }

        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var key) || !Ascii.NextField(ref line, out var valueText) || !Ascii.TryParseUInt64(valueText, out var value))
            {
                failure = $"{path}: malformed line";
                return false;
            }

            if (key.SequenceEqual("commits"u8))
            {
                commits = value;
            }
            else if (key.SequenceEqual("last_commit_ms"u8))
            {
                last = value / 1000.0;
            }
            else if (key.SequenceEqual("max_commit_ms"u8))
            {
                max = value / 1000.0;
            }
            else if (key.SequenceEqual("total_commit_ms"u8))
            {
                total = value / 1000.0;
            }
        }

        _groups.Add(Commits, uuid, commits);
        _groups.Add(LastCommit, uuid, last);
        _groups.Add(MaxCommit, uuid, max);
        _groups.Add(CommitSeconds, uuid, total);
        return true;
    }

    /// <summary>How many bytes of disk a byte of data takes in a RAID profile across <paramref name="devices"/> devices.</summary>
    private static double Ratio(string mode, int devices) => mode switch
    {
        "single" or "raid0" => 1,
        "dup" or "raid1" or "raid10" => 2,
        "raid1c3" => 3,
        "raid1c4" => 4,
        "raid5" when devices > 1 => devices / (double)(devices - 1),
        "raid6" when devices > 2 => devices / (double)(devices - 2),
        _ => 0,
    };

    private sealed class FileSystem(string dir)
    {
        public Label Uuid { get; } = new("uuid", Path.GetFileName(dir));

        public string Label { get; } = Path.Combine(dir, "label");

        public string CommitStats { get; } = Path.Combine(dir, "commit_stats");

        public string GlobalReserve { get; } = Path.Combine(dir, "allocation", "global_rsv_size");

        public DirectoryListing Devices { get; } = new(Path.Combine(dir, "devices"));

        public Dictionary<string, (Label Device, string Path)> DeviceSizes { get; } = new(StringComparer.Ordinal);

        public BlockGroup[] BlockGroups { get; } = [.. BlockGroupTypes.Select(t => new BlockGroup(Path.Combine(dir, "allocation", t), t))];
    }

    private sealed class BlockGroup(string dir, string type)
    {
        public Label Type { get; } = new("block_group_type", type);

        public string Reserved { get; } = Path.Combine(dir, "bytes_reserved");

        public DirectoryListing Layouts { get; } = new(dir);

        /// <summary>Per entry of the block group directory: its profile's name and files, or null for a plain file.</summary>
        public Dictionary<string, (string Mode, string Total, string Used)?> Profiles { get; } = new(StringComparer.Ordinal);
    }

    private bool TryReadNumber(string path, out double value, out string? failure)
    {
        value = 0;
        if (!_file.TryReadUInt64(path, out var number, out failure))
        {
            return false;
        }

        value = number;
        return true;
    }
}
