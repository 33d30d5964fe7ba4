using System.Globalization;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>diskstats</c>: per block device I/O counters from <c>/proc/diskstats</c> (as many as the kernel
/// writes: 11, 15 or 17; sectors × 512, milliseconds × 0.001), <c>node_disk_info</c> with rotational from sysfs and
/// model, serial and path from the udev database, and udev's filesystem, device mapper and ATA properties.
/// </summary>
internal sealed class DiskstatsCollector : IHostCollector
{
    private const double SecondsPerTick = 0.001;
    private const double SectorSize = 512;

    private static readonly (string Name, string Help, MetricType Type, double Scale)[] Counters =
    [
        ("reads_completed_total", "The total number of reads completed successfully.", MetricType.Counter, 1),
        ("reads_merged_total", "The total number of reads merged.", MetricType.Counter, 1),
        ("read_bytes_total", "The total number of bytes read successfully.", MetricType.Counter, SectorSize),
        ("read_time_seconds_total", "The total number of seconds spent by all reads.", MetricType.Counter, SecondsPerTick),
        ("writes_completed_total", "The total number of writes completed successfully.", MetricType.Counter, 1),
        ("writes_merged_total", "The number of writes merged.", MetricType.Counter, 1),
        ("written_bytes_total", "The total number of bytes written successfully.", MetricType.Counter, SectorSize),
        ("write_time_seconds_total", "This is the total number of seconds spent by all writes.", MetricType.Counter, SecondsPerTick),
        ("io_now", "The number of I/Os currently in progress.", MetricType.Gauge, 1),
        ("io_time_seconds_total", "Total seconds spent doing I/Os.", MetricType.Counter, SecondsPerTick),
        ("io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.", MetricType.Counter, SecondsPerTick),
        ("discards_completed_total", "The total number of discards completed successfully.", MetricType.Counter, 1),
        ("discards_merged_total", "The total number of discards merged.", MetricType.Counter, 1),
        ("discarded_sectors_total", "The total number of sectors discarded successfully.", MetricType.Counter, 1),
        ("discard_time_seconds_total", "This is the total number of seconds spent by all discards.", MetricType.Counter, SecondsPerTick),
        ("flush_requests_total", "The total number of flush requests completed successfully", MetricType.Counter, 1),
        ("flush_requests_time_seconds_total", "This is the total number of seconds spent by all flush requests.", MetricType.Counter, SecondsPerTick),
    ];

    private static readonly MetricFamily[] CounterFamilies = [.. Counters.Select(c => new MetricFamily("node_disk_" + c.Name, c.Help, c.Type))];
    private static readonly MetricFamily Info = new("node_disk_info", "Info of /sys/block/<block_device>.", MetricType.Gauge);
    private static readonly MetricFamily FilesystemInfo = new("node_disk_filesystem_info", "Info about disk filesystem.", MetricType.Gauge);
    private static readonly MetricFamily DeviceMapperInfo = new("node_disk_device_mapper_info", "Info about disk device mapper.", MetricType.Gauge);

    private static readonly (string Key, MetricFamily Family)[] Ata =
    [
        ("ID_ATA_ROTATION_RATE_RPM", new("node_disk_ata_rotation_rate_rpm", "ATA disk rotation rate in RPMs (0 for SSDs).", MetricType.Gauge)),
        ("ID_ATA_WRITE_CACHE", new("node_disk_ata_write_cache", "ATA disk has a write cache.", MetricType.Gauge)),
        ("ID_ATA_WRITE_CACHE_ENABLED", new("node_disk_ata_write_cache_enabled", "ATA disk has its write cache enabled.", MetricType.Gauge)),
    ];

    private readonly string _path;
    private readonly string _blockDir;
    private readonly string _udevDir;
    private readonly DeviceFilter _devices;
    private readonly FileBuffer _file = new(8192);
    private readonly FileBuffer _rotational = new(16);
    private readonly LabelValueCache _strings = new();
    private readonly UdevProperties _udev;
    private readonly RecordingMetricWriter _info = new();
    private readonly Dictionary<string, (string Rotational, string Udev)> _devicePaths = new(StringComparer.Ordinal);
    private readonly List<(string Device, int Count, double[] Values)> _rows = [];
    private readonly Label[] _labels = new Label[9];

    public DiskstatsCollector(HostCollectorContext context)
    {
        _path = context.Proc("diskstats");
        _blockDir = context.Sys("block");
        _udevDir = context.UdevData;
        _devices = new DeviceFilter(context.Options.Diskstats.DeviceExclude);
        _udev = new UdevProperties(_strings);
    }

    public string Name => "diskstats";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var text, out failure))
        {
            return false;
        }

        _info.Clear();
        var rows = 0;
        Span<ulong> fields = stackalloc ulong[Counters.Length];
        while (Ascii.NextLine(ref text, out var line))
        {
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (!Ascii.NextField(ref line, out var majorText) || !Ascii.TryParseUInt64(majorText, out var major)
                || !Ascii.NextField(ref line, out var minorText) || !Ascii.TryParseUInt64(minorText, out var minor)
                || !Ascii.NextField(ref line, out var name))
            {
                failure = $"{_path}: a line without major, minor and name";
                return false;
            }

            var count = 0;
            while (count < fields.Length && Ascii.NextField(ref line, out var field))
            {
                if (!Ascii.TryParseUInt64(field, out fields[count++]))
                {
                    failure = $"{_path}: not a number";
                    return false;
                }
            }

            if (count < 11)
            {
                failure = $"{_path}: a device with {count} counters, expected 11, 15 or 17";
                return false;
            }

            var device = _strings.Get(name);
            if (rows == 0)
            {
                _rows.Clear();
            }

            rows++;
            if (_devices.Excludes(device))
            {
                continue;
            }

            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = fields[i] * Counters[i].Scale;
            }

            _rows.Add((device, count, values));
            RecordInfo(device, major, minor);
        }

        if (rows == 0)
        {
            failure = $"{_path}: no devices";
            return false;
        }

        for (var c = 0; c < CounterFamilies.Length; c++)
        {
            writer.WriteFamily(CounterFamilies[c]);
            foreach (var (device, count, values) in _rows)
            {
                if (c < count)
                {
                    writer.WriteSample(CounterFamilies[c].Name, "device", device, values[c]);
                }
            }
        }

        WriteInfoByFamily(writer);
        return true;
    }

    private void RecordInfo(string device, ulong major, ulong minor)
    {
        if (!_devicePaths.TryGetValue(device, out var paths))
        {
            paths = (Path.Combine(_blockDir, device, "queue", "rotational"), Path.Combine(_udevDir, $"b{major}:{minor}"));
            _devicePaths[device] = paths;
        }

        _udev.Read(paths.Udev);
        var rotational = _rotational.TryReadValue(paths.Rotational, out var text, out _) && Ascii.TryParseUInt64(text, out var r) && r != 0 ? "1" : "0";
        var serial = _udev["SCSI_IDENT_SERIAL"] is { Length: > 0 } ident ? ident
            : _udev["ID_SERIAL_SHORT"] is { Length: > 0 } serialShort ? serialShort
            : _udev.Get("ID_SERIAL");
        _info.WriteFamily(Info);
        _info.WriteSample(Info.Name, [new("device", device), new("major", _strings.Get((long)major)), new("minor", _strings.Get((long)minor)),
            new("model", _udev.Get("ID_MODEL")), new("path", _udev.Get("ID_PATH")), new("revision", _udev.Get("ID_REVISION")),
            new("rotational", rotational), new("serial", serial), new("wwn", _udev.Get("ID_WWN"))], 1);
        if (_udev["ID_FS_TYPE"] is { Length: > 0 } fsType)
        {
            _info.WriteFamily(FilesystemInfo);
            _info.WriteSample(FilesystemInfo.Name, [new("device", device), new("type", fsType), new("usage", _udev.Get("ID_FS_USAGE")),
                new("uuid", _udev.Get("ID_FS_UUID")), new("version", _udev.Get("ID_FS_VERSION"))], 1);
        }

        if (_udev["DM_NAME"] is { Length: > 0 } dmName)
        {
            _info.WriteFamily(DeviceMapperInfo);
            _info.WriteSample(DeviceMapperInfo.Name, [new("device", device), new("lv_layer", _udev.Get("DM_LV_LAYER")), new("lv_name", _udev.Get("DM_LV_NAME")),
                new("name", dmName), new("uuid", _udev.Get("DM_UUID")), new("vg_name", _udev.Get("DM_VG_NAME"))], 1);
        }

        if (_udev["ID_ATA"] is { Length: > 0 })
        {
            foreach (var (key, family) in Ata)
            {
                if (_udev[key] is { } value && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    _info.WriteFamily(family);
                    _info.WriteSample(family.Name, "device", device, number);
                }
            }
        }
    }

    /// <summary>The info samples were recorded per device; write them grouped by family.</summary>
    private void WriteInfoByFamily(IMetricWriter writer)
    {
        foreach (var family in (ReadOnlySpan<MetricFamily>)[Info, FilesystemInfo, DeviceMapperInfo, Ata[0].Family, Ata[1].Family, Ata[2].Family])
        {
            writer.WriteFamily(family);
            for (var i = 0; i < _info.Families.Count; i++)
            {
                if (ReferenceEquals(_info.Families[i].Name, family.Name))
                {
                    var sample = _info.GetSample(i);
                    writer.WriteSample(sample.Name, sample.Labels.Span, sample.Value);
                }
            }
        }
    }
}
