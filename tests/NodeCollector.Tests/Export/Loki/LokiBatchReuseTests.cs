using System.Text;
using HostMocks.Loki;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>A cleared batch is refilled with other streams: nothing of its previous use leaks into the next push.</summary>
public sealed class LokiBatchReuseTests
{
    [Fact]
    public void A_cleared_batch_refilled_with_other_streams_encodes_only_its_new_entries()
    {
        var first = LabelSet.From([new Label("job", "first")]);
        var second = LabelSet.From([new Label("job", "second")]);
        var source = new RecordingLogSource(1);
        var batch = new LokiBatch(new LokiChunkPool(keep: 8));
        for (var i = 0; i < 300; i++)
        {
            batch.Add(source, first, new LogEntry(1000 + i, Encoding.UTF8.GetBytes("old " + i), 10 + i), 0);
        }

        batch.Clear();
        Assert.True(batch.IsEmpty);
        Assert.False(batch.HasStream(first));
        Assert.Equal(0, batch.LineBytes);
        batch.Add(source, second, new LogEntry(7, "b"u8.ToArray(), 5), 3);
        batch.Add(source, second, new LogEntry(6, "a"u8.ToArray(), 4), 3);

        var encoder = new LokiPushEncoder();
        encoder.Encode(batch);
        var stream = FakeLokiPush.FromProtobuf(encoder.Compress().Span).Streams.Single();
        Assert.Contains("second", stream.Labels, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], stream.Entries.Select(e => e.Line));
        Assert.Equal(2, batch.EntryCount);
        Assert.Equal(5, batch.Sources[source].ResumeOffset);
        Assert.Equal(3, batch.StartedAt);
    }
}
