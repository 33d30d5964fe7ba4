using System.IO.Pipelines;
using System.Text;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Tests.Kubernetes;

public sealed class WatchLineReaderTests
{
    private const string Stream =
        "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"1\"}}}\n" +
        "\n" +
        "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"ä\",\"resourceVersion\":\"2\"}}}\r\n" +
        "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"3\"}}}\n";

    [Fact]
    public async Task Reads_the_same_events_whatever_the_chunking()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var events = await ReadAllAsync(bytes[..split], bytes[split..]);
            Assert.Equal(["1", "2", "3"], events.Select(e => e.ResourceVersion));
            Assert.Equal("ä", events[1].Object!.Metadata!.Name);
        }
    }

    [Fact]
    public async Task Reads_events_delivered_one_byte_at_a_time()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var events = await ReadAllAsync(bytes.Select(b => new[] { b }).ToArray());
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public async Task Stream_ending_inside_an_event_is_truncated_not_malformed()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream + "{\"type\":\"ADDED\",\"obj");
        var error = await Assert.ThrowsAsync<WatchStreamException>(() => ReadAllAsync(bytes));
        Assert.Equal(WatchStreamFailure.Truncated, error.Failure);
        Assert.False(error.RequiresRelist);
    }

    [Fact]
    public async Task Malformed_line_ends_the_stream_and_requires_a_relist()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"1\"}}}\n{not json}\n");
        var error = await Assert.ThrowsAsync<WatchStreamException>(() => ReadAllAsync(bytes));
        Assert.Equal(WatchStreamFailure.Malformed, error.Failure);
        Assert.True(error.RequiresRelist);
    }

    private static async Task<List<WatchEvent<V1Pod>>> ReadAllAsync(params byte[][] chunks)
    {
        var pipe = new Pipe();
        foreach (var chunk in chunks)
        {
            if (chunk.Length > 0)
            {
                await pipe.Writer.WriteAsync(chunk);
            }
        }

        await pipe.Writer.CompleteAsync();
        var events = new List<WatchEvent<V1Pod>>();
        await foreach (var watchEvent in WatchLineReader.ReadAsync(pipe.Reader, KubernetesJsonContext.Default.V1Pod, CancellationToken.None))
        {
            events.Add(watchEvent);
        }

        return events;
    }
}
