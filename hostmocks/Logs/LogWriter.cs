using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace HostMocks.Logs;

/// <summary>
/// Writes one container's CRI log as containerd and the kubelet do: <c>&lt;RFC3339Nano&gt; &lt;stream&gt; &lt;P|F&gt; &lt;content&gt;</c>
/// lines appended to <c>&lt;restart&gt;.log</c>, long content split into P chunks ending with an F chunk, and rotation
/// once the file reaches the size limit: older rotated files beyond <c>MaxFiles - 2</c> deleted, the remaining plain
/// ones gzipped, then the live file renamed to <c>&lt;restart&gt;.log.&lt;YYYYMMDD-hhmmss&gt;</c> and a new one opened.
/// </summary>
internal sealed class LogWriter : IDisposable
{
    private readonly string _directory;
    private readonly LogWriterOptions _options;
    private FileStream _file;
    private int _restart;
    private int _rotations;

    public LogWriter(string containerDirectory, LogWriterOptions? options = null, int restartCount = 0)
    {
        _directory = containerDirectory;
        _options = options ?? new LogWriterOptions();
        _restart = restartCount;
        Directory.CreateDirectory(_directory);
        _file = OpenLive();
    }

    public string LivePath => Path.Combine(_directory, _restart.ToString(CultureInfo.InvariantCulture) + ".log");

    public int Rotations => _rotations;

    /// <summary>Lines written (one per call to <see cref="Write"/>, however many chunks it took).</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Writes one line of <paramref name="stream"/> (<c>stdout</c> or <c>stderr</c>), rotating first if the file is full.</summary>
    public void Write(string stream, string content) => Write(stream, Encoding.UTF8.GetBytes(content));

    public void Write(string stream, ReadOnlySpan<byte> content)
    {
        if (_file.Length >= _options.MaxFileSize)
        {
            Rotate();
        }

        do
        {
            var chunk = content[..Math.Min(content.Length, _options.ChunkSize)];
            content = content[chunk.Length..];
            WriteChunk(stream, content.Length > 0 ? "P" : "F", chunk);
        }
        while (content.Length > 0);

        LinesWritten++;
        if (_options.AutoFlush)
        {
            _file.Flush();
        }
    }

    /// <summary>Writes raw bytes as they are (malformed lines, a line without its newline).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _file.Write(bytes);
        _file.Flush();
    }

    public void Flush() => _file.Flush();

    /// <summary>The kubelet's rotation of the live file, now.</summary>
    public void Rotate()
    {
        _file.Flush();
        _options.BeforeRotate?.Invoke(LivePath);
        var rotated = Rotated();
        foreach (var old in rotated.Take(Math.Max(0, rotated.Count - Math.Max(0, _options.MaxFiles - 2))))
        {
            File.Delete(old);
        }

        if (_options.Compress)
        {
            foreach (var plain in Rotated().Where(p => !p.EndsWith(".gz", StringComparison.Ordinal)))
            {
                Gzip(plain);
            }
        }

        File.Move(LivePath, RotatedName());
        _file.Dispose();
        _file = OpenLive();
        _rotations++;
    }

    /// <summary>The container restarted: the runtime writes <c>&lt;restart+1&gt;.log</c> from now on.</summary>
    public void Restart()
    {
        _file.Dispose();
        _restart++;
        _file = OpenLive();
    }

    public void Dispose() => _file.Dispose();

    private void WriteChunk(string stream, string tag, ReadOnlySpan<byte> chunk)
    {
        Span<byte> head = stackalloc byte[64];
        var length = Encoding.ASCII.GetBytes(Timestamp(_options.Time.GetUtcNow()) + " " + stream + " " + tag + " ", head);
        _file.Write(head[..length]);
        _file.Write(chunk);
        _file.WriteByte((byte)'\n');
    }

    /// <summary>RFC 3339 with nanoseconds, trailing zeros of the fraction trimmed, as containerd writes it.</summary>
    public static string Timestamp(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    private FileStream OpenLive() =>
        new(LivePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);

    private List<string> Rotated()
    {
        var prefix = Path.GetFileName(LivePath) + ".";
        var files = Directory.GetFiles(_directory)
            .Where(p => Path.GetFileName(p).StartsWith(prefix, StringComparison.Ordinal) && !p.EndsWith(".tmp", StringComparison.Ordinal))
            .ToList();
        files.Sort((a, b) => string.CompareOrdinal(Uncompressed(a), Uncompressed(b)));
        return files;
    }

    private static string Uncompressed(string path) => path.EndsWith(".gz", StringComparison.Ordinal) ? path[..^3] : path;

    /// <summary><c>0.log.YYYYMMDD-hhmmss</c>; the kubelet rotates at most every 10 s, a test faster, so a counter keeps names apart and in order.</summary>
    private string RotatedName()
    {
        var stamp = _options.Time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return LivePath + "." + stamp + "-" + _rotations.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static void Gzip(string path)
    {
        var temp = path + ".gz.tmp";
        using (var source = File.OpenRead(path))
        using (var target = File.Create(temp))
        using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
        {
            source.CopyTo(gzip);
        }

        File.Move(temp, path + ".gz");
        File.Delete(path);
    }
}
