using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

/// <summary>Builds tailers over single files with a recording sink, for tests that exercise one file at a time.</summary>
internal sealed class TailerHarness
{
    public ListLogger Logger { get; } = new();

    public LogsCounters Counters { get; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LogTailerSettings Settings { get; init; } = new() { FinishDrainDelay = TimeSpan.Zero, PollInterval = TimeSpan.FromMilliseconds(20) };

    public static StreamLabels Labels(string file) => new(
        LabelSet.From([new Label("file", file), new Label("stream", "stdout")]),
        LabelSet.From([new Label("file", file), new Label("stream", "stderr")]));

    public LogFileTailer Open(string path, ILogSink sink, long startOffset = 0)
    {
        LogFileContent content = path.EndsWith(".gz", StringComparison.Ordinal) ? GzipLogFile.Open(path) : PlainLogFile.Open(path);
        var context = new LogTailerContext
        {
            Labels = Labels(Path.GetFileName(path)),
            Counters = Counters,
            Pod = Counters.ForPod("ns", "pod"),
            Logger = Logger,
            Limiter = new WarningLimiter(Time),
            Time = Time,
            Path = path,
        };
        return new LogFileTailer(content, startOffset, FileFingerprint.Read(content, FileFingerprint.MaxBytes), sink, Settings, context);
    }

    /// <summary>Reads <paramref name="path"/> from <paramref name="startOffset"/> to its end and returns the tailer (finished).</summary>
    public async Task<LogFileTailer> TailToEndAsync(string path, ILogSink sink, long startOffset = 0)
    {
        var tailer = Open(path, sink, startOffset);
        tailer.RequestFinish();
        await tailer.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return tailer;
    }
}
