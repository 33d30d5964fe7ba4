using System.Text.Json;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

public sealed class LogFixtureTests
{
    private const string Pod = "var/log/pods/shop_shop-api-6d9f7c8b5-qx2lm_0f6b1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b/";

    private static readonly string[] FilesInEmitOrder =
    [
        Pod + "api/0.log.20240101-115959.gz",
        Pod + "api/0.log.20240101-120000",
        Pod + "api/0.log",
        Pod + "log-shipper/0.log",
        Pod + "log-shipper/1.log",
        "docker-json/container-json.log",
    ];

    [FixtureFact("logs/expected-entries.jsonl")]
    public async Task Tailing_the_fixture_files_yields_exactly_the_expected_entries_in_order()
    {
        var harness = new TailerHarness();
        var actual = new List<string>();
        foreach (var file in FilesInEmitOrder)
        {
            var sink = new RecordingLogSink();
            await harness.TailToEndAsync(RepoPaths.Fixture("logs", file), sink);
            foreach (var entry in sink.Entries)
            {
                actual.Add($"{file} {entry.TimestampUnixNanos} {entry.Stream} {entry.Line}");
            }
        }

        var expected = File.ReadAllLines(RepoPaths.Fixture("logs", "expected-entries.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => $"{e.GetProperty("file").GetString()} {e.GetProperty("unix_nano").GetString()} {e.GetProperty("stream").GetString()} {e.GetProperty("line").GetString()}")
            .ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(0, harness.Counters.LinesMalformed);
    }

    [FixtureFact("logs/expected-entries.jsonl")]
    public async Task The_unfinished_last_line_is_not_shipped_and_the_resume_offset_stops_before_it()
    {
        var path = RepoPaths.Fixture("logs", Pod + "api/0.log");
        var sink = new RecordingLogSink();
        var tailer = await new TailerHarness().TailToEndAsync(path, sink);

        var bytes = File.ReadAllBytes(path);
        var lastNewline = Array.LastIndexOf(bytes, (byte)'\n');
        Assert.Equal(lastNewline + 1, sink.Entries[^1].ResumeOffset);
        Assert.Equal(lastNewline + 1, tailer.AckedOffset);
        Assert.DoesNotContain(sink.Entries, e => e.Line.Contains("no newline yet", StringComparison.Ordinal));
    }

    [FixtureFact("logs/expected-entries.jsonl")]
    public async Task An_entry_after_a_pending_partial_line_of_the_other_stream_resumes_at_that_partial_line()
    {
        var path = RepoPaths.Fixture("logs", Pod + "api/0.log");
        var sink = new RecordingLogSink();
        await new TailerHarness().TailToEndAsync(path, sink);

        var text = File.ReadAllText(path);
        var partialStart = text.IndexOf("2024-01-01T12:00:02.1Z stderr P", StringComparison.Ordinal);
        var between = sink.Entries.Single(e => e.Line == "an stdout line arriving between two stderr chunks");
        Assert.Equal(partialStart, between.ResumeOffset);

        // Resuming there reads the joined stderr line whole (and the stdout line again: at least once, never lost).
        var again = new RecordingLogSink();
        await new TailerHarness().TailToEndAsync(path, again, between.ResumeOffset);
        Assert.Equal("an stdout line arriving between two stderr chunks", again.Entries[0].Line);
        Assert.Equal("partial stderr continues here", again.Entries[1].Line);
    }
}
