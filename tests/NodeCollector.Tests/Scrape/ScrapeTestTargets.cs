using System.Text;
using NodeCollector.Labels;
using NodeCollector.Scrape;
using NodeCollector.Tests.Labels;

namespace NodeCollector.Tests.Scrape;

/// <summary>Jobs, targets and canned clients for scrape tests.</summary>
internal static class ScrapeTestTargets
{
    public static ScrapeJob Job(string name = "test", string metricRelabel = "", bool honorLabels = false, int sampleLimit = 0, int labelLimit = 0, string relabel = "") => new()
    {
        Name = name,
        Interval = TimeSpan.FromSeconds(15),
        Timeout = TimeSpan.FromSeconds(10),
        HonorLabels = honorLabels,
        SampleLimit = sampleLimit,
        LabelLimit = labelLimit,
        RelabelRules = relabel.Length == 0 ? [] : RelabelTestRules.Parse(relabel),
        MetricRelabelRules = metricRelabel.Length == 0 ? [] : RelabelTestRules.Parse(metricRelabel),
    };

    public static ScrapeTarget Target(ScrapeJob job, string address = "127.0.0.1:9100")
    {
        var target = TargetLabeler.TryBuild(job, LabelSet.From([new Label(TargetLabeler.Address, address)]), new LabelSetBuilder(), out var reason);
        Assert.True(target is not null, reason);
        return target!;
    }

    public static ReadOnlyMemory<byte> Body(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>A client that returns queued responses (the last one repeats).</summary>
internal sealed class QueuedScrapeClient : IScrapeClient
{
    private readonly Queue<Func<CancellationToken, Task<ScrapeResponse>>> _responses = new();
    private Func<CancellationToken, Task<ScrapeResponse>>? _last;

    public int Fetches { get; private set; }

    public QueuedScrapeClient Then(string body, bool openMetrics = false)
    {
        _responses.Enqueue(_ => Task.FromResult(new ScrapeResponse(ScrapeTestTargets.Body(body), openMetrics, null)));
        return this;
    }

    public QueuedScrapeClient ThenFail(string error)
    {
        _responses.Enqueue(_ => Task.FromResult(ScrapeResponse.Failed(error)));
        return this;
    }

    public QueuedScrapeClient ThenHang()
    {
        _responses.Enqueue(async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return ScrapeResponse.Failed("unreachable");
        });
        return this;
    }

    /// <summary>A response that arrives when <paramref name="response"/> completes, whatever cancellation says.</summary>
    public QueuedScrapeClient ThenStubborn(Task<ScrapeResponse> response)
    {
        _responses.Enqueue(_ => response);
        return this;
    }

    public Task<ScrapeResponse> FetchAsync(CancellationToken cancellationToken)
    {
        Fetches++;
        if (_responses.Count > 0)
        {
            _last = _responses.Dequeue();
        }

        return _last!(cancellationToken);
    }

    public void Dispose()
    {
    }
}
