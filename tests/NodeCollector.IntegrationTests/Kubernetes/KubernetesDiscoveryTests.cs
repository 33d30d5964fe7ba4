using HostMocks.Kubernetes;
using NodeCollector.Kubernetes;
using NodeCollector.TestSupport;
using static NodeCollector.IntegrationTests.Kubernetes.DiscoveryHarness;

namespace NodeCollector.IntegrationTests.Kubernetes;

/// <summary>The discovery against the fake API server over verified TLS: list, watch, node, subscribers.</summary>
public sealed class KubernetesDiscoveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Lists_page_by_page_then_follows_every_change_of_this_node_only()
    {
        await using var harness = await CreateAsync();
        for (var i = 0; i < 7; i++)
        {
            harness.Server.AddPod(Pod("team-a", "web-" + i));
        }

        harness.Server.AddPod(Pod("team-a", "elsewhere", nodeName: "another-node"));
        DemoPods.Seed(harness.Server, NodeName);
        harness.Start();

        await harness.UntilInSyncAsync(Deadline, "the first list");
        Assert.True(harness.Discovery.IsReady);
        Assert.Equal(12, harness.Discovery.Snapshot.PodCount);
        Assert.True(harness.Server.Lists >= 4, "12 pods in pages of 3 need 4 pod list requests");

        var changes = new List<PodChange>();
        using var subscription = harness.Discovery.Subscribe(change => changes.AddRange(change.Pods));
        harness.Server.AddPod(Pod("team-b", "new"));
        harness.Server.UpdatePod(Pod("team-a", "web-1", generation: "1"));
        harness.Server.DeletePod("team-a", "web-2");
        harness.Server.AddPod(Pod("team-b", "also-elsewhere", nodeName: "another-node"));
        await harness.UntilInSyncAsync(Deadline, "the changes");

        Assert.Equal(["Added team-b/new", "Updated team-a/web-1", "Removed team-a/web-2"], changes.Select(c => c.Kind + " " + c.Pod.Key));
        Assert.Equal("example/app:1", harness.Discovery.Snapshot.PodsByKey["team-a/web-1"].Containers[0].Image);
        Assert.False(harness.Run.IsCompleted);
    }

    [Fact]
    public async Task Snapshot_has_the_node_and_prometheus_targets_of_the_demo_pods()
    {
        await using var harness = await CreateAsync();
        DemoPods.Seed(harness.Server, NodeName, podIP: "127.0.0.1", shopMetricsPort: 19102);
        harness.Start();
        await Poll.UntilAsync(() => harness.Discovery.Snapshot.Node is not null && harness.Discovery.IsReady, Deadline, "pods and node");

        var snapshot = harness.Discovery.Snapshot;
        Assert.Equal("127.0.0.1", snapshot.Node!.InternalIP);
        Assert.Equal(10250, snapshot.Node.KubeletPort);
        Assert.Contains(snapshot.Node.MetadataLabels, l => l.Name == "__meta_kubernetes_node_label_kubernetes_io_os" && l.Value == "linux");
        Assert.True(snapshot.TryGetPodByUid(DemoPods.ShopApiUid, out var shop));
        Assert.Equal("shop_shop-api-6d9f7c8b5-qx2lm_" + DemoPods.ShopApiUid, shop.LogDirectoryName);
        Assert.Equal(["127.0.0.1:8080", "127.0.0.1:19102", "127.0.0.1"], shop.Targets.Select(t => t.Single(l => l.Name == "__address__").Value));
        Assert.True(snapshot.TryGetPod("jobs", "batch-report-28391234-abcde", out var pending));
        Assert.Empty(pending.Targets);
        Assert.Equal(7, snapshot.Targets.Length);

        var nodeChanged = false;
        using var subscription = harness.Discovery.Subscribe(change => nodeChanged |= change.NodeChanged);
        harness.Server.SetNode(DemoPods.Node(NodeName, internalIP: "127.0.0.2"));
        await Poll.UntilAsync(() => harness.Discovery.Snapshot.Node?.InternalIP == "127.0.0.2", Deadline, "the node update");
        Assert.True(nodeChanged);
    }

    [Fact]
    public async Task Bookmarks_let_a_watch_resume_after_compaction_without_a_relist()
    {
        await using var harness = await CreateAsync(bookmarkInterval: TimeSpan.FromMilliseconds(100));
        harness.Server.AddPod(Pod("ns", "mine"));
        harness.Start(options => options with { WatchNode = false, WatchTimeout = TimeSpan.FromMinutes(1) });
        await harness.UntilInSyncAsync(Deadline, "the first sync");
        await Poll.UntilAsync(() => harness.Server.Cluster.OpenWatches == 1, Deadline, "the watch");

        // Changes elsewhere move the version on without an event for this node; only a bookmark carries it.
        harness.Server.AddPod(Pod("ns", "theirs", nodeName: "another-node"));
        var latest = harness.Server.Cluster.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        harness.Server.ExpireHistory();
        await Poll.UntilAsync(() => harness.Logger.Events.Any(e => e.Id == 4016 && e.Message.Contains(latest, StringComparison.Ordinal)), Deadline, "a bookmark at " + latest);
        harness.Server.DropWatches();
        harness.Server.AddPod(Pod("ns", "after-drop"));

        await harness.UntilInSyncAsync(Deadline, "the resumed watch");
        Assert.True(harness.Logger.Count(4003) == 0, harness.Logger.Dump());
        Assert.Equal(1, harness.Server.Lists);
    }

    [Fact]
    public async Task Untrusted_server_certificate_is_refused_and_never_ready()
    {
        await using var harness = await CreateAsync();
        await using var other = await FakeKubernetesApiServer.StartAsync();
        harness.Start(options => options with { CaCertificates = other.CaCertificates });

        await Poll.UntilAsync(() => harness.Logger.Count(4019) >= 2, Deadline, "logged TLS failures");
        Assert.False(harness.Discovery.IsReady);
        Assert.Equal(SnapshotState.NotSynced, harness.Discovery.Snapshot.State);
        Assert.Equal(0, harness.Server.Lists);
        Assert.Contains(harness.Logger.Events, e => e.Id == 4019 && e.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Hosted_service_start_and_stop()
    {
        await using var harness = await CreateAsync();
        harness.Server.AddPod(Pod("ns", "p"));
        using var discovery = new KubernetesDiscovery(harness.Options());
        await discovery.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => discovery.IsReady, Deadline, "readiness");
        await discovery.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal(1, discovery.Snapshot.PodCount);
    }
}
