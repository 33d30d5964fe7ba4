using System.Text;
using HostMocks.Loki;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>Batches copy lines into pooled 64 KiB chunks; lines across chunk ends, long lines and empty lines come out whole.</summary>
public sealed class LokiBatchChunkTests
{
    private static readonly LabelSet Labels = LabelSet.From([new Label("job", "x")]);

    [Fact]
    public void Lines_that_fill_several_chunks_and_lines_longer_than_a_chunk_come_out_whole_and_in_order()
    {
        var pool = new LokiChunkPool(keep: 100);
        var lines = new List<string>();
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var length = i % 97 == 0 ? LokiChunkPool.ChunkSize + 1 + random.Next(1000) : i % 50 == 0 ? 0 : random.Next(1, 3000);
            lines.Add(new string((char)('a' + (i % 26)), length));
        }

        var encoder = new LokiPushEncoder();
        using (var batch = new LokiBatch(pool))
        {
            var source = new RecordingLogSource(1);
            foreach (var line in lines)
            {
                batch.Add(source, Labels, new LogEntry(42, Encoding.UTF8.GetBytes(line), 0), 0);
            }

            Assert.Equal(lines.Sum(l => (long)l.Length), batch.LineBytes);
            encoder.Encode(batch);
        }

        var entries = FakeLokiPush.FromProtobuf(encoder.Compress().Span).Streams.Single().Entries;
        Assert.Equal(lines, entries.Select(e => e.Line));
        Assert.InRange(pool.KeptCount, 10, 100);
    }

    [Fact]
    public void The_pool_reuses_returned_chunks_and_keeps_no_more_than_its_cap()
    {
        var pool = new LokiChunkPool(keep: 2);
        var rented = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        Assert.All(rented, chunk => Assert.Equal(LokiChunkPool.ChunkSize, chunk.Length));

        rented.ForEach(pool.Return);
        pool.Return(new byte[10]);

        Assert.Equal(2, pool.KeptCount);
        Assert.Same(rented[1], pool.Rent());
        Assert.Same(rented[0], pool.Rent());
        Assert.Equal(0, pool.KeptCount);
    }

    [Fact]
    public void A_batcher_keeps_at_most_its_buffer_in_chunks_after_its_batches_are_finished()
    {
        var pool = LokiChunkPool.ForBuffer(1 << 20);
        var batches = Enumerable.Range(0, 40).Select(_ => new LokiBatch(pool)).ToList();
        var line = new byte[60_000];
        foreach (var batch in batches)
        {
            batch.Add(new RecordingLogSource(1), Labels, new LogEntry(1, line, 0), 0);
            batch.Add(new RecordingLogSource(1), Labels, new LogEntry(2, line, 0), 0);
        }

        batches.ForEach(b => b.Dispose());

        Assert.Equal((1 << 20) / LokiChunkPool.ChunkSize + 4, pool.KeptCount);
    }
}
