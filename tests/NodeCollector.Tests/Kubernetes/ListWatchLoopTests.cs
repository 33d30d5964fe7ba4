using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;
using NodeCollector.TestSupport;
using static NodeCollector.Tests.Kubernetes.ScriptedKubernetesApi;

namespace NodeCollector.Tests.Kubernetes;

/// <summary>The reflector rules: what is resumed, what is relisted, and that waits use the injected clock.</summary>
public sealed class ListWatchLoopTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Resumes_from_the_last_applied_event_after_a_dropped_connection()
    {
        var api = new ScriptedKubernetesApi();
        api.EnqueueList("10", Pod("a", "5"));
        var first = api.EnqueueWatch();
        var second = api.EnqueueWatch();
        await using var run = Start(api, out var discovery, out _);

        await Poll.UntilAsync(() => api.WatchedFrom.Count == 1, Deadline, "the first watch");
        first.Send(WatchEventType.Modified, Pod("a", "11")).Send(WatchEventType.Added, Pod("b", "12"));
        first.Send(WatchEventType.Bookmark, Bookmark("13")).Fail(new IOException("connection reset"));

        await Poll.UntilAsync(() => api.WatchedFrom.Count == 2, Deadline, "the resumed watch");
        Assert.Equal(["10", "13"], api.WatchedFrom);
        Assert.Equal(1, api.ListCalls);
        second.Send(WatchEventType.Deleted, Pod("a", "14"));
        await Poll.UntilAsync(() => discovery.Snapshot.PodCount == 1, Deadline, "the delete");
        Assert.Equal(SnapshotState.Current, discovery.Snapshot.State);
        Assert.True(discovery.Snapshot.TryGetPod("default", "b", out _));
    }

    [Fact]
    public async Task Relists_at_once_on_an_expired_version_and_reports_what_changed_meanwhile()
    {
        var api = new ScriptedKubernetesApi();
        api.EnqueueList("10", Pod("a", "5"), Pod("b", "6"));
        var first = api.EnqueueWatch();
        api.EnqueueList("50", Pod("b", "6"), Pod("c", "40"));
        api.EnqueueWatch();
        await using var run = Start(api, out var discovery, out _);
        await Poll.UntilAsync(() => discovery.IsReady, Deadline, "the first list");
        var changes = new List<SnapshotChange>();
        using var subscription = discovery.Subscribe(changes.Add);

        first.SendError(410, "Expired");

        await Poll.UntilAsync(() => api.WatchedFrom.Count == 2, Deadline, "the watch after the relist");
        Assert.Equal(["10", "50"], api.WatchedFrom);
        var podChanges = changes.SelectMany(c => c.Pods).Select(p => p.Kind + " " + p.Pod.Name).Order().ToArray();
        Assert.Equal(["Added c", "Removed a"], podChanges);
        Assert.Equal(SnapshotState.Current, discovery.Snapshot.State);
    }

    [Fact]
    public async Task Malformed_event_relists_after_a_backoff_on_the_injected_clock()
    {
        var api = new ScriptedKubernetesApi();
        var time = new FakeTimeProvider();
        api.EnqueueList("10", Pod("a", "5"));
        var first = api.EnqueueWatch();
        api.EnqueueList("20", Pod("a", "15"));
        api.EnqueueWatch();
        await using var run = Start(api, out var discovery, out _, time);
        await Poll.UntilAsync(() => api.WatchedFrom.Count == 1, Deadline, "the first watch");

        first.Fail(new WatchStreamException(WatchStreamFailure.Malformed, "bad line"));

        await Poll.UntilAsync(() => discovery.Snapshot.State == SnapshotState.Stale, Deadline, "the stale mark");
        await Poll.UntilAsync(() => time.PendingTimers > 0, Deadline, "the backoff timer");
        Assert.Equal(1, api.ListCalls);
        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => api.WatchedFrom.Count == 2, Deadline, "the relist and new watch");
        Assert.Equal(2, api.ListCalls);
        Assert.True(discovery.Snapshot.TryGetPod("default", "a", out var pod));
        Assert.Equal("15", pod.ResourceVersion);
        Assert.Equal(SnapshotState.Current, discovery.Snapshot.State);
    }

    [Fact]
    public async Task Not_ready_until_the_first_list_succeeds_and_failed_lists_back_off()
    {
        var api = new ScriptedKubernetesApi();
        var time = new FakeTimeProvider();
        api.EnqueueListError(new KubernetesApiException(500, "InternalError", "boom"));
        api.EnqueueListError(new TimeoutException("hung"));
        api.EnqueueList("10", Pod("a", "5"));
        api.EnqueueWatch();
        await using var run = Start(api, out var discovery, out _, time);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Poll.UntilAsync(() => time.PendingTimers > 0, Deadline, "backoff " + attempt);
            Assert.Equal(attempt, api.ListCalls);
            Assert.False(discovery.IsReady);
            Assert.Equal(SnapshotState.NotSynced, discovery.Snapshot.State);
            // Exactly the backoff ceiling of this attempt (100 ms doubling): fires this wait, not the next one.
            time.Advance(TimeSpan.FromMilliseconds(100 << (attempt - 1)));
        }

        await Poll.UntilAsync(() => discovery.IsReady, Deadline, "readiness");
        Assert.Equal(1, discovery.Snapshot.PodCount);
    }

    [Fact]
    public async Task Duplicate_events_are_not_applied_twice()
    {
        var api = new ScriptedKubernetesApi();
        api.EnqueueList("10", Pod("a", "5"));
        var watch = api.EnqueueWatch();
        await using var run = Start(api, out var discovery, out _);
        await Poll.UntilAsync(() => api.WatchedFrom.Count == 1, Deadline, "the watch");
        var changes = 0;
        using var subscription = discovery.Subscribe(c => changes += c.Pods.Length);

        watch.Send(WatchEventType.Modified, Pod("a", "5")).Send(WatchEventType.Modified, Pod("a", "6")).Send(WatchEventType.Modified, Pod("a", "6"));
        watch.Send(WatchEventType.Deleted, Pod("x", "7"));
        await Poll.UntilAsync(() => discovery.Snapshot.PodsResourceVersion == "6", Deadline, "the update");
        Assert.Equal(1, changes);
    }

    [Fact]
    public async Task Watches_that_end_at_once_and_empty_are_retried_after_a_backoff()
    {
        var api = new ScriptedKubernetesApi();
        var time = new FakeTimeProvider();
        api.EnqueueList("10", Pod("a", "5"));
        api.EnqueueWatch().End();
        api.EnqueueWatch().End();
        await using var run = Start(api, out _, out _, time);

        await Poll.UntilAsync(() => time.PendingTimers > 0, Deadline, "the backoff after an empty watch");
        Assert.Single(api.WatchedFrom);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Poll.UntilAsync(() => api.WatchedFrom.Count == 2, Deadline, "the second watch");
        Assert.Equal(1, api.ListCalls);
    }

    [Fact]
    public async Task Expired_continue_token_restarts_the_list_from_the_first_page()
    {
        var api = new ScriptedKubernetesApi();
        api.EnqueueListPage("10", "page-2", Pod("a", "5"));
        api.EnqueueListError(new KubernetesApiException(410, "Expired", "The provided continue parameter is too old"));
        api.EnqueueListPage("20", "page-2", Pod("a", "15"));
        api.EnqueueListPage("20", null, Pod("b", "16"));
        api.EnqueueWatch();
        await using var run = Start(api, out var discovery, out _);

        await Poll.UntilAsync(() => api.WatchedFrom.Count == 1, Deadline, "the watch after the restarted list");
        Assert.Equal(4, api.ListCalls);
        Assert.Equal(["20"], api.WatchedFrom);
        Assert.Equal(2, discovery.Snapshot.PodCount);
        Assert.Equal("15", discovery.Snapshot.PodsByKey["default/a"].ResourceVersion);
    }

    private static RunningDiscovery Start(ScriptedKubernetesApi api, out KubernetesDiscovery discovery, out CancellationTokenSource stop, TimeProvider? time = null)
    {
        var options = new KubernetesOptions
        {
            ApiServer = new Uri("https://127.0.0.1:1"),
            NodeName = "node-1",
            Token = "test",
            WatchNode = false,
            BackoffInitial = TimeSpan.FromMilliseconds(100),
            BackoffMax = TimeSpan.FromMilliseconds(500),
            TimeProvider = time ?? TimeProvider.System,
            Random = new Random(1),
        };
        discovery = new KubernetesDiscovery(options, api);
        stop = new CancellationTokenSource();
        return new RunningDiscovery(discovery.RunAsync(stop.Token), stop);
    }

    private sealed class RunningDiscovery(Task run, CancellationTokenSource stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run.WaitAsync(Deadline);
            stop.Dispose();
        }
    }
}
