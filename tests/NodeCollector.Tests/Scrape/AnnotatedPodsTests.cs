using HostMocks.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Scrape;

/// <summary>The annotated-pods job as shipped in examples/nodecollector.yaml (ordinary relabel rules), over the demo pods.</summary>
public sealed class AnnotatedPodsTests
{
    [Fact]
    public async Task TheDefaultJobYieldsTheAnnotatedDemoPods()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        DemoPods.Seed(server, "demo-node");
        var tokenFile = Path.GetTempFileName();
        try
        {
            server.WriteToken(tokenFile);
            using var discovery = new KubernetesDiscovery(server.ClientOptions("demo-node", tokenFile));
            using var stop = new CancellationTokenSource();
            var run = discovery.RunAsync(stop.Token);
            await Poll.UntilAsync(() => discovery.IsReady && discovery.Snapshot.PodCount == 5, TimeSpan.FromSeconds(20), "the demo pods");

            await using var pool = new ScrapePool(ShippedAnnotatedPodsJob(), null, TimeProvider.System, NullLogger.Instance, 0);
            var config = new NodeCollector.Config.ScrapeConfig { JobName = "kubernetes-pods", KubernetesSdConfigs = [new NodeCollector.Config.KubernetesSdConfig()] };
            await pool.SyncAsync(ScrapeTargetSets.For(config, discovery.Snapshot), CancellationToken.None);

            var active = pool.Targets.Active.OrderBy(t => t.Url.AbsoluteUri).ToList();
            Assert.Equal(["http://127.0.0.1:9102/metrics", "http://127.0.0.1:9187/metrics"], active.Select(t => t.Url.AbsoluteUri));
            Assert.Equal("shop", active[0].Labels.Get("namespace"));
            Assert.Equal("shop-api-6d9f7c8b5-qx2lm", active[0].Labels.Get("pod"));
            Assert.Equal("shop-api", active[0].Labels.Get("app_kubernetes_io_name"));
            Assert.Equal("127.0.0.1:9102", active[0].Labels.Get("instance"));
            Assert.Equal("orders-db-0", active[1].Labels.Get("pod"));
            Assert.NotEmpty(pool.Targets.Dropped);
            Assert.All(pool.Targets.Dropped, d => Assert.NotEqual("true", d.Get("__meta_kubernetes_pod_annotation_prometheus_io_scrape")));

            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    private static ScrapeJob ShippedAnnotatedPodsJob()
    {
        var loaded = ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "examples", "nodecollector.yaml"), name => name == "NODE_NAME" ? "demo-node" : null);
        Assert.Empty(loaded.Problems);
        var job = Assert.Single(loaded.Config!.ScrapeConfigs, c => c.JobName == "kubernetes-pods");
        return ScrapeJob.From(job, loaded.Config.Global);
    }
}
