using System.Diagnostics;
using HostMocks.Logs;
using NodeCollector.Config;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

public sealed class LogsServiceTests : IAsyncDisposable
{
    private readonly LogsServiceHarness _harness = new();

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_new_file_is_picked_up_within_a_second_and_labelled_from_the_directory_names()
    {
        var sink = new RecordingLogSink();
        await _harness.StartAsync(sink);
        await Task.Delay(100);

        var clock = Stopwatch.StartNew();
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        writer.Write("stdout", "hello");
        await Poll.UntilAsync(() => sink.Count == 1, TimeSpan.FromSeconds(5), "the first line");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");

        var entry = sink.Entries[0];
        Assert.Equal("hello", entry.Line);
        Assert.Equal(
            "{container=\"app\", job=\"shop/app\", namespace=\"shop\", node=\"node-1\", pod=\"api-1\", stream=\"stdout\"}",
            entry.Labels.ToString());
    }

    [Fact]
    public async Task Relabel_rules_include_and_exclude_by_namespace_and_container_and_can_add_labels()
    {
        using var system = new LogWriter(_harness.ContainerDir("kube-system", "proxy-1", "proxy"));
        using var app = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        using var sidecar = new LogWriter(_harness.ContainerDir("shop", "api-1", "istio-proxy"));
        system.Write("stdout", "system line");
        app.Write("stdout", "app line");
        sidecar.Write("stdout", "sidecar line");

        var sink = new RecordingLogSink();
        await _harness.StartAsync(sink, o => o with
        {
            RelabelConfigs =
            [
                new RelabelConfig { Action = "drop", SourceLabels = ["__meta_kubernetes_namespace"], Regex = "kube-system" },
                new RelabelConfig { Action = "drop", SourceLabels = ["__meta_kubernetes_pod_container_name"], Regex = "istio-.*" },
                new RelabelConfig { SourceLabels = ["__path__"], Regex = ".*_(api)-1_.*", TargetLabel = "service" },
            ],
        });
        await Poll.UntilAsync(() => sink.Count >= 1, TimeSpan.FromSeconds(5), "the app line");
        await Task.Delay(300);

        var entry = Assert.Single(sink.Entries);
        Assert.Equal("app line", entry.Line);
        Assert.Equal("api", entry.Labels.Get("service"));
    }

    [Fact]
    public async Task Files_rotated_and_compressed_while_read_deliver_every_line_exactly_once()
    {
        var sink = new RecordingLogSink();
        var expected = new List<string>();
        LogsService? service = null;
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"), new LogWriterOptions
        {
            MaxFileSize = 8 * 1024,
            MaxFiles = 3,
            ChunkSize = 100,
            // Rotate only once the live file was discovered (not read: reading lags behind rename and gzip). The
            // kubelet rotates at most every 10 s; without this a loaded machine could miss a file whose whole life,
            // here a few milliseconds, falls between two discovery rounds.
            BeforeRotate = live => LogTailing.WaitUntilTailed(service!, live),
        });
        service = await _harness.StartAsync(sink, o => o with { ReadGzipRotated = true });
        for (var i = 0; i < 4000; i++)
        {
            var line = $"line {i} " + new string('x', i % 7 == 0 ? 250 : i % 40);
            writer.Write(i % 5 == 0 ? "stderr" : "stdout", line);
            expected.Add(line);
        }

