using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>tapestats</c>: per SCSI tape drive (<c>sys/class/scsi_tape/stN</c>, not the nst/a/l/m aliases)
/// the I/O counters of its <c>stats</c> directory, nanoseconds as seconds.
/// </summary>
internal sealed class TapestatsCollector : IHostCollector
{
    private const double NanosecondsPerSecond = 1000000000;

    private static readonly (string File, MetricFamily Family, double Divisor)[] Stats =
    [
        ("in_flight", new("node_tape_io_now", "The number of I/Os currently outstanding to this device.", MetricType.Gauge), 1),
        ("io_ns", new("node_tape_io_time_seconds_total", "The amount of time spent waiting for all I/O to complete (including read and write). This includes tape movement commands such as seeking between file or set marks and implicit tape movement such as when rewind on close tape devices are used.", MetricType.Counter), NanosecondsPerSecond),
        ("other_cnt", new("node_tape_io_others_total", "The number of I/Os issued to the tape drive other than read or write commands. The time taken to complete these commands uses the following calculation io_time_seconds_total-read_time_seconds_total-write_time_seconds_total", MetricType.Counter), 1),
        ("read_byte_cnt", new("node_tape_read_bytes_total", "The number of bytes read from the tape drive.", MetricType.Counter), 1),
        ("read_cnt", new("node_tape_reads_completed_total", "The number of read requests issued to the tape drive.", MetricType.Counter), 1),
        ("read_ns", new("node_tape_read_time_seconds_total", "The amount of time spent waiting for read requests to complete.", MetricType.Counter), NanosecondsPerSecond),
        ("resid_cnt", new("node_tape_residual_total", "The number of times during a read or write we found the residual amount to be non-zero. This should mean that a program is issuing a read larger thean the block size on tape. For write not all data made it to tape.", MetricType.Counter), 1),
        ("write_byte_cnt", new("node_tape_written_bytes_total", "The number of bytes written to the tape drive.", MetricType.Counter), 1),
        ("write_cnt", new("node_tape_writes_completed_total", "The number of write requests issued to the tape drive.", MetricType.Counter), 1),
        ("write_ns", new("node_tape_write_time_seconds_total", "The amount of time spent waiting for write requests to complete.", MetricType.Counter), NanosecondsPerSecond),
    ];

    private readonly string _classDir;
    private readonly FileBuffer _file = new(64);
    private readonly List<(string Device, double[] Values)> _drives = [];

    public TapestatsCollector(HostCollectorContext context)
    {
        _classDir = context.Sys("class", "scsi_tape");
    }

    public string Name => "tapestats";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_classDir))
        {
            failure = $"{_classDir}: missing (no tape drives)";
            return false;
        }

        _drives.Clear();
        foreach (var dir in Directory.EnumerateDirectories(_classDir, "st*"))
        {
            var device = Path.GetFileName(dir);
            if (device.Length < 3 || !device[2..].All(char.IsAsciiDigit))
            {
                continue;
            }

            var values = new double[Stats.Length];
            for (var i = 0; i < Stats.Length; i++)
            {
                var path = Path.Combine(dir, "stats", Stats[i].File);
                if (!_file.TryReadValue(path, out var text, out failure) || !Ascii.TryParseUInt64(text, out var count))
                {
                    failure ??= $"{path}: not a number";
                    return false;
                }

                values[i] = count / Stats[i].Divisor;
            }

            _drives.Add((device, values));
        }

        for (var i = 0; i < Stats.Length; i++)
        {
            writer.WriteFamily(Stats[i].Family);
            foreach (var (device, values) in _drives)
            {
                writer.WriteSample(Stats[i].Family.Name, "device", device, values[i]);
            }
        }

        return true;
    }
}
