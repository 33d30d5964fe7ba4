using HostMocks.Kubernetes;
using HostMocks.Logs;
using NodeCollector.Kubernetes;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

public sealed class PodLogDiscoveryTests : IAsyncDisposable
{
    private readonly LogsServiceHarness _harness = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogSink _sink = new();
    private readonly PodInfo _pod = PodInfoFactory.Create(DemoPods.Create("node-1")[0]);

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Files_are_labelled_from_the_pod_and_keep_its_labels_for_the_grace_period_after_it_went_away()
    {
        using var writer = new LogWriter(_harness.ContainerDir(_pod.Namespace, _pod.Name, "api", _pod.Uid));
        writer.Write("stdout", "while the pod runs");
        using var reconciler = Reconciler();

        reconciler.Round(Snapshot(_pod));
        await Poll.UntilAsync(() => _sink.Count == 1, TimeSpan.FromSeconds(5), "the first line");
        Assert.Equal(
            "{app=\"shop-api\", container=\"api\", job=\"shop/api\", namespace=\"shop\", node=\"node-1\", pod=\"shop-api-6d9f7c8b5-qx2lm\", stream=\"stdout\"}",
            _sink.Entries[0].Labels.ToString());

        reconciler.Round(Snapshot());
        writer.Write("stderr", "after the pod was deleted");
        var tailer = Assert.Single(reconciler.Tailers);
        tailer.Wake();
        await Poll.UntilAsync(() => _sink.Count == 2, TimeSpan.FromSeconds(5), "the line written after deletion");
        Assert.Equal("shop-api", _sink.Entries[1].Labels.Get("app"));
        Assert.False(tailer.FinishRequested);

        _time.Advance(TimeSpan.FromSeconds(61));
        reconciler.Round(Snapshot());
        Assert.True(tailer.FinishRequested);
        await Poll.UntilAsync(() => tailer.Finished, TimeSpan.FromSeconds(5), "the released file to finish");
        Assert.Contains(_harness.Logger.Entries, e => e.EventId == 6017);
        await reconciler.StopAsync(TimeSpan.Zero);
    }

    [Fact]
    public async Task Nothing_is_read_before_the_first_pod_list()
    {
        using var writer = new LogWriter(_harness.ContainerDir(_pod.Namespace, _pod.Name, "api", _pod.Uid));
        writer.Write("stdout", "early");
        using var reconciler = Reconciler();
        reconciler.Round(NodeSnapshot.Empty);
        Assert.Empty(reconciler.Tailers);

        reconciler.Round(Snapshot(_pod));
        await Poll.UntilAsync(() => _sink.Count == 1, TimeSpan.FromSeconds(5), "the line after the first list");
        await reconciler.StopAsync(TimeSpan.Zero);
    }

    private LogFileReconciler Reconciler() => _harness.Reconciler(_sink, _time);

    private static NodeSnapshot Snapshot(params PodInfo[] pods) => LogsServiceHarness.Snapshot(pods);
}
