using System.Globalization;
using BenchmarkDotNet.Attributes;
using HostMocks.Kubernetes;
using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Benchmarks.Kubernetes;

/// <summary>
/// One pod update end to end on a node of 110 pods: the fake API server (same process) serializes the
/// MODIFIED event onto the TLS watch stream, the discovery reads and applies it and a subscriber hears
/// of it. Time and allocations include the server's share, so they bound the watcher's cost from above.
/// </summary>
[MemoryDiagnoser]
public class FakeServerWatchBenchmarks : IDisposable
{
    private const string NodeName = "bench-node";
    private const int PodCount = 110;

    private FakeKubernetesApiServer _server = null!;
    private KubernetesDiscovery _discovery = null!;
    private CancellationTokenSource _stop = null!;
    private Task _run = null!;
    private string _directory = "";
    private V1Pod[] _pods = [];
    private TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _awaitedVersion = "";
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _directory = Directory.CreateTempSubdirectory("nc-bench-").FullName;
        var tokenFile = Path.Combine(_directory, "token");
        _server.WriteToken(tokenFile);
        var templates = DemoPods.Create(NodeName);
        _pods = [.. Enumerable.Range(0, PodCount).Select(i => _server.AddPod(Renamed(templates[i % templates.Count], i)))];
        _discovery = new KubernetesDiscovery(_server.ClientOptions(NodeName, tokenFile) with { WatchNode = false });
        _discovery.Subscribe(change =>
        {
            foreach (var pod in change.Pods)
            {
                if (pod.Current?.ResourceVersion == Volatile.Read(ref _awaitedVersion))
                {
                    _applied.TrySetResult();
                }
            }
        });
        _stop = new CancellationTokenSource();
        _run = _discovery.RunAsync(_stop.Token);
        while (!_discovery.IsReady || _server.Cluster.OpenWatches == 0)
        {
            await Task.Delay(10);
        }
    }

    [Benchmark]
    public async Task UpdateOnePodEndToEnd()
    {
        _applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pod = _pods[_next++ % PodCount];
        var stored = _server.Cluster.Pods[pod.Metadata!.Namespace + "/" + pod.Metadata.Name];
        var next = FakeObjects.WithVersion(stored, 0, stored.Metadata!.Uid!);
        var expected = (_server.Cluster.ResourceVersion + 1).ToString(CultureInfo.InvariantCulture);
        Volatile.Write(ref _awaitedVersion, expected);
        _server.UpdatePod(next);
        await _applied.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        Dispose();
    }

    public void Dispose()
    {
        _discovery?.Dispose();
        _stop?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static V1Pod Renamed(V1Pod template, int index) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Namespace = template.Metadata!.Namespace,
            Name = template.Metadata.Name + "-" + index.ToString(CultureInfo.InvariantCulture),
            Labels = template.Metadata.Labels,
            Annotations = template.Metadata.Annotations,
            OwnerReferences = template.Metadata.OwnerReferences,
        },
        Spec = template.Spec,
        Status = template.Status,
    };
}
