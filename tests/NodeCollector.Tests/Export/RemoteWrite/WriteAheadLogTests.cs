using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.RemoteWrite;

public sealed class WriteAheadLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-wal-").FullName;
    private readonly ManualClock _clock = new(Start);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Records_read_back_with_their_series_defined_once_per_segment()
    {
        var a = Series(1, "a");
        var b = Series(2, "b");
        using (var wal = Open(segmentSize: 100))
        {
            wal.Append([new WalSample(a, 1000, 1.5), new WalSample(b, 1000, BitConverter.Int64BitsToDouble(0x7FF0000000000002))]);
            wal.Append([new WalSample(a, 2000, 2.5)]);
            wal.Append([new WalSample(a, 3000, 3.5), new WalSample(b, 3000, -1)]);
            Assert.True(wal.Segments.Count >= 2, "small segments roll");
        }

        using var reopened = Open();
        var records = ReadAll(reopened);

        Assert.Equal(["1:a", "2:b"], records[0].Series);
        Assert.Equal(["1@1000=1.5", "2@1000=stale"], records[0].Samples);
        Assert.Equal(["1@2000=2.5"], records[1].Samples);
        Assert.Equal(["1@3000=3.5", "2@3000=-1"], records[2].Samples);
        Assert.Contains("2:b", records[2].Series);
        Assert.Equal(0, reopened.Stats.Corruptions);
    }

    [Fact]
    public void A_torn_last_record_is_cut_counted_and_the_rest_kept()
    {
        var a = Series(1, "a");
        string path;
        using (var wal = Open())
        {
            wal.Append([new WalSample(a, 1000, 1)]);
            wal.Append([new WalSample(a, 2000, 2)]);
            path = wal.Segments[^1].Path;
        }

        var length = new FileInfo(path).Length;
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(length - 3);
        }

        using var reopened = Open();

        Assert.Equal(1, reopened.Stats.Corruptions);
        Assert.Equal(["1@1000=1"], ReadAll(reopened).SelectMany(r => r.Samples));
        Assert.NotEqual(path, reopened.Segments[^1].Path);
    }

    [Fact]
    public void Garbage_after_the_last_good_record_and_unreadable_segments_are_removed_and_counted()
    {
        var a = Series(1, "a");
        string path;
        using (var wal = Open())
        {
            wal.Append([new WalSample(a, 1000, 1)]);
            path = wal.Segments[^1].Path;
        }

        var good = new FileInfo(path).Length;
        File.AppendAllText(path, "\x20\0\0\0garbage that is not a record");
        File.WriteAllText(Path.Combine(_dir, WalFormat.SegmentName(7)), "not a wal segment");
        File.WriteAllBytes(Path.Combine(_dir, WalFormat.SegmentName(8)), []);

        using var reopened = Open();

        Assert.Equal(good, new FileInfo(path).Length);
        Assert.Equal(2, reopened.Stats.Corruptions);
        Assert.False(File.Exists(Path.Combine(_dir, WalFormat.SegmentName(7))));
        Assert.Equal(["1@1000=1"], ReadAll(reopened).SelectMany(r => r.Samples));
        Assert.Equal(9, reopened.Segments[^1].Index);
    }

    [Fact]
    public void Beyond_max_size_the_oldest_segments_go_and_an_endpoint_counts_exactly_what_it_had_not_sent()
    {
        using var wal = WriteAheadLog.Open(_dir, maxSize: 2000, TimeSpan.FromHours(2), _clock, NullLogger.Instance, segmentSize: 400);
        using var endpoint = new RemoteWriteEndpoint(new RemoteWriteOptions { Url = "http://127.0.0.1:1/api/v1/write" }, wal, _clock, NullLogger.Instance);
        var series = Enumerable.Range(1, 4).Select(i => Series((ulong)i, "s" + i)).ToArray();
        for (var round = 0; round < 40; round++)
        {
            wal.Append([.. series.Select(s => new WalSample(s, round * 1000L, round))]);
        }

        var kept = wal.Segments.Sum(s => s.Samples);
        Assert.True(wal.Stats.SizeBytes <= 2000 + 400, $"size {wal.Stats.SizeBytes}");
        Assert.Equal(160 - kept, endpoint.Stats.SamplesDroppedMaxSize);
        Assert.Equal(0, endpoint.Stats.SamplesDroppedMaxAge);
        Assert.Equal(0, wal.Stats.SegmentsTruncated);
    }

    [Fact]
    public void Segments_older_than_max_age_go_and_are_counted_as_age_drops()
    {
        using var wal = WriteAheadLog.Open(_dir, maxSize: 1L << 30, TimeSpan.FromMinutes(10), _clock, NullLogger.Instance, segmentSize: 100);
        using var endpoint = new RemoteWriteEndpoint(new RemoteWriteOptions { Url = "http://127.0.0.1:1/api/v1/write" }, wal, _clock, NullLogger.Instance);
        var a = Series(1, "a");
        for (var i = 0; i < 5; i++)
        {
            wal.Append([new WalSample(a, i, i)]);
        }

        var old = wal.Segments.Where(s => s.Index < wal.Segments[^1].Index).Sum(s => s.Samples);
        _clock.Advance(TimeSpan.FromMinutes(11));
        wal.Maintain();

        Assert.Single(wal.Segments);
        Assert.Equal(old, endpoint.Stats.SamplesDroppedMaxAge);
        Assert.True(old > 0);
    }

    [Fact]
    public void A_saved_position_is_where_reading_resumes_after_a_restart()
    {
        var a = Series(1, "a");
        WalPosition middle;
        using (var wal = Open())
        {
            wal.Append([new WalSample(a, 1000, 1)]);
            using var reader = new WalReader(wal, new WalPosition(wal.Segments[0].Index, 0));
            Assert.True(reader.TryRead(out _, out _, out _));
            middle = reader.Position;
            wal.Append([new WalSample(a, 2000, 2)]);
        }

        var progress = new WalProgressFile(_dir, "test");
        progress.Save(middle);
        using var reopened = Open();

        Assert.Equal(["1@2000=2"], ReadAll(reopened, progress.Load()).SelectMany(r => r.Samples));
    }

    private WriteAheadLog Open(long segmentSize = 0) =>
        WriteAheadLog.Open(_dir, 1L << 30, TimeSpan.FromHours(2), _clock, NullLogger.Instance, segmentSize);

    private static WalSeries Series(ulong reference, string name) => new(reference, LabelSet.From([new("__name__", name), new("job", "test")]));

    private static List<Recorded> ReadAll(WriteAheadLog wal, WalPosition? from = null)
    {
        using var reader = new WalReader(wal, from ?? new WalPosition(wal.Segments[0].Index, 0));
        var records = new List<Recorded>();
        while (reader.TryRead(out var payload, out _, out var skipped))
        {
            Assert.Equal(0, skipped);
            var visitor = new Recorded();
            Assert.True(WalCommitDecoder.TryDecode(payload.Span, visitor, []));
            records.Add(visitor);
        }

        return records;
    }

    private sealed class Recorded : WalCommitDecoder.IVisitor
    {
        public List<string> Series { get; } = [];

        public List<string> Samples { get; } = [];

        public void OnSeries(ulong reference, LabelSet labels) => Series.Add($"{reference}:{labels.Get("__name__")}");

        public void OnSample(ulong reference, long timestampMs, double value) =>
            Samples.Add(FormattableString.Invariant($"{reference}@{timestampMs}={(BitConverter.DoubleToInt64Bits(value) == 0x7FF0000000000002 ? "stale" : value.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
    }
}
