using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NodeCollector.Kubernetes;
using NodeCollector.TestSupport;
using Xunit.Abstractions;
using static NodeCollector.IntegrationTests.Kubernetes.DiscoveryHarness;

namespace NodeCollector.IntegrationTests.Kubernetes;

/// <summary>
/// 2,000 random pod adds, updates and deletes (some on another node) while the server drops connections,
/// truncates streams, compacts its history (forcing 410s), sends bookmarks and rotates the token. At the
/// end the snapshot equals the server's state exactly, and subscribers never saw a pod version twice or
/// an older version after a newer one.
/// </summary>
public sealed class ChurnTests(ITestOutputHelper output)
{
    private const int Operations = 2000;

    [Fact(Timeout = 60_000)]
    public async Task Snapshot_converges_exactly_without_duplicate_or_reordered_events()
    {
        var clock = Stopwatch.StartNew();
        await using var harness = await CreateAsync();
        harness.Start(options => options with { PageSize = 7 });
        await Poll.UntilAsync(() => harness.Discovery.IsReady, TimeSpan.FromSeconds(10), "readiness");

        var applied = new ConcurrentQueue<(string Key, PodChangeKind Kind, long Version, string Uid)>();
        using var subscription = harness.Discovery.Subscribe(change =>
        {
            foreach (var pod in change.Pods)
            {
                var info = pod.Current ?? pod.Previous!;
                applied.Enqueue((pod.Pod.Key, pod.Kind, long.Parse(info.ResourceVersion, CultureInfo.InvariantCulture), info.Uid));
            }
        });

        var random = new Random(20240101);
        var names = Enumerable.Range(0, 60).Select(i => ("ns-" + (i % 3), "pod-" + i)).ToArray();
        var pendingTokenWrite = -1;
        for (var op = 1; op <= Operations; op++)
        {
            var (ns, name) = names[random.Next(names.Length)];
            if (!harness.Server.Cluster.Pods.TryGetValue(ns + "/" + name, out var existing))
            {
                var node = random.Next(5) == 0 ? "another-node" : NodeName;
                harness.Server.AddPod(Pod(ns, name, node, "0", random.Next(10) == 0 ? null : "10.1.0." + random.Next(1, 250)));
            }
            else if (random.Next(10) < 7)
            {
                harness.Server.UpdatePod(Pod(ns, name, existing.Spec!.NodeName!, op.ToString(CultureInfo.InvariantCulture), existing.Status?.PodIP ?? "10.1.1.1"));
            }
            else
            {
                harness.Server.DeletePod(ns, name);
            }

            Fault(harness, op, ref pendingTokenWrite);
            if (op % 10 == 0)
            {
                await Task.Delay(2);
            }
        }

        harness.Server.WriteToken(harness.TokenFile);
        harness.Server.SendBookmarks();
        await harness.UntilInSyncAsync(TimeSpan.FromSeconds(30), "convergence after the churn");

        var byPod = applied.GroupBy(a => a.Key).ToList();
        foreach (var pod in byPod)
        {
            var versions = pod.Where(a => a.Kind != PodChangeKind.Removed).Select(a => a.Version).ToList();
            for (var i = 1; i < versions.Count; i++)
            {
                Assert.True(versions[i] > versions[i - 1], $"{pod.Key}: version {versions[i]} applied after {versions[i - 1]}");
            }
        }

        output.WriteLine(
            $"{clock.Elapsed.TotalSeconds:0.0} s: {applied.Count} pod changes to subscribers, {harness.Server.Lists} lists, {harness.Server.Watches} watches, " +
            $"{harness.Server.UnauthorizedRequests} refused tokens, {harness.Logger.Count(4003)} relists after 410, {harness.Logger.Count(4004)} resumed watches, " +
            $"{harness.Logger.Count(4005)} bad streams, final {harness.Discovery.Snapshot.PodCount} pods");
        Assert.True(applied.Count > 500, $"only {applied.Count} changes reached subscribers");
        Assert.True(harness.Logger.Count(4003) > 0, "no 410 was forced\n" + harness.Logger.Dump());
        Assert.True(harness.Logger.Count(4004) > 0, "no dropped watch was resumed");
        Assert.True(harness.Server.UnauthorizedRequests > 0, "the rotated token was never refused");
        Assert.False(harness.Run.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"took {clock.Elapsed}");
    }

    private static void Fault(DiscoveryHarness harness, int op, ref int pendingTokenWrite)
    {
        var server = harness.Server;
        if (op % 97 == 0)
        {
            server.DropWatches();
        }

        if (op % 211 == 0)
        {
            server.TruncateWatches();
        }

        if (op % 151 == 0)
        {
            server.SendBookmarks();
        }

        if (op % 331 == 0)
        {
            // Stall, change, compact, cut: the client resumes from a version the server no longer has.
            server.StallWatches();
            server.ExpireHistory();
            server.DropWatches();
        }

        if (op % 500 == 250)
        {
            server.RotateToken();
            pendingTokenWrite = op + 40;
        }

        if (op == pendingTokenWrite)
        {
            server.WriteToken(harness.TokenFile);
        }
    }
}
