using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>textfile</c>: the metrics of every <c>*.prom</c> file in <c>textfile.directory</c>, with each
/// file's mtime and <c>node_textfile_scrape_error</c>. A file is parsed again only when its mtime or size changes.
/// A file that cannot be read or parsed is skipped and sets the error gauge; the collector itself still succeeds.
/// </summary>
internal sealed class TextfileCollector : IHostCollector
{
    private static readonly MetricFamily Mtime = new("node_textfile_mtime_seconds", "Unixtime mtime of textfiles successfully read.", MetricType.Gauge);

    private static readonly MetricFamily ScrapeError =
        new("node_textfile_scrape_error", "1 if there was an error opening or reading a file, 0 otherwise", MetricType.Gauge);

    // Families our other metric sources write; a textfile may not shadow them.
    private static readonly string[] ReservedPrefixes = ["process_", "nodecollector_", "node_textfile_", "node_scrape_collector_"];

    private readonly string _directory;
    private readonly Dictionary<string, (DateTime Mtime, long Size, List<TextfileFamily>? Families)> _parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TextfileFamily> _merged = new(StringComparer.Ordinal);
    private readonly List<(string Path, double Mtime)> _mtimes = [];

    public TextfileCollector(HostCollectorContext context)
    {
        _directory = context.Options.Textfile.Directory;
    }

    public string Name => "textfile";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        var errored = false;
        _merged.Clear();
        _mtimes.Clear();
        string[] files;
        try
        {
            files = Directory.GetFiles(_directory, "*.prom");
            Array.Sort(files, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            files = [];
            errored = true;
        }

        foreach (var path in files)
        {
            var info = new FileInfo(path);
            if (!_parsed.TryGetValue(path, out var entry) || entry.Mtime != info.LastWriteTimeUtc || entry.Size != info.Length)
            {
                entry = (info.LastWriteTimeUtc, info.Length, Parse(path));
                _parsed[path] = entry;
            }

            if (entry.Families is null)
            {
                errored = true;
                continue;
            }

            foreach (var family in entry.Families)
            {
                if (Array.Exists(ReservedPrefixes, p => family.Family.Name.StartsWith(p, StringComparison.Ordinal)))
                {
                    errored = true;
                }
                else if (_merged.TryGetValue(family.Family.Name, out var existing))
                {
                    existing.Samples.AddRange(family.Samples);
                }
                else
                {
                    _merged[family.Family.Name] = family with { Samples = [.. family.Samples] };
                }
            }

            _mtimes.Add((path, (entry.Mtime - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond));
        }

        foreach (var family in _merged.Values)
        {
            writer.WriteFamily(family.Family);
            foreach (var (name, labels, value) in family.Samples)
            {
                writer.WriteSample(name, labels, value);
            }
        }

        writer.WriteFamily(Mtime);
        foreach (var (path, mtime) in _mtimes)
        {
            writer.WriteSample(Mtime.Name, "file", path, mtime);
        }

        writer.WriteSingle(ScrapeError, errored ? 1 : 0);
        return true;
    }

    private static List<TextfileFamily>? Parse(string path)
    {
        var buffer = new FileBuffer(4096);
        return buffer.TryRead(path, out var bytes, out _)
            && TextfileParser.TryParse(bytes.ToArray(), path, out var families, out _)
            ? families
            : null;
    }
}
