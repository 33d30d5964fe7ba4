using System.Text;
using Google.Protobuf;
using HostMocks.Loki;
using NodeCollector.Export.Loki;
using NodeCollector.Export.Loki.Proto;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>Our push request bytes against the composed fixture and Google.Protobuf's reading of them.</summary>
public sealed class LokiWireTests
{
    private static readonly LabelSet FixtureLabels = LabelSet.From([new Label("namespace", "default"), new Label("job", "test")]);

    [FixtureFact("wire/loki-pushrequest.pb")]
    public void Our_encoding_of_the_fixtures_entry_is_the_fixture_without_its_structured_metadata()
    {
        var fixture = PushRequest.Parser.ParseFrom(File.ReadAllBytes(RepoPaths.Fixture("wire", "loki-pushrequest.pb")));
        var encoder = new LokiPushEncoder();
        using var batch = new LokiBatch();
        batch.Add(new RecordingLogSource(1), FixtureLabels, new LogEntry(1_700_000_000_123_456_789, Encoding.UTF8.GetBytes("hello loki"), 10), 0);

        encoder.Encode(batch);

        var ours = PushRequest.Parser.ParseFrom(encoder.Request.ToArray());
        var expected = fixture.Clone();
        expected.Streams[0].Entries[0].StructuredMetadata.Clear();
        Assert.Equal(expected, ours);
        Assert.Equal(expected.ToByteArray(), encoder.Request.ToArray());
        Assert.Equal("{job=\"test\", namespace=\"default\"}", ours.Streams[0].Labels);
    }

    [FixtureFact("wire/loki-pushrequest.pb.snappy")]
    public void The_fake_Loki_decodes_the_snappy_fixture()
    {
        var push = FakeLokiPush.FromProtobuf(File.ReadAllBytes(RepoPaths.Fixture("wire", "loki-pushrequest.pb.snappy")));

        var stream = Assert.Single(push.Streams);
        Assert.Equal("{job=\"test\", namespace=\"default\"}", stream.Labels);
        Assert.Equal(
            new FakeLokiEntry(1_700_000_000_123_456_789, "hello loki", "{trace_id=\"0af7651916cd43dd8448eb211c80319c\"}"),
            Assert.Single(stream.Entries));
    }

    [Fact]
    public void Many_streams_and_entries_round_trip_through_snappy_with_each_stream_in_timestamp_order()
    {
        var encoder = new LokiPushEncoder();
        using var batch = new LokiBatch();
        var source = new RecordingLogSource(1);
        var a = LabelSet.From([new Label("pod", "a"), new Label("stream", "stdout")]);
        var b = LabelSet.From([new Label("pod", "b\"q\\\n\tx"), new Label("stream", "stderr")]);
        long[] stamps = [5, 3, 3, -1_500_000_000, 0, 1_700_000_000_000_000_000];
        for (var i = 0; i < stamps.Length; i++)
        {
            batch.Add(source, i % 2 == 0 ? a : b, new LogEntry(stamps[i], Encoding.UTF8.GetBytes(i == 4 ? "" : "line " + i + " é"), i), 0);
        }

        encoder.Encode(batch);
        var decoded = FakeLokiPush.FromProtobuf(encoder.Compress().Span);

        Assert.Equal([LokiLabelText.Format(a), LokiLabelText.Format(b)], decoded.Streams.Select(s => s.Labels));
        Assert.Equal(
            [new(-1_500_000_000, "line 3 é"), new(3, "line 1 é"), new(1_700_000_000_000_000_000, "line 5 é")],
            decoded.Streams[1].Entries);
        Assert.Equal([new(0, ""), new(3, "line 2 é"), new(5, "line 0 é")], decoded.Streams[0].Entries);
        Assert.True(FakeLokiLabels.TryParse(decoded.Streams[1].Labels, out var parsed, out _));
        Assert.Equal("b\"q\\\n\tx", parsed["pod"]);
    }

    [Fact]
    public void Equal_timestamps_keep_their_arrival_order()
    {
        var encoder = new LokiPushEncoder();
        using var batch = new LokiBatch();
        var source = new RecordingLogSource(1);
        var labels = LabelSet.From([new Label("job", "x")]);
        foreach (var (ts, line) in new[] { (2L, "b1"), (1L, "a"), (2L, "b2"), (2L, "b3") })
        {
            batch.Add(source, labels, new LogEntry(ts, Encoding.UTF8.GetBytes(line), 0), 0);
        }

        encoder.Encode(batch);

        var entries = PushRequest.Parser.ParseFrom(encoder.Request.ToArray()).Streams[0].Entries;
        Assert.Equal(["a", "b1", "b2", "b3"], entries.Select(e => e.Line));
    }
}
