using System.Text;
using HostMocks.Logs;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

public sealed class TailerBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-tail-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_empty_file_yields_nothing_and_finishes()
    {
        var path = Write("0.log", "");
        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        var tailer = await harness.TailToEndAsync(path, sink);
        Assert.Empty(sink.Entries);
        Assert.Equal(0, tailer.ReadOffset);
        Assert.Contains(harness.Logger.Entries, e => e.EventId == 6001);
    }

    [Fact]
    public async Task A_line_without_newline_at_the_end_waits_for_it_and_is_shipped_once_it_comes()
    {
        var path = Write("0.log", "2024-01-01T12:00:00Z stdout F first\n2024-01-01T12:00:01Z stdout F sec");
        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        var tailer = harness.Open(path, sink);
        var run = tailer.RunAsync(CancellationToken.None);
        await Poll.UntilAsync(() => sink.Count == 1, TimeSpan.FromSeconds(5), "the first line");

        File.AppendAllText(path, "ond\n");
        tailer.Wake();
        await Poll.UntilAsync(() => sink.Count == 2, TimeSpan.FromSeconds(5), "the completed line");
        tailer.RequestFinish();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["first", "second"], sink.Entries.Select(e => e.Line));
    }

    [Fact]
    public async Task The_incomplete_last_line_of_a_finished_file_is_logged_not_shipped()
    {
        var path = Write("0.log", "2024-01-01T12:00:00Z stdout F done\n2024-01-01T12:00:01Z stdout F cut off");
        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        await harness.TailToEndAsync(path, sink);
        Assert.Equal(["done"], sink.Entries.Select(e => e.Line));
        Assert.Contains(harness.Logger.Entries, e => e.EventId == 6021);
    }

    [Fact]
    public async Task Invalid_UTF8_is_replaced_counted_and_logged_and_the_rest_of_the_line_kept()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("2024-01-01T12:00:00Z stdout F ok "), 0xFF, 0xC3, (byte)' ', .. Encoding.ASCII.GetBytes("end\n2024-01-01T12:00:01Z stdout F next\n")];
        var path = Path.Combine(_dir, "0.log");
        File.WriteAllBytes(path, bytes);
        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        await harness.TailToEndAsync(path, sink);
        Assert.Equal(["ok \uFFFD\uFFFD end", "next"], sink.Entries.Select(e => e.Line));
        Assert.Equal(1, harness.Counters.LinesInvalidUtf8);
        Assert.Contains(harness.Logger.Entries, e => e.EventId == 6004);
    }

    [Fact]
    public async Task A_malformed_timestamp_ships_the_content_with_the_read_time_counted_and_logged()
    {
        var path = Write("0.log", "2024-01-01T12:00:00Z stdout F before\nnot-a-time stderr F content kept\ngarbage without fields\n2024-01-01T12:00:02Z stdout F after\n");
        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        await harness.TailToEndAsync(path, sink);

        Assert.Equal(["before", "content kept", "garbage without fields", "after"], sink.Entries.Select(e => e.Line));
        Assert.Equal("stderr", sink.Entries[1].Stream);
        Assert.True(sink.Entries[1].TimestampUnixNanos >= start);
        Assert.Equal(2, harness.Counters.LinesMalformed);
        Assert.Contains(harness.Logger.Entries, e => e.EventId == 6002);
    }

    [Fact]
    public async Task A_line_over_max_line_size_is_truncated_at_a_character_boundary_marked_and_counted()
    {
        var content = new string('é', 100);
        var path = Write("0.log", $"2024-01-01T12:00:00Z stdout F {content}\n2024-01-01T12:00:01Z stdout F short\n");
        var sink = new RecordingLogSink();
        var harness = new TailerHarness { Settings = new LogTailerSettings { MaxLineSize = 51, FinishDrainDelay = TimeSpan.Zero } };
        await harness.TailToEndAsync(path, sink);

        var cut = sink.Entries[0];
        Assert.True(cut.LineBytes.Length <= 51);
        Assert.EndsWith(" [truncated]", cut.Line, StringComparison.Ordinal);
        Assert.Equal(new string('é', 19) + " [truncated]", cut.Line);
        Assert.Equal("short", sink.Entries[1].Line);
        Assert.Equal(1, harness.Counters.LinesTruncated);
        Assert.Contains(harness.Logger.Entries, e => e.EventId == 6003);
    }

    [Fact]
    public async Task A_50_MB_single_line_streams_through_a_small_buffer_truncated_and_the_next_line_is_intact()
    {
        var path = Path.Combine(_dir, "0.log");
        using (var file = File.Create(path))
        {
            file.Write("2024-01-01T12:00:00Z stdout F "u8);
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)'x');
            for (var i = 0; i < 50; i++)
            {
                file.Write(block);
            }

            file.Write("\n2024-01-01T12:00:01Z stderr F after the long one\n"u8);
        }

        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        var tailer = await harness.TailToEndAsync(path, sink);

        Assert.Equal(2, sink.Count);
        Assert.Equal(256 * 1024, sink.Entries[0].LineBytes.Length);
        Assert.EndsWith("x [truncated]", sink.Entries[0].Line, StringComparison.Ordinal);
        Assert.Equal(1704110400000000000L, sink.Entries[0].TimestampUnixNanos);
        Assert.Equal("after the long one", sink.Entries[1].Line);
        Assert.Equal(new FileInfo(path).Length, tailer.ReadOffset);
    }

    [Fact]
    public async Task A_file_deleted_while_read_is_read_to_its_end_through_the_open_handle()
    {
        var writer = new LogWriter(_dir, new LogWriterOptions { MaxFileSize = long.MaxValue });
        for (var i = 0; i < 1000; i++)
        {
            writer.Write("stdout", "line " + i);
        }

        writer.Dispose();
        var sink = new RecordingLogSink();
        var harness = new TailerHarness();
        var tailer = harness.Open(writer.LivePath, sink);
        File.Delete(writer.LivePath);
        tailer.RequestFinish();
        await tailer.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "line " + i), sink.Entries.Select(e => e.Line));
    }

    [Fact]
    public async Task A_pending_partial_line_is_shipped_after_the_timeout_and_when_the_file_ends()
    {
        var path = Write("0.log", "2024-01-01T12:00:00Z stdout P waiting \n");
        var sink = new RecordingLogSink();
        var harness = new TailerHarness { Settings = new LogTailerSettings { PartialLineTimeout = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromMilliseconds(20), FinishDrainDelay = TimeSpan.Zero } };
        var tailer = harness.Open(path, sink);
        var run = tailer.RunAsync(CancellationToken.None);
        await Poll.UntilAsync(() => sink.Count == 1, TimeSpan.FromSeconds(5), "the timed-out partial line");
        Assert.Equal("waiting ", sink.Entries[0].Line);

        File.AppendAllText(path, "2024-01-01T12:00:01Z stderr P at the end\n");
        tailer.RequestFinish();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["waiting ", "at the end"], sink.Entries.Select(e => e.Line));
        Assert.Equal(new FileInfo(path).Length, tailer.AckedOffset);
    }

    [Fact]
    public async Task A_sink_that_does_not_accept_stops_reading()
    {
        var writer = new LogWriter(_dir, new LogWriterOptions { MaxFileSize = long.MaxValue, AutoFlush = false });
        for (var i = 0; i < 20_000; i++)
        {
            writer.Write("stdout", "line " + i);
        }

        writer.Dispose();
        var sink = new RecordingLogSink { AutoAcknowledge = false, Capacity = 100 };
        var tailer = new TailerHarness().Open(writer.LivePath, sink);
        var run = tailer.RunAsync(CancellationToken.None);
        await Poll.UntilAsync(() => sink.Count == 100, TimeSpan.FromSeconds(5), "the sink to fill");
        await Task.Delay(200);
        Assert.Equal(100, sink.Count);
        Assert.True(tailer.ReadOffset < 128 * 1024, $"read {tailer.ReadOffset} bytes while the sink held back");

        while (sink.Count < 20_000)
        {
            sink.AcknowledgeAll();
            await Task.Delay(1);
        }

        sink.AcknowledgeAll();
        tailer.RequestFinish();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => "line " + i), sink.Entries.Select(e => e.Line));
        Assert.Equal(new FileInfo(writer.LivePath).Length, tailer.AckedOffset);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(4096)]
    public async Task Any_read_buffer_size_yields_the_same_entries(int bufferSize)
    {
        var lines = new List<string>();
        var text = new StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            var content = new string((char)('a' + (i % 26)), i * 3);
            text.Append($"2024-01-01T12:00:{i % 60:00}.{i}Z {(i % 3 == 0 ? "stderr" : "stdout")} F {content}\n");
            lines.Add(content);
        }

        var path = Write("0.log", text.ToString());
        var sink = new RecordingLogSink();
        var harness = new TailerHarness { Settings = new LogTailerSettings { ReadBuffers = new LogReadBuffers(bufferSize, 1), FinishDrainDelay = TimeSpan.Zero } };
        await harness.TailToEndAsync(path, sink);
        Assert.Equal(lines, sink.Entries.Select(e => e.Line));
        Assert.Equal(0, harness.Counters.LinesMalformed);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
