using System.Globalization;
using System.Text;
using HostMocks.Logs;
using HostMocks.Loki;

namespace NodeCollector.Benchmarks.Logs;

/// <summary>
/// CRI log files of <c>files</c> containers, written up front by <see cref="LogWriter"/> under
/// <c>&lt;dir&gt;/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/app/0.log</c>: JSON and logfmt request lines of 200 to 250
/// bytes as written (header included), every fourth to stderr, one in twenty longer than the 256-byte chunk and so
/// written as a P and an F chunk. Timestamps advance by a microsecond per chunk. Remembers per stream (pod and
/// stdout/stderr) how many lines it holds and their <see cref="FakeLokiLineDigest"/>, to check what Loki received.
/// </summary>
internal sealed class CriLogCorpus
{
    public const string Namespace = "bench";
    public const int ChunkSize = 256;

    private readonly Dictionary<(string Pod, string Stream), (long Lines, ulong Digest)> _streams = [];

    private CriLogCorpus()
    {
    }

    public long Bytes { get; private set; }

    public long Lines { get; private set; }

    /// <summary>The pod directories written, to move into the pods directory at once.</summary>
    public IReadOnlyList<string> PodDirectories { get; private set; } = [];

    public IReadOnlyDictionary<(string Pod, string Stream), (long Lines, ulong Digest)> Streams => _streams;

    public static string PodName(int file, string prefix = "load-") => prefix + file.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Writes about <paramref name="totalBytes"/> over <paramref name="files"/> files under <paramref name="dir"/>,
    /// in pods named <paramref name="podPrefix"/> and a number.</summary>
    public static CriLogCorpus Write(string dir, int files, long totalBytes, string podPrefix = "load-")
    {
        var corpus = new CriLogCorpus();
        var clock = new SteppingClock(DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromTicks(10));
        var options = new LogWriterOptions { MaxFileSize = long.MaxValue, AutoFlush = false, ChunkSize = ChunkSize, Compress = false, Time = clock };
        var random = new Random(42);
        var text = new StringBuilder(512);
        var pods = new List<string>();
        var perFile = Math.Max(1, totalBytes / files);
        for (var file = 0; file < files; file++)
        {
            var pod = PodName(file, podPrefix);
            var podDir = Path.Combine(dir, $"{Namespace}_{pod}_{podPrefix}uid-{file}");
            pods.Add(podDir);
            using var writer = new LogWriter(Path.Combine(podDir, "app"), options);
            var stdout = (Lines: 0L, Digest: FakeLokiLineDigest.Empty);
            var stderr = stdout;
            long written = 0;
            for (var seq = 0L; written < perFile; seq++)
            {
                var line = Line(text, random, seq);
                var stream = seq % 4 == 3 ? "stderr" : "stdout";
                writer.Write(stream, line);
                ref var counts = ref stream == "stdout" ? ref stdout : ref stderr;
                counts = (counts.Lines + 1, FakeLokiLineDigest.Add(counts.Digest, line));
                written += HeaderBytes(stream) + line.Length + (line.Length > ChunkSize ? HeaderBytes(stream) : 0);
            }

            writer.Flush();
            corpus.Bytes += new FileInfo(writer.LivePath).Length;
            corpus.Lines += stdout.Lines + stderr.Lines;
            corpus._streams[(pod, "stdout")] = stdout;
            if (stderr.Lines > 0)
            {
                corpus._streams[(pod, "stderr")] = stderr;
            }
        }

        corpus.PodDirectories = pods;
        return corpus;
    }

    // "2024-11-22T01:02:03.1234567Z stdout F " is 36 to 40 bytes; 38 is close enough for sizing the files.
    private static int HeaderBytes(string stream) => 32 + stream.Length;

    private static string Line(StringBuilder text, Random random, long seq)
    {
        text.Clear();
        var long_ = seq % 20 == 7;
        if (seq % 3 == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"time=\"{DateTime.UnixEpoch.AddSeconds(1_700_000_000 + seq):O}\" level=info msg=\"request served\" method=GET path=/api/v1/orders/{random.Next(1_000_000)} status=200 bytes={random.Next(100, 99_999)} duration={random.Next(1, 900)}ms seq={seq}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"level\":\"info\",\"logger\":\"http\",\"msg\":\"request served\",\"method\":\"POST\",\"path\":\"/api/v2/carts/{random.Next(1_000_000)}/items\",\"status\":201,\"duration_ms\":{random.Next(1, 900)}.{random.Next(10)},\"trace_id\":\"{random.NextInt64():x16}\",\"seq\":{seq}}}");
        }

        var target = long_ ? 400 + random.Next(100) : 162 + random.Next(50);
        while (text.Length < target)
        {
            text.Append(" k").Append(random.Next(100)).Append('=').Append(random.Next(1_000_000));
        }

        return text.ToString();
    }

    /// <summary>A clock that moves on by <c>step</c> each time it is read, so every chunk gets its own timestamp.</summary>
    private sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now += step;
    }
}
