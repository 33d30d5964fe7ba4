using System.Text;
using System.Text.Json;
using HostMocks.Loki;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>
/// Structured metadata between the client and the fake Loki: the fake's decoding (protobuf field 3, JSON third element),
/// its limits (allow_structured_metadata, size, entries), dedup by timestamp + line + metadata and query results; and
/// the client trimming metadata over Loki's limits instead of losing the push.
/// </summary>
public sealed class FakeLokiStructuredMetadataTests
{
    private static readonly LabelSet WithUid = LabelSet.From(
        [new Label("namespace", "shop"), new Label("pod", "api"), new Label("stream", "stdout"), new Label(StreamLabels.MetadataPrefix + "pod_uid", "uid-1")]);

    [Fact]
    public async Task The_fake_shows_metadata_on_every_entry_and_not_among_the_stream_labels()
    {
        await using var harness = await LokiHarness.StartAsync();

        await harness.WriteAndWaitAsync(new RecordingLogSource(1), WithUid, 3);

        var stream = Assert.Single(harness.Loki.Ingester.Streams);
        Assert.Equal("{namespace=\"shop\", pod=\"api\", stream=\"stdout\"}", stream.Labels);
        Assert.Equal(3, stream.Entries.Count);
        Assert.All(stream.Entries, e => Assert.Equal("uid-1", e.MetadataPairs["pod_uid"]));
    }

    [Fact]
    public async Task With_allow_structured_metadata_false_the_fake_answers_400_and_the_client_counts_the_entries()
    {
        await using var harness = await LokiHarness.StartAsync(new FakeLokiLimits { AllowStructuredMetadata = false });
        var source = new RecordingLogSource(1);

        await harness.WriteAsync(source, WithUid, 2);
        await harness.WriteAsync(source, LokiHarness.Stream("plain"), 2, first: 3);
        await LokiHarness.AcknowledgedAsync(source, 400);

        Assert.Contains(400, harness.Loki.Requests.Select(r => r.Status));
        Assert.Equal(2L, harness.Loki.Ingester.Rejected);
        Assert.Equal(2L, harness.Loki.Ingester.Accepted);
        Assert.Equal(2L, harness.Stats.Dropped(LokiDropReason.Other));
    }

    [Fact]
    public async Task Metadata_over_Lokis_limits_is_trimmed_counted_and_logged_once_and_the_lines_are_stored()
    {
        await using var harness = await LokiHarness.StartAsync();
        var big = new string('v', 40 * 1024);
        var labels = LabelSet.From([new Label("pod", "big"), new Label(StreamLabels.MetadataPrefix + "a", big), new Label(StreamLabels.MetadataPrefix + "b", big)]);
        var source = new RecordingLogSource(1);

        await harness.WriteAndWaitAsync(source, labels, 3);
        await harness.WriteAndWaitAsync(source, labels, 2, first: 4);

        Assert.Equal((5L, 0L), (harness.Loki.Ingester.Accepted, harness.Loki.Ingester.Rejected));
        Assert.All(Assert.Single(harness.Loki.Ingester.Streams).Entries, e => Assert.Equal(["a"], e.MetadataPairs.Keys));
        Assert.Equal(5L, harness.Stats.MetadataTrimmed);
        Assert.Single(harness.Logger.Entries, e => e.EventId == 7507);
    }

    [Theory]
    [InlineData(129, 1, "too many structured metadata labels: '129', limit: '128'")]
    [InlineData(1, 70_000, "structured metadata too large")]
    public void The_fake_enforces_Lokis_size_and_entry_limits(int pairs, int valueLength, string expected)
    {
        var ingester = new FakeLokiIngester(new FakeLokiLimits(), TimeProvider.System);
        var metadata = FakeLokiMetadata.Canonical(Enumerable.Range(0, pairs).Select(i => KeyValuePair.Create($"k{i}", new string('v', valueLength))));
        var push = new FakeLokiPush([new FakeLokiPushStream("{job=\"x\"}", [new(1, "over", metadata), new(2, "fine")])]);

        var (status, body) = ingester.Ingest(push);

        Assert.Equal(400, status);
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.Equal(["fine"], Assert.Single(ingester.Streams).Entries.Select(e => e.Line));
    }

    [Fact]
    public void Dedup_drops_only_an_entry_with_the_same_timestamp_line_and_metadata()
    {
        var ingester = new FakeLokiIngester(new FakeLokiLimits(), TimeProvider.System);
        FakeLokiEntry[] entries = [new(1, "l", "{a=\"1\"}"), new(1, "l", "{a=\"1\"}"), new(1, "l", "{a=\"2\"}"), new(1, "l")];

        var (status, _) = ingester.Ingest(new FakeLokiPush([new FakeLokiPushStream("{job=\"x\"}", entries)]));

        Assert.Equal(204, status);
        Assert.Equal((3L, 1L), (ingester.Accepted, ingester.Duplicates));
    }

    [Fact]
    public async Task JSON_metadata_is_decoded_and_queries_show_it_as_labels_or_categorized()
    {
        await using var loki = await FakeLoki.StartAsync();
        var json = """{"streams":[{"stream":{"job":"x"},"values":[["1","one"],["2","two",{"trace_id":"t1"}]]}]}""";
        using var http = new HttpClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(loki.PushUrl), content);
        Assert.Equal(204, (int)response.StatusCode);
        var query = new Uri(loki.BaseAddress, "/loki/api/v1/query_range?query=%7Bjob%3D%22x%22%7D&direction=forward");

        var merged = JsonDocument.Parse(await http.GetStringAsync(query)).RootElement.GetProperty("data").GetProperty("result");
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Add(FakeLokiQueryApi.CategorizeHeader, "categorize-labels");
        using var categorizedResponse = await http.SendAsync(request);
        var categorized = JsonDocument.Parse(await categorizedResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("result");

        Assert.Equal(
            ["""{"job":"x"}|[["1","one"]]""", """{"job":"x","trace_id":"t1"}|[["2","two"]]"""],
            merged.EnumerateArray().Select(s => s.GetProperty("stream").GetRawText() + "|" + s.GetProperty("values").GetRawText()));
        var single = Assert.Single(categorized.EnumerateArray());
        Assert.Equal("""{"job":"x"}""", single.GetProperty("stream").GetRawText());
        Assert.Equal("""[["1","one"],["2","two",{"structuredMetadata":{"trace_id":"t1"}}]]""", single.GetProperty("values").GetRawText());
    }

    [Fact]
    public void A_protobuf_push_with_the_internal_parsed_field_is_refused()
    {
        var request = new NodeCollector.Export.Loki.Proto.PushRequest();
        var entry = new NodeCollector.Export.Loki.Proto.EntryAdapter { Line = "x", Timestamp = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1 } };
        entry.Parsed.Add(new NodeCollector.Export.Loki.Proto.LabelPairAdapter { Name = "level", Value = "info" });
        request.Streams.Add(new NodeCollector.Export.Loki.Proto.StreamAdapter { Labels = "{job=\"x\"}", Entries = { entry } });
        var body = IronSnappy.Snappy.Encode(Google.Protobuf.MessageExtensions.ToByteArray(request));

        Assert.Throws<InvalidDataException>(() => FakeLokiPush.FromProtobuf(body));
    }
}