        Assert.True(writer.Rotations > 20);
        await Poll.UntilAsync(() => sink.Count >= expected.Count, TimeSpan.FromSeconds(20), $"every line ({sink.Count} of {expected.Count})");
        await Task.Delay(300);
        Assert.Equal(expected.Order(StringComparer.Ordinal), sink.Entries.Select(e => e.Line).Order(StringComparer.Ordinal));
        Assert.Equal(0, service.Counters.FilesMissed);
        Assert.Equal(0, service.Counters.LinesTruncated);
    }

    [Fact]
    public async Task After_a_restart_reading_resumes_exactly_at_the_acknowledged_offset_even_in_a_renamed_file()
    {
        var options = new LogWriterOptions { MaxFileSize = long.MaxValue, Compress = false };
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"), options);
        WriteLines(writer, 0, 100);
        var first = new RecordingLogSink();
        var service = await _harness.StartAsync(first);
        await Poll.UntilAsync(() => first.Count == 100, TimeSpan.FromSeconds(5), "the first 100 lines");
        await _harness.StopAsync(service);

        WriteLines(writer, 100, 50);
        writer.Rotate();
        WriteLines(writer, 150, 50);
        var second = new RecordingLogSink();
        await _harness.StartAsync(second);
        await Poll.UntilAsync(() => second.Count >= 100, TimeSpan.FromSeconds(5), "the lines written while stopped");
        await Task.Delay(300);
        Assert.Equal(
            Enumerable.Range(100, 100).Select(i => "line " + i).Order(StringComparer.Ordinal),
            second.Entries.Select(e => e.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unacknowledged_entries_are_read_again_after_a_restart()
    {
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        WriteLines(writer, 0, 10);
        var first = new RecordingLogSink { AutoAcknowledge = false };
        var service = await _harness.StartAsync(first, settings: new LogsServiceSettings { AcknowledgeWaitAtStop = TimeSpan.Zero, PositionsInterval = TimeSpan.FromMilliseconds(50) });
        await Poll.UntilAsync(() => first.Count == 10, TimeSpan.FromSeconds(5), "the lines");
        await _harness.StopAsync(service);

        var second = new RecordingLogSink();
        await _harness.StartAsync(second);
        await Poll.UntilAsync(() => second.Count == 10, TimeSpan.FromSeconds(5), "the same lines again");
        Assert.Equal(first.Entries.Select(e => e.Line), second.Entries.Select(e => e.Line));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_rotated_twice_while_stopped_is_counted_missed_or_read_from_its_gzip(bool readGzip)
    {
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"), new LogWriterOptions { MaxFileSize = long.MaxValue, MaxFiles = 5 });
        WriteLines(writer, 0, 100);
        var first = new RecordingLogSink();
        var service = await _harness.StartAsync(first);
        await Poll.UntilAsync(() => first.Count == 100, TimeSpan.FromSeconds(5), "the first lines");
        await _harness.StopAsync(service);

        var before = new FileInfo(writer.LivePath).Length;
        WriteLines(writer, 100, 40);
        var unread = new FileInfo(writer.LivePath).Length - before;
        writer.Rotate();
        WriteLines(writer, 140, 10);
        writer.Rotate();

        var second = new RecordingLogSink();
        service = await _harness.StartAsync(second, o => o with { ReadGzipRotated = readGzip });
        await Poll.UntilAsync(() => second.Count >= (readGzip ? 50 : 10), TimeSpan.FromSeconds(5), "the lines after the restart");
        await Task.Delay(300);

        var lines = second.Entries.Select(e => e.Line).Order(StringComparer.Ordinal).ToList();
        if (readGzip)
        {
            Assert.Equal(Enumerable.Range(100, 50).Select(i => "line " + i).Order(StringComparer.Ordinal), lines);
            Assert.Equal(0, service.Counters.FilesMissed);
        }
        else
        {
            Assert.Equal(Enumerable.Range(140, 10).Select(i => "line " + i).Order(StringComparer.Ordinal), lines);
            Assert.Equal(1, service.Counters.FilesMissed);
            Assert.Equal(unread, service.Counters.BytesMissed);
            Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6014);
        }
    }

    [Fact]
    public async Task A_file_gzipped_while_its_lines_wait_for_Loki_is_read_again_from_the_gzip_after_a_kill()
    {
        var stopAtOnce = new LogsServiceSettings
        {
            Tailer = new LogTailerSettings { PollInterval = TimeSpan.FromMilliseconds(50), FinishDrainDelay = TimeSpan.FromMilliseconds(100) },
            PositionsInterval = TimeSpan.FromMilliseconds(50),
            AcknowledgeWaitAtStop = TimeSpan.Zero,
        };
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"), new LogWriterOptions { MaxFileSize = long.MaxValue, MaxFiles = 10 });
        WriteLines(writer, 0, 50);
        var first = new RecordingLogSink { AutoAcknowledge = false };
        var service = await _harness.StartAsync(first, o => o with { ReadGzipRotated = true }, stopAtOnce);
        await Poll.UntilAsync(() => first.Count == 50, TimeSpan.FromSeconds(5), "the first file's lines, not acknowledged");
        writer.Rotate();
        WriteLines(writer, 50, 10);
        await Poll.UntilAsync(() => first.Count == 60, TimeSpan.FromSeconds(5), "the second file's lines");
        writer.Rotate();
        await Poll.UntilAsync(
            () => new PositionsFile(_harness.PositionsFile, new LogsCounters(), _harness.Logger, TimeProvider.System).Load().Entries.Any(e => e.Compressed),
            TimeSpan.FromSeconds(5),
            "the gzip of the first file in the positions file");
        await _harness.StopAsync(service);

        var second = new RecordingLogSink();
        await _harness.StartAsync(second, o => o with { ReadGzipRotated = true });
        await Poll.UntilAsync(() => second.Count >= 60, TimeSpan.FromSeconds(5), $"every unacknowledged line again ({second.Count} of 60)");
        await Task.Delay(300);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => "line " + i), second.Entries.Select(e => e.Line));
    }

    [Fact]
    public async Task A_reused_inode_with_other_first_bytes_is_read_from_its_start_and_warned_when_the_old_file_was_unread()
    {
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        WriteLines(writer, 0, 20);
        Assert.True(PlainLogFile.TryStat(writer.LivePath, out var device, out var inode, out _));
        var counters = new LogsCounters();
        new PositionsFile(_harness.PositionsFile, counters, _harness.Logger, TimeProvider.System).TrySave(
            [new(Path.Combine(Path.GetDirectoryName(writer.LivePath)!, "0.log.20240101-000000"), device, inode, new FileFingerprint(12345, 256), 400, 600, false)]);

        var sink = new RecordingLogSink();
        var service = await _harness.StartAsync(sink);
        await Poll.UntilAsync(() => sink.Count == 20, TimeSpan.FromSeconds(5), "every line");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "line " + i), sink.Entries.Select(e => e.Line));

        // The reuse is reported at the end of the round that started the tailer: its lines can be in first.
        await Poll.UntilAsync(() => service.Counters.InodeReuses == 1, TimeSpan.FromSeconds(5), "the reuse counted");
        var warning = Assert.Single(_harness.Logger.Entries, e => e.EventId == 6013);
        Assert.Contains("200 bytes of", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inode_recycled_after_rotation_and_gzip_is_read_from_its_start_without_a_warning()
    {
        // The file read before (fully, and gzipped since) had the inode the live file has now: ext4 and tmpfs hand
        // out a deleted file's inode again at once, so after rotation this is routine, not an alarm.
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        WriteLines(writer, 0, 20);
        Assert.True(PlainLogFile.TryStat(writer.LivePath, out var device, out var inode, out _));
        var length = new FileInfo(writer.LivePath).Length;
        new PositionsFile(_harness.PositionsFile, new LogsCounters(), _harness.Logger, TimeProvider.System).TrySave(
            [new(Path.Combine(Path.GetDirectoryName(writer.LivePath)!, "0.log.20240101-000000"), device, inode, new FileFingerprint(12345, 256), length + 100, length + 100, false)]);

        var sink = new RecordingLogSink();
        var service = await _harness.StartAsync(sink);
        await Poll.UntilAsync(() => sink.Count == 20, TimeSpan.FromSeconds(5), "every line");
        await Task.Delay(200);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "line " + i), sink.Entries.Select(e => e.Line));
        Assert.Equal(0, service.Counters.InodeReuses);
        Assert.DoesNotContain(_harness.Logger.Entries, e => e.EventId == 6013);
    }

    [Fact]
    public async Task Copytruncate_is_detected_and_the_new_content_read_from_the_start()
    {
        var path = Path.Combine(_harness.ContainerDir("shop", "api-1", "app"), "0.log");
        File.WriteAllText(path, "2024-01-01T12:00:00Z stdout F before one\n2024-01-01T12:00:01Z stdout F before two\n");
        var sink = new RecordingLogSink();
        var service = await _harness.StartAsync(sink);
        await Poll.UntilAsync(() => sink.Count == 2, TimeSpan.FromSeconds(5), "the lines before");

        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(0);
            file.Write("2024-01-01T12:00:02Z stdout F after\n"u8);
        }

        await Poll.UntilAsync(() => sink.Count == 3, TimeSpan.FromSeconds(5), "the line after the truncation");
        Assert.Equal("after", sink.Entries[2].Line);
        Assert.Equal(1, service.Counters.Truncations);
        Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6005);
    }

    [Fact]
    public async Task The_copy_of_a_copytruncated_file_is_read_from_the_offset_read_of_the_original_not_again()
    {
        var path = Path.Combine(_harness.ContainerDir("shop", "api-1", "app"), "0.log");
        var before = string.Concat(Enumerable.Range(0, 10).Select(i => $"2024-01-01T12:00:0{i}Z stdout F before {i}\n"));
        File.WriteAllText(path, before);
        var sink = new RecordingLogSink();
        var service = await _harness.StartAsync(sink);
        await Poll.UntilAsync(() => sink.Count == 10, TimeSpan.FromSeconds(5), "the lines before");

        // logrotate's copytruncate: copy, then truncate the original in place; the writer goes on at its start.
        using (var copy = new FileStream(path + ".20240101-120010", FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            // Not File.Copy: .NET locks the copy exclusively while writing, which the collector's open would trip.
            copy.Write(File.ReadAllBytes(path));
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(0);
            file.Write("2024-01-01T12:00:11Z stdout F after\n"u8);
        }

        await Poll.UntilAsync(() => sink.Count >= 11, TimeSpan.FromSeconds(5), "the line after the truncation");
        await Poll.UntilAsync(() => service.Reconciler!.Tailers.Any(t => t.Path.EndsWith(".20240101-120010", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the copy tailed");
        await Task.Delay(500);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => "before " + i), "after"], sink.Entries.Select(e => e.Line));
        Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6000 && e.Message.Contains("before its truncation", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_directory_without_permission_is_logged_and_the_other_pods_are_read()
    {
        using var app = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        app.Write("stdout", "readable");
        using var hidden = new LogWriter(_harness.ContainerDir("shop", "locked-1", "app", uid: "uid-2"));
        hidden.Write("stdout", "behind a locked door");
        var locked = Path.GetDirectoryName(Path.GetDirectoryName(hidden.LivePath))!;
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var sink = new RecordingLogSink();
            using var reconciler = new LogFileReconciler(
                new LogsOptions { PodsDir = _harness.PodsDir },
                new LogTailerSettings(),
                sink,
                new LogStreamLabeler([], "node-1"),
                new LogsCounters(),
                _harness.Logger,
                TimeProvider.System,
                new PositionsLoad([], FirstStart: true, WasCorrupt: false));
            var round = new Thread(() =>
            {
                if (ThreadCapabilities.IsRoot)
                {
                    ThreadCapabilities.DropFileAccessOverrides();
                }

                reconciler.Round(snapshot: null);
            });
            round.Start();
            round.Join();

            await Poll.UntilAsync(() => sink.Count == 1, TimeSpan.FromSeconds(5), "the readable line");
            Assert.Equal("readable", sink.Entries[0].Line);
            Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6015 && e.Message.Contains(locked, StringComparison.Ordinal));
            await reconciler.StopAsync(TimeSpan.Zero);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Positions_are_saved_while_running_with_the_acknowledged_offset()
    {
        using var writer = new LogWriter(_harness.ContainerDir("shop", "api-1", "app"));
        WriteLines(writer, 0, 5);
        var sink = new RecordingLogSink { AutoAcknowledge = false };
        await _harness.StartAsync(sink);
        await Poll.UntilAsync(() => sink.Count == 5, TimeSpan.FromSeconds(5), "the lines");
        sink.AcknowledgeAll();

        var length = new FileInfo(writer.LivePath).Length;
        var counters = new LogsCounters();
        await Poll.UntilAsync(
            () => new PositionsFile(_harness.PositionsFile, counters, _harness.Logger, TimeProvider.System).Load().Entries is [{ Offset: var offset }] && offset == length,
            TimeSpan.FromSeconds(5),
            "the acknowledged offset in the positions file");
    }

    private static void WriteLines(LogWriter writer, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            writer.Write("stdout", "line " + i);
        }
    }
}
