using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>node_exporter's <c>filefd</c>: allocated and maximum file handles from <c>/proc/sys/fs/file-nr</c>.</summary>
internal sealed class FilefdCollector : IHostCollector
{
    private static readonly MetricFamily Allocated = new("node_filefd_allocated", "File descriptor statistics: allocated.", MetricType.Gauge);
    private static readonly MetricFamily Maximum = new("node_filefd_maximum", "File descriptor statistics: maximum.", MetricType.Gauge);

    private readonly string _path;
    private readonly FileBuffer _file = new(128);

    public FilefdCollector(HostCollectorContext context)
    {
        _path = context.Proc("sys", "fs", "file-nr");
    }

    public string Name => "filefd";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        if (!_file.TryRead(_path, out var line, out failure))
        {
            return false;
        }

        // allocated, unused (always 0 since 2.6), maximum.
        if (!Ascii.NextField(ref line, out var allocated) || !Ascii.TryParseUInt64(allocated, out var allocatedValue)
            || !Ascii.NextField(ref line, out _)
            || !Ascii.NextField(ref line, out var maximum) || !Ascii.TryParseUInt64(maximum, out var maximumValue))
        {
            failure = $"{_path}: expected three numbers";
            return false;
        }

        writer.WriteSingle(Allocated, allocatedValue);
        writer.WriteSingle(Maximum, maximumValue);
        return true;
    }
}
