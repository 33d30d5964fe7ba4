using System.Text;
using HostMocks.Loki;
using NodeCollector.Export.Loki;
using NodeCollector.Export.Loki.Proto;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>Structured metadata on the wire: field 3 of each entry, Loki's per-entry limits, and the stream labels without it.</summary>
public sealed class LokiStructuredMetadataTests
{
    // shared/spec/PROTOCOLS.md Appendix A: loki-pushrequest.pb, with structured metadata trace_id.
    private const string FixtureHex =
        "0a6c0a217b6a6f623d2274657374222c206e616d6573706163653d2264656661756c74227d12470a0b0880e2cfaa0610959aef3a120a68656c6c6f206c6f6b691a2c0a0874726163655f696412203061663736353139313663643433646438343438656232313163383033313963";

    private static Label Metadata(string name, string value) => new(StreamLabels.MetadataPrefix + name, value);

    [Fact]
    public void The_appendix_A_push_request_is_reproduced_byte_for_byte()
    {
        var labels = LabelSet.From([new Label("namespace", "default"), new Label("job", "test"), Metadata("trace_id", "0af7651916cd43dd8448eb211c80319c")]);
        using var batch = new LokiBatch();
        batch.Add(new RecordingLogSource(1), labels, new LogEntry(1_700_000_000_123_456_789, Encoding.UTF8.GetBytes("hello loki"), 10), 0);
        var encoder = new LokiPushEncoder();

        encoder.Encode(batch);

        Assert.Equal(FixtureHex, Convert.ToHexStringLower(encoder.Request));
    }

    [Fact]
    public void Every_entry_of_a_stream_carries_its_metadata_and_streams_without_it_carry_none()
    {
        var withMetadata = LabelSet.From([new Label("pod", "a"), Metadata("pod_uid", "u-1"), Metadata("container_id", "containerd://ab")]);
        var plain = LabelSet.From([new Label("pod", "b")]);
        using var batch = new LokiBatch();
        var source = new RecordingLogSource(1);
        for (var i = 0; i < 4; i++)
        {
            batch.Add(source, i % 2 == 0 ? withMetadata : plain, new LogEntry(10 - i, Encoding.UTF8.GetBytes("line " + i), i), 0);
        }

        var encoder = new LokiPushEncoder();
        encoder.Encode(batch);
        var request = PushRequest.Parser.ParseFrom(encoder.Request.ToArray());

        Assert.Equal(["{pod=\"a\"}", "{pod=\"b\"}"], request.Streams.Select(s => s.Labels));
        Assert.All(request.Streams[0].Entries, e => Assert.Equal(
            [("container_id", "containerd://ab"), ("pod_uid", "u-1")],
            e.StructuredMetadata.Select(p => (p.Name, p.Value))));
        Assert.Equal(["line 2", "line 0"], request.Streams[0].Entries.Select(e => e.Line));
        Assert.All(request.Streams[1].Entries, e => Assert.Empty(e.StructuredMetadata));
        Assert.All(request.Streams.SelectMany(s => s.Entries), e => Assert.Empty(e.Parsed));
        Assert.Equal(0, batch.MetadataTrimmedEntries);
    }

    [Fact]
    public void Entries_with_different_metadata_in_one_stream_stay_apart_and_decode_in_the_fake()
    {
        var first = LabelSet.From([new Label("pod", "a"), Metadata("container_id", "c0")]);
        var restarted = LabelSet.From([new Label("pod", "a"), Metadata("container_id", "c1")]);
        using var batch = new LokiBatch();
        var source = new RecordingLogSource(1);
        batch.Add(source, first, new LogEntry(1, Encoding.UTF8.GetBytes("before"), 1), 0);
        batch.Add(source, restarted, new LogEntry(2, Encoding.UTF8.GetBytes("after"), 2), 0);
        var encoder = new LokiPushEncoder();

        encoder.Encode(batch);
        var push = FakeLokiPush.FromProtobuf(encoder.Compress().Span);

        Assert.Equal(
            [new FakeLokiEntry(1, "before", "{container_id=\"c0\"}"), new FakeLokiEntry(2, "after", "{container_id=\"c1\"}")],
            push.Streams.SelectMany(s => s.Entries));
        Assert.All(push.Streams, s => Assert.Equal("{pod=\"a\"}", s.Labels));
    }

    [Fact]
    public void Over_128_pairs_the_pairs_past_the_limit_are_left_out_in_name_order()
    {
        var labels = new List<Label> { new("pod", "a") };
        for (var i = 0; i < 130; i++)
        {
            labels.Add(Metadata($"k{i:000}", "v"));
        }

        var stream = new LokiBatchStream(LabelSet.From(labels.ToArray()));

        Assert.Equal(2, stream.MetadataLeftOut);
        var pairs = DecodeEntryMetadata(stream.Metadata);
        Assert.Equal(128, pairs.Count);
        Assert.Equal("k127", pairs[^1].Name);
        Assert.Equal("{pod=\"a\"}", Encoding.UTF8.GetString(stream.LabelText));
    }

    [Fact]
    public void A_pair_that_would_pass_64_KiB_is_left_out_and_smaller_ones_after_it_are_kept()
    {
        var big = new string('x', LokiStructuredMetadata.MaxBytes - 30);
        var labels = LabelSet.From([new Label("pod", "a"), Metadata("a_small", "1"), Metadata("b_big", big), Metadata("c_big", big), Metadata("d_small", "2")]);

        var stream = new LokiBatchStream(labels);
        using var batch = new LokiBatch();
        batch.Add(new RecordingLogSource(1), labels, new LogEntry(1, Encoding.UTF8.GetBytes("x"), 1), 0);

        Assert.Equal(1, stream.MetadataLeftOut);
        Assert.Equal(["a_small", "b_big", "d_small"], DecodeEntryMetadata(stream.Metadata).Select(p => p.Name));
        Assert.True(DecodeEntryMetadata(stream.Metadata).Sum(p => p.Name.Length + p.Value.Length) <= LokiStructuredMetadata.MaxBytes);
        Assert.Equal(1, batch.MetadataTrimmedEntries);

        batch.Clear();
        Assert.Equal(0, batch.MetadataTrimmedEntries);
    }

    private static List<LabelPairAdapter> DecodeEntryMetadata(byte[] field) =>
        [.. EntryAdapter.Parser.ParseFrom(field).StructuredMetadata];
}
