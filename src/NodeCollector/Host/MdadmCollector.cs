using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>mdadm</c>: software RAID arrays from <c>/proc/mdstat</c> (disks by state, activity, blocks and
/// blocks synced while a resync, recovery or check runs) and each array's <c>raid_disks</c> and <c>degraded</c> from
/// <c>sys/block/md*/md</c>. A host without md (no mdstat) reports failure, as node_exporter does (no data).
/// </summary>
internal sealed class MdadmCollector : IHostCollector
{
    private static readonly MetricFamily DisksRequired = new("node_md_disks_required", "Total number of disks of device.", MetricType.Gauge);
    private static readonly MetricFamily Disks = new("node_md_disks", "Number of active/failed/spare disks of device.", MetricType.Gauge);
    private static readonly MetricFamily State = new("node_md_state", "Indicates the state of md-device.", MetricType.Gauge);
    private static readonly MetricFamily Blocks = new("node_md_blocks", "Total number of blocks on device.", MetricType.Gauge);
    private static readonly MetricFamily BlocksSynced = new("node_md_blocks_synced", "Number of blocks synced on device.", MetricType.Gauge);
    private static readonly MetricFamily RaidDisks = new("node_md_raid_disks", "Number of raid disks on device.", MetricType.Gauge);
    private static readonly MetricFamily Degraded = new("node_md_degraded", "Number of degraded disks on device.", MetricType.Gauge);

    // node_exporter's state label → the activity mdstat shows.
    private static readonly (string Label, string Activity)[] States =
        [("active", "active"), ("inactive", "inactive"), ("recovering", "recovering"), ("resync", "resyncing"), ("check", "checking")];

    private static readonly string[] RedundantLevels = ["raid1", "raid4", "raid5", "raid6", "raid10"];

    private readonly string _mdstat;
    private readonly string _blockDir;
    private readonly FileBuffer _file = new(4096);
    private readonly FileBuffer _value = new(64);
    private readonly LabelValueCache _strings = new();
    private readonly FamilyGroups _groups = new();
    private readonly List<Range> _lines = [];

    public MdadmCollector(HostCollectorContext context)
    {
        _mdstat = context.Proc("mdstat");
        _blockDir = context.Sys("block");
    }

    public string Name => "mdadm";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_mdstat, out var content, out failure))
        {
            return false;
        }

        _groups.Clear();
        if (!TryParseMdstat(content, out failure) || !TryReadSysfs(out failure))
        {
            return false;
        }

        _groups.WriteTo(writer);
        return true;
    }

    private bool TryParseMdstat(ReadOnlySpan<byte> content, out string? failure)
    {
        failure = null;
        _lines.Clear();
        for (var start = 0; start <= content.Length;)
        {
            var end = content[start..].IndexOf((byte)'\n');
            var stop = end < 0 ? content.Length : start + end;
            _lines.Add(start..stop);
            start = stop + 1;
        }

        for (var i = 0; i < _lines.Count; i++)
        {
            var line = content[_lines[i]];
            if (line.Trim(" \t"u8).IsEmpty || line[0] == ' ' || line.StartsWith("Personalities"u8) || line.StartsWith("unused"u8))
            {
                continue;
            }

            var fields = line;
            if (!Ascii.NextField(ref fields, out var name) || !Ascii.NextField(ref fields, out _) || !Ascii.NextField(ref fields, out var activity))
            {
                failure = $"{_mdstat}: too few fields in a device line";
                return false;
            }

            if (_lines.Count <= i + 3)
            {
                failure = $"{_mdstat}: too few lines for md device {_strings.Get(name)}";
                return false;
            }

            if (!MdstatLines.TryParseStatus(line, content[_lines[i + 1]], out var active, out var total, out var size))
            {
                failure = $"{_mdstat}: malformed status line of {_strings.Get(name)}";
                return false;
            }

            var sync = content[_lines[i + 2]].IndexOf("bitmap"u8) >= 0 ? content[_lines[i + 3]] : content[_lines[i + 2]];
            var synced = (double)size;
            var state = _strings.Get(activity);
            var recovering = sync.IndexOf("recovery"u8) >= 0;
            var checking = sync.IndexOf("check"u8) >= 0;
            if (recovering || checking || sync.IndexOf("resync"u8) >= 0)
            {
                state = recovering ? "recovering" : checking ? "checking" : "resyncing";
                if (sync.IndexOf("PENDING"u8) >= 0 || sync.IndexOf("DELAYED"u8) >= 0)
                {
                    synced = 0;
                }
                else if (!MdstatLines.TryParseProgress(sync, out synced))
                {
                    failure = $"{_mdstat}: malformed progress line of {_strings.Get(name)}";
                    return false;
                }
            }

            Add(_strings.Get(name), state, active, total, Count(line, "(F)"u8), Count(line, "(S)"u8), size, synced);
        }

        return true;
    }

    private void Add(string device, string state, long active, long total, int failed, int spare, long size, double synced)
    {
        var label = new Label("device", device);
        _groups.Add(DisksRequired, label, total);
        _groups.Add(Disks, label, new Label("state", "active"), active);
        _groups.Add(Disks, label, new Label("state", "failed"), failed);
        _groups.Add(Disks, label, new Label("state", "spare"), spare);
        foreach (var (name, activity) in States)
        {
            _groups.Add(State, label, new Label("state", name), activity == state ? 1 : 0);
        }

        _groups.Add(Blocks, label, size);
        _groups.Add(BlocksSynced, label, synced);
    }

    /// <summary>Every array's raid_disks, and degraded for levels with redundancy; no md in sysfs is no data, not a failure.</summary>
    private bool TryReadSysfs(out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_blockDir))
        {
            return true;
        }

        foreach (var dir in Directory.EnumerateDirectories(_blockDir, "md*").Order(StringComparer.Ordinal))
        {
            var md = Path.Combine(dir, "md");
            if (!Directory.Exists(md))
            {
                continue;
            }

            var label = new Label("device", Path.GetFileName(dir));
            if (!_value.TryReadValue(Path.Combine(md, "level"), out var levelText, out failure))
            {
                return false;
            }

            var level = _strings.Get(levelText);
            if (!_value.TryReadUInt64(Path.Combine(md, "raid_disks"), out var raidDisks, out failure))
            {
                return false;
            }

            ulong degraded = 0;
            if (RedundantLevels.Contains(level) && !_value.TryReadUInt64(Path.Combine(md, "degraded"), out degraded, out failure))
            {
                return false;
            }

            _groups.Add(RaidDisks, label, raidDisks);
            _groups.Add(Degraded, label, degraded);
        }

        return true;
    }

    private static int Count(ReadOnlySpan<byte> line, ReadOnlySpan<byte> marker)
    {
        var count = 0;
        for (var at = line.IndexOf(marker); at >= 0; at = line.IndexOf(marker))
        {
            count++;
            line = line[(at + marker.Length)..];
        }

        return count;
    }
}
