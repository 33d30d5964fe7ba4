using System.IO.Compression;
using NodeCollector.Files;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

/// <summary>
/// Files whose whole life falls between two discovery rounds, on the real file system: the notifications are handed
/// to <see cref="NotifiedFileOpener"/> in the order the watcher raises them, and the rounds run only when the test
/// says (the clock is fake, so no periodic round runs in between).
/// </summary>
public sealed class NotifiedFileTests : IAsyncDisposable
{
    private const string Rotated = "0.log.20240101-120000";
    private readonly LogsServiceHarness _harness = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogSink _sink = new();
    private readonly LogsCounters _counters = new();
    private int _roundsRequested;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_file_created_rotated_and_deleted_between_two_rounds_is_read_through_the_handle_opened_at_its_notification()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = Reconciler();
        reconciler.Round(null);
        var opener = Opener(reconciler);

        var live = Path.Combine(dir, "0.log");
        CreateNotified(opener, live, "first", "second");
        RotateNotified(opener, live);
        DeleteNotified(opener, Path.Combine(dir, Rotated));

        reconciler.Round(null);
        await Poll.UntilAsync(() => _sink.Count == 2, TimeSpan.FromSeconds(5), "the lines of the deleted file");
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(["first", "second"], _sink.Entries.Select(e => e.Line));
        Assert.Equal(0, _counters.FilesMissed);
    }

    [Fact]
    public async Task A_file_opened_when_created_and_gone_before_its_rename_was_notified_is_read_not_missed()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = Reconciler();
        reconciler.Round(null);
        var opener = Opener(reconciler);

        var live = Path.Combine(dir, "0.log");
        CreateNotified(opener, live, "opened in time");
        File.Move(live, Path.Combine(dir, Rotated));
        File.Delete(Path.Combine(dir, Rotated));
        opener.Renamed(live, Path.Combine(dir, Rotated));
        opener.Deleted(Path.Combine(dir, Rotated));

        reconciler.Round(null);
        await Poll.UntilAsync(() => _sink.Count == 1, TimeSpan.FromSeconds(5), "the line of the deleted file");
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(0, _counters.FilesMissed);
        Assert.DoesNotContain(_harness.Logger.Entries, e => e.EventId == 6023);
    }

    [Fact]
    public async Task A_file_created_rotated_and_gzipped_between_two_rounds_is_read_once_not_again_from_its_gzip()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = _harness.Reconciler(_sink, _time, counters: _counters, readGzipRotated: true);
        reconciler.Round(null);
        var opener = Opener(reconciler);

        var live = Path.Combine(dir, "0.log");
        CreateNotified(opener, live, "one", "two", "three");
        RotateNotified(opener, live);
        Gzip(Path.Combine(dir, Rotated));
        opener.Created(Path.Combine(dir, Rotated + ".gz"));
        DeleteNotified(opener, Path.Combine(dir, Rotated));

        reconciler.Round(null);
        await Poll.UntilAsync(() => _sink.Count == 3, TimeSpan.FromSeconds(5), "the lines of the gzipped file");
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(["one", "two", "three"], _sink.Entries.Select(e => e.Line));
        Assert.Equal(0, _counters.FilesMissed);
    }

    [Fact]
    public async Task A_file_held_open_and_still_listed_under_its_rotated_name_is_read_once()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = Reconciler();
        reconciler.Round(null);
        var opener = Opener(reconciler);

        var live = Path.Combine(dir, "0.log");
        CreateNotified(opener, live, "kept");
        RotateNotified(opener, live);
        CreateNotified(opener, live, "newer");

        reconciler.Round(null);
        Assert.Equal(0, reconciler.HeldOpenCount);
        await Poll.UntilAsync(() => _sink.Count == 2, TimeSpan.FromSeconds(5), "both files");
        DeleteNotified(opener, Path.Combine(dir, Rotated));
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(["kept", "newer"], _sink.Entries.Select(e => e.Line));
        Assert.Equal(0, _counters.FilesMissed);
    }

    [Fact]
    public async Task A_file_whose_notification_is_handled_after_its_gzip_was_read_is_not_read_again()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = _harness.Reconciler(_sink, _time, counters: _counters, readGzipRotated: true);
        var rotated = Path.Combine(dir, Rotated);
        File.WriteAllText(rotated, Lines("once", "only"));
        var late = PlainLogFile.Open(rotated);
        Gzip(rotated);
        File.Delete(rotated);

        reconciler.Round(null);
        await Poll.UntilAsync(() => _sink.Count == 2, TimeSpan.FromSeconds(5), "the gzipped lines");
        reconciler.Opened(rotated, late);
        reconciler.Round(null);
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal(["once", "only"], _sink.Entries.Select(e => e.Line));
    }

    [Fact]
    public async Task A_file_gone_before_it_could_be_opened_is_counted_missed_with_its_size_unknown()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = Reconciler();
        reconciler.Round(null);
        var opener = Opener(reconciler);

        // The watcher raises the notifications after the file is long gone: its open fails.
        var live = Path.Combine(dir, "0.log");
        File.WriteAllText(live, Lines("never seen"));
        File.Move(live, Path.Combine(dir, Rotated));
        File.Delete(Path.Combine(dir, Rotated));
        opener.Created(live);
        opener.Renamed(live, Path.Combine(dir, Rotated));
        opener.Deleted(Path.Combine(dir, Rotated));

        reconciler.Round(null);
        Assert.Equal(1, _counters.FilesMissed);
        Assert.Equal(0, _counters.BytesMissed);
        var missed = Assert.Single(_harness.Logger.Entries, e => e.EventId == 6023);
        Assert.Contains(Rotated, missed.Message, StringComparison.Ordinal);
        Assert.Contains("size is unknown", missed.Message, StringComparison.Ordinal);
        await LogsServiceHarness.FinishAsync(reconciler, _time);
    }

    [Fact]
    public async Task A_file_gone_before_it_could_be_opened_but_gzipped_is_left_to_its_gzip()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = _harness.Reconciler(_sink, _time, counters: _counters, readGzipRotated: true);
        reconciler.Round(null);
        var opener = Opener(reconciler);

        var rotated = Path.Combine(dir, Rotated);
        File.WriteAllText(rotated, Lines("in the gzip"));
        Gzip(rotated);
        File.Delete(rotated);
        opener.Created(rotated);
        opener.Deleted(rotated);

        reconciler.Round(null);
        await Poll.UntilAsync(() => _sink.Count == 1, TimeSpan.FromSeconds(5), "the gzipped line");
        Assert.Equal(0, _counters.FilesMissed);
        Assert.DoesNotContain(_harness.Logger.Entries, e => e.EventId == 6023);
        await LogsServiceHarness.FinishAsync(reconciler, _time);
    }

    [Fact]
    public void A_notification_overflow_is_counted_logged_and_asks_for_a_full_round()
    {
        using var reconciler = Reconciler();
        var opener = Opener(reconciler);

        opener.Overflowed(_harness.PodsDir, new InternalBufferOverflowException("too many changes at once"));

        Assert.Equal(1, _counters.WatcherOverflows);
        Assert.Equal(1, _roundsRequested);
        Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6024 && e.Message.Contains("too many changes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_watcher_opens_a_created_file_before_it_asks_for_a_round()
    {
        var dir = _harness.ContainerDir("shop", "api-1", "app");
        using var reconciler = Reconciler();
        reconciler.Round(null);
        using var watcher = PodsDirWatcher.TryStart(_harness.PodsDir, Opener(reconciler), _ => { }, _harness.Logger);
        Assert.NotNull(watcher);

        var live = Path.Combine(dir, "0.log");
        File.WriteAllText(live, Lines("short-lived"));
        await Poll.UntilAsync(() => Volatile.Read(ref _roundsRequested) >= 1, TimeSpan.FromSeconds(5), "the created notification");
        File.Move(live, Path.Combine(dir, Rotated));
        File.Delete(Path.Combine(dir, Rotated));
        await Poll.UntilAsync(() => Volatile.Read(ref _roundsRequested) >= 3, TimeSpan.FromSeconds(5), "the renamed and deleted notifications");

        reconciler.Round(null);
        await Poll.UntilAsync(() => _sink.Count == 1, TimeSpan.FromSeconds(5), "the line of the deleted file");
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Equal("short-lived", Assert.Single(_sink.Entries).Line);
        Assert.Equal(0, _counters.FilesMissed);
    }

    private LogFileReconciler Reconciler() => _harness.Reconciler(_sink, _time, counters: _counters);

    [Fact]
    public async Task A_file_notified_through_a_container_directory_linked_outside_the_pods_directory_is_not_opened()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_harness.Root, "outside")).FullName;
        var podDir = Directory.CreateDirectory(Path.Combine(_harness.PodsDir, "shop_api-1_uid-1")).FullName;
        var linked = Path.Combine(podDir, "app");
        Directory.CreateSymbolicLink(linked, outside);
        using var reconciler = Reconciler();
        reconciler.Round(null);
        var opener = Opener(reconciler);

        File.WriteAllText(Path.Combine(outside, "0.log"), Lines("secret"));
        opener.Created(Path.Combine(linked, "0.log"));
        File.Delete(Path.Combine(outside, "0.log"));
        opener.Deleted(Path.Combine(linked, "0.log"));

        reconciler.Round(null);
        await LogsServiceHarness.FinishAsync(reconciler, _time);
        Assert.Empty(_sink.Entries);
        Assert.Equal(0, reconciler.HeldOpenCount);
    }

    private NotifiedFileOpener Opener(LogFileReconciler reconciler) =>
        new(reconciler, new ConfinedRoot(_harness.PodsDir), _counters, _harness.Logger, _time, () => Interlocked.Increment(ref _roundsRequested));

    // A file operation with its notification delivered at once; tests that delay or reorder notifications spell
    // the steps out instead.
    private static void CreateNotified(NotifiedFileOpener opener, string path, params string[] lines)
    {
        File.WriteAllText(path, Lines(lines));
        opener.Created(path);
    }

    private static void RotateNotified(NotifiedFileOpener opener, string live)
    {
        var rotated = Path.Combine(Path.GetDirectoryName(live)!, Rotated);
        File.Move(live, rotated);
        opener.Renamed(live, rotated);
    }

    private static void DeleteNotified(NotifiedFileOpener opener, string path)
    {
        File.Delete(path);
        opener.Deleted(path);
    }

    private static string Lines(params string[] lines) =>
        string.Concat(lines.Select((line, i) => $"2024-01-01T12:00:0{i}Z stdout F {line}\n"));

    private static void Gzip(string path)
    {
        using var source = File.OpenRead(path);
        using var target = new GZipStream(File.Create(path + ".gz"), CompressionLevel.Fastest);
        source.CopyTo(target);
    }
}
