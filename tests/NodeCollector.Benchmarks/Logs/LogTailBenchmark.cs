using System.Text;
using BenchmarkDotNet.Attributes;
using HostMocks.Logs;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Benchmarks.Logs;

/// <summary>
/// Tailing and parsing one CRI log file from start to end into a sink that only acknowledges: the reading side of
/// the logs pipeline without the Loki encoder. The file (written by <see cref="LogWriter"/>) holds 200,000 lines of
/// 60 to 260 content bytes, one in twenty split into P chunks. Results are per line
/// (<see cref="OperationsPerInvokeAttribute"/>): MB/s = bytes per line / time per line.
/// </summary>
[MemoryDiagnoser]
public class LogTailBenchmark
{
    public const int Lines = 200_000;

    private readonly AcknowledgingSink _sink = new();
    private string _dir = null!;
    private string _path = null!;

    /// <summary>Average bytes of the file per line, to turn time per line into MB/s.</summary>
    public static double BytesPerLine { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("nc-tail-bench-").FullName;
        using var writer = new LogWriter(_dir, new LogWriterOptions { MaxFileSize = long.MaxValue, AutoFlush = false, ChunkSize = 200 });
        var random = new Random(7);
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Clear().Append("level=info msg=\"request served\" path=/api/v1/orders/").Append(i).Append(" status=200 ");
            text.Append('x', random.Next(10, i % 20 == 0 ? 300 : 200));
            writer.Write(i % 4 == 0 ? "stderr" : "stdout", text.ToString());
        }

        writer.Flush();
        _path = writer.LivePath;
        BytesPerLine = new FileInfo(_path).Length / (double)Lines;
        Console.WriteLine($"// {Lines} lines, {new FileInfo(_path).Length} bytes, {BytesPerLine:0.0} bytes per line");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task<long> TailAndParse()
    {
        var content = PlainLogFile.Open(_path);
        var context = new LogTailerContext
        {
            Labels = new StreamLabels(LabelSet.From([new Label("stream", "stdout")]), LabelSet.From([new Label("stream", "stderr")])),
            Counters = new LogsCounters(),
            Pod = new PodReadCounters(),
            Logger = NullLogger.Instance,
            Limiter = new WarningLimiter(TimeProvider.System),
            Time = TimeProvider.System,
            Path = _path,
        };
        var tailer = new LogFileTailer(content, 0, FileFingerprint.Read(content, FileFingerprint.MaxBytes), _sink, new LogTailerSettings { FinishDrainDelay = TimeSpan.Zero }, context);
        tailer.RequestFinish();
        await tailer.RunAsync(CancellationToken.None);
        return tailer.AckedOffset;
    }

    private sealed class AcknowledgingSink : ILogSink
    {
        public ValueTask WriteAsync(ILogSource source, LabelSet streamLabels, LogEntry entry, CancellationToken cancellationToken)
        {
            source.Acknowledge(entry.ResumeOffset);
            return ValueTask.CompletedTask;
        }
    }
}
