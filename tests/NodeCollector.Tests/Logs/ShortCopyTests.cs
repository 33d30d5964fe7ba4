using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

/// <summary>
/// Copytruncate copies shorter than the fingerprint (<see cref="FileFingerprint.MaxBytes"/>) of the file they copy:
/// seen while still being written, or complete but taken before the last writes the original got. Rounds run only
/// when the test says; the clock is fake.
/// </summary>
public sealed class ShortCopyTests : IAsyncDisposable
{
    private const string Copy = "0.log.20240101-120010";
    private readonly LogsServiceHarness _harness = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogSink _sink = new();
    private readonly LogsCounters _counters = new();
    private int _written;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_copy_seen_while_shorter_than_the_fingerprint_waits_and_is_not_read_again()
    {
        var live = Path.Combine(_harness.ContainerDir("shop", "api-1", "app"), "0.log");
        Append(live, 10);
        using var reconciler = Reconciler();
        reconciler.Round(null);
        await UntilAsync(10);

        // logrotate's copytruncate, caught while the copy has its first 100 bytes only.
        var original = File.ReadAllBytes(live);
        Assert.True(original.Length > FileFingerprint.MaxBytes);
        WriteCopy(live, original.AsSpan(0, 100));
        reconciler.Round(null);
        await Task.Delay(200);
        Assert.Equal(10, _sink.Count);

        WriteCopy(live, original);
        Truncate(live);
        Append(live, 1);
        WakeAll(reconciler);
        await UntilAsync(11);

        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(Expected(11), _sink.Entries.Select(e => e.Line));
        Assert.Equal(1, _counters.Truncations);
    }

    [Fact]
    public async Task A_complete_copy_shorter_than_the_fingerprint_of_the_truncated_file_is_not_read_again()
    {
        var live = Path.Combine(_harness.ContainerDir("shop", "api-1", "app"), "0.log");
        Append(live, 4);
        using var reconciler = Reconciler();
        reconciler.Round(null);
        await UntilAsync(4);

        // The copy holds the first 4 lines; 2 more reach the original (and are read) before it is truncated.
        WriteCopy(live, File.ReadAllBytes(live));
        Assert.True(new FileInfo(Path.Combine(Path.GetDirectoryName(live)!, Copy)).Length < FileFingerprint.MaxBytes);
        Append(live, 2);
        WakeAll(reconciler);
        await UntilAsync(6);
        Assert.True(new FileInfo(live).Length > FileFingerprint.MaxBytes);
        Truncate(live);
        Append(live, 1);
        WakeAll(reconciler);
        await UntilAsync(7);

        reconciler.Round(null);
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(Expected(7), _sink.Entries.Select(e => e.Line));
        Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6000 && e.Message.Contains("before its truncation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_short_rotated_file_that_is_no_copy_is_read_from_its_start(bool originalTruncated)
    {
        var live = Path.Combine(_harness.ContainerDir("shop", "api-1", "app"), "0.log");
        Append(live, 10);
        using var reconciler = Reconciler();
        reconciler.Round(null);
        await UntilAsync(10);
        if (originalTruncated)
        {
            Truncate(live);
            Append(live, 1);
            WakeAll(reconciler);
            await UntilAsync(11);
        }

        var before = _sink.Count;
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(live)!, Copy), "2024-01-01T11:59:59Z stdout F not a copy\n");
        reconciler.Round(null);
        await UntilAsync(before + 1);

        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal([.. Expected(before), "not a copy"], _sink.Entries.Select(e => e.Line));
    }

    private LogFileReconciler Reconciler() => _harness.Reconciler(_sink, _time, counters: _counters);

    private static List<string> Expected(int count) => [.. Enumerable.Range(0, count).Select(i => $"line {i} of the container")];

    private void Append(string path, int lines)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        for (var i = 0; i < lines; i++, _written++)
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes($"2024-01-01T12:00:{_written:00}Z stdout F line {_written} of the container\n"));
        }
    }

    /// <summary>Writes (or rewrites) the copy as logrotate does, sharing it with the collector's open.</summary>
    private static void WriteCopy(string live, ReadOnlySpan<byte> bytes)
    {
        using var copy = new FileStream(Path.Combine(Path.GetDirectoryName(live)!, Copy), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        copy.Write(bytes);
    }

    private static void Truncate(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        file.SetLength(0);
    }

    private static void WakeAll(LogFileReconciler reconciler)
    {
        foreach (var tailer in reconciler.Tailers)
        {
            tailer.Wake();
        }
    }

    private Task UntilAsync(int count) => Poll.UntilAsync(() => _sink.Count >= count, TimeSpan.FromSeconds(5), $"{count} lines ({_sink.Count} so far)");
}
