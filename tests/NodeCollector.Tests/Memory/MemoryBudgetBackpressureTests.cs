using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.Tests.Export.Loki;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Memory;

/// <summary>
/// Under a tiny budget Loki's batches stop at its share, not at <c>loki.buffer_size</c>: the writer waits (the tailers
/// stop reading) instead of the buffer growing, and goes on once a batch is taken.
/// </summary>
public sealed class MemoryBudgetBackpressureTests
{
    private const int LineBytes = 256 * 1024;

    [Fact]
    public async Task Loki_writes_wait_at_the_loki_share_of_a_tiny_budget()
    {
        var config = ConfigLoader.Load(
            "kubernetes: {enabled: false}\nlimits: {memory_budget: 16MiB}\nloki: {url: http://127.0.0.1:1/push, buffer_size: 64MiB}\n",
            "c.yaml",
            _ => null).Config!;
        var share = MemoryBudgetPlan.ShareOf(config, MemoryBudgetPlan.Loki);
        await using var loki = new LokiService(config, new FakeTimeProvider(), NullLoggerFactory.Instance);
        var source = new RecordingLogSource(1);
        var stream = LabelSet.From([new Label("pod", "a")]);
        var line = new byte[LineBytes];

        ValueTask pending = default;
        var written = 0;
        for (; written < 1000; written++)
        {
            pending = loki.WriteAsync(source, stream, new LogEntry(written, line, written), CancellationToken.None);
            if (!pending.IsCompleted)
            {
                break;
            }
        }

        Assert.InRange(written, 1, 999);
        Assert.InRange(loki.Batcher.BufferedBytes, share - LineBytes - 100, share);
        Assert.True(share < config.Loki.BufferSize);

        using var batch = await loki.Batcher.TakeAsync(CancellationToken.None);
        loki.Batcher.Finish(batch!);
        await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }
}
