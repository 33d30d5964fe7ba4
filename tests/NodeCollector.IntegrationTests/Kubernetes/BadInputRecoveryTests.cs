using System.Collections.Concurrent;
using NodeCollector.Kubernetes;
using NodeCollector.TestSupport;
using static NodeCollector.IntegrationTests.Kubernetes.DiscoveryHarness;

namespace NodeCollector.IntegrationTests.Kubernetes;

/// <summary>
/// Every kind of bad input ends in a logged recovery (resume or relist) and a snapshot that again equals
/// the server's state; meanwhile the snapshot says it is stale, and the discovery loop never ends.
/// </summary>
public sealed class BadInputRecoveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);

    [Theory]
    [InlineData("truncated event stream", 4004, false)]
    [InlineData("malformed JSON event", 4005, true)]
    [InlineData("unknown event type", 4005, true)]
    [InlineData("HTTP 500", 4006, true)]
    [InlineData("401 with a stale token", 4006, true)]
    [InlineData("server hangs before answering", 4007, false)]
    [InlineData("watch stalls without ending", 4007, false)]
    [InlineData("410 as an ERROR event", 4003, true)]
    [InlineData("410 as the HTTP status", 4003, true)]
    public async Task Recovers_and_logs(string fault, int loggedEventId, bool relists)
    {
        await using var harness = await CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            harness.Server.AddPod(Pod("ns", "before-" + i));
        }

        // Only the pod loop, so that every injected fault reaches it (the node loop recovers the same way).
        harness.Start(options => options with { WatchNode = false });
        await harness.UntilInSyncAsync(Deadline, "the first sync");
        await Poll.UntilAsync(() => harness.Server.Cluster.OpenWatches == 1, Deadline, "the pod watch");
        var states = new ConcurrentQueue<SnapshotState>();
        using var subscription = harness.Discovery.Subscribe(change => states.Enqueue(change.Snapshot.State));
        var podListsBefore = PodLists(harness);

        await InjectAsync(harness, fault);
        harness.Server.AddPod(Pod("ns", "after-fault"));
        harness.Server.UpdatePod(Pod("ns", "before-0", generation: "1"));
        await Poll.UntilAsync(() => harness.Logger.Count(loggedEventId) > 0, Deadline, $"log event {loggedEventId}");
        await harness.UntilInSyncAsync(Deadline, "recovery from " + fault);

        Assert.Contains(SnapshotState.Stale, states);
        Assert.Equal(SnapshotState.Current, harness.Discovery.Snapshot.State);
        Assert.False(harness.Run.IsCompleted, "the discovery loop ended");
        Assert.Equal(relists, PodLists(harness) > podListsBefore);
        Assert.DoesNotContain(harness.Logger.Events, e => e.Message.Contains(harness.Server.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Not_ready_until_the_first_list_succeeded()
    {
        await using var harness = await CreateAsync();
        harness.Server.AddPod(Pod("ns", "p"));
        harness.Server.FailNextRequests(4, 503);
        harness.Start(options => options with { WatchNode = false });

        await Poll.UntilAsync(() => harness.Logger.Count(4006) >= 1, Deadline, "the first failed list");
        Assert.False(harness.Discovery.IsReady);
        Assert.Equal(SnapshotState.NotSynced, harness.Discovery.Snapshot.State);
        Assert.Equal(0, harness.Discovery.Snapshot.PodCount);

        await Poll.UntilAsync(() => harness.Discovery.IsReady, Deadline, "readiness");
        Assert.Equal(4, harness.Logger.Count(4006));
        Assert.Equal(1, harness.Discovery.Snapshot.PodCount);
        Assert.Equal(1, harness.Logger.Count(4012));
    }

    private static async Task InjectAsync(DiscoveryHarness harness, string fault)
    {
        var server = harness.Server;
        switch (fault)
        {
            case "truncated event stream":
                server.TruncateWatches();
                break;
            case "malformed JSON event":
                server.InjectIntoWatches("{\"type\":\"MODIFIED\",\"object\":{\"metadata\":");
                break;
            case "unknown event type":
                server.InjectIntoWatches("{\"type\":\"RESYNC\",\"object\":{\"metadata\":{\"resourceVersion\":\"1\"}}}");
                break;
            case "HTTP 500":
                server.FailNextRequests(3, 500);
                server.DropWatches();
                break;
            case "401 with a stale token":
                server.RotateToken();
                server.DropWatches();
                await Poll.UntilAsync(() => harness.Logger.Events.Any(e => e.Id == 4006 && e.Message.Contains("401", StringComparison.Ordinal)), Deadline, "a 401");
                await Poll.UntilAsync(() => harness.Discovery.Snapshot.State == SnapshotState.Stale, Deadline, "the stale mark while refused");
                server.WriteToken(harness.TokenFile);
                await Poll.UntilAsync(() => harness.Logger.Count(4008) > 0, Deadline, "the token file re-read");
                break;
            case "server hangs before answering":
                server.HangNextRequests(1);
                server.DropWatches();
                break;
            case "watch stalls without ending":
                server.StallWatches();
                break;
            case "410 as an ERROR event":
            case "410 as the HTTP status":
                server.ExpiredWatchAsHttpStatus = fault.EndsWith("HTTP status", StringComparison.Ordinal);
                server.StallWatches();
                server.AddPod(Pod("ns", "missed-while-stalled"));
                server.ExpireHistory();
                server.DropWatches();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault");
        }
    }

    /// <summary>Completed pod lists so far (log event 4000).</summary>
    private static int PodLists(DiscoveryHarness harness) =>
        harness.Logger.Events.Count(e => e.Id == 4000 && e.Message.Contains(" pods at ", StringComparison.Ordinal));
}
