using HostMocks.Kubernetes;
using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Kubernetes;

/// <summary>
/// A fake API server on 127.0.0.1:0, a token file it issued, and a <see cref="KubernetesDiscovery"/> against
/// it with short timeouts. Disposing stops both and deletes the files.
/// </summary>
internal sealed class DiscoveryHarness : IAsyncDisposable
{
    public const string NodeName = "node-under-test";

    private readonly string _directory;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    private DiscoveryHarness(FakeKubernetesApiServer server, string directory)
    {
        Server = server;
        _directory = directory;
        TokenFile = Path.Combine(directory, "token");
        server.WriteToken(TokenFile);
    }

    public FakeKubernetesApiServer Server { get; }

    public string TokenFile { get; }

    public RecordingLogger Logger { get; } = new();

    public KubernetesDiscovery Discovery { get; private set; } = null!;

    /// <summary>The discovery's loop; it must never end while the test runs.</summary>
    public Task Run => _run ?? Task.CompletedTask;

    public static async Task<DiscoveryHarness> CreateAsync(TimeSpan? bookmarkInterval = null)
    {
        var server = await FakeKubernetesApiServer.StartAsync(bookmarkInterval);
        return new DiscoveryHarness(server, Directory.CreateTempSubdirectory("nc-k8s-").FullName);
    }

    public KubernetesOptions Options(Func<KubernetesOptions, KubernetesOptions>? adjust = null)
    {
        var options = Server.ClientOptions(NodeName, TokenFile) with
        {
            PageSize = 3,
            WatchTimeout = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(2),
            BackoffInitial = TimeSpan.FromMilliseconds(10),
            BackoffMax = TimeSpan.FromMilliseconds(200),
            Logger = Logger,
        };
        return adjust is null ? options : adjust(options);
    }

    public void Start(Func<KubernetesOptions, KubernetesOptions>? adjust = null)
    {
        Discovery = new KubernetesDiscovery(Options(adjust));
        _run = Discovery.RunAsync(_stop.Token);
    }

    /// <summary>Waits until the snapshot holds exactly the server's pods of this node, and is current.</summary>
    public Task UntilInSyncAsync(TimeSpan timeout, string what) =>
        Poll.UntilAsync(() => Discovery.Snapshot.State == SnapshotState.Current && Difference() is null, timeout, what + " (" + Difference() + ")");

    /// <summary>How the snapshot differs from the server's pods of this node, or null if it does not.</summary>
    public string? Difference()
    {
        var expected = Server.Cluster.Pods.Values
            .Where(p => p.Spec?.NodeName == NodeName)
            .ToDictionary(p => p.Metadata!.Namespace + "/" + p.Metadata.Name, p => p.Metadata!.Uid + "@" + p.Metadata.ResourceVersion);
        var actual = Discovery.Snapshot.PodsByKey.ToDictionary(p => p.Key, p => p.Value.Uid + "@" + p.Value.ResourceVersion);
        var missing = expected.Where(e => !actual.TryGetValue(e.Key, out var v) || v != e.Value).Select(e => e.Key).ToList();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var byUid = Discovery.Snapshot.PodsByUid.Count == actual.Count;
        return missing.Count == 0 && extra.Count == 0 && byUid
            ? null
            : $"missing or different: [{string.Join(", ", missing.Take(5))}], extra: [{string.Join(", ", extra.Take(5))}], uid index consistent: {byUid}";
    }

    public static V1Pod Pod(string @namespace, string name, string nodeName = NodeName, string generation = "0", string? podIP = "10.1.0.1") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Namespace = @namespace,
            Name = name,
            Labels = new Dictionary<string, string> { ["app"] = name, ["generation"] = generation },
            OwnerReferences = [new V1OwnerReference { Kind = "ReplicaSet", Name = name + "-rs", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Containers = [new V1Container { Name = "main", Image = "example/app:" + generation, Ports = [new V1ContainerPort { Name = "metrics", ContainerPort = 9090, Protocol = "TCP" }] }],
        },
        Status = new V1PodStatus
        {
            Phase = podIP is null ? "Pending" : "Running",
            PodIP = podIP,
            Conditions = [new V1PodCondition { Type = "Ready", Status = podIP is null ? "False" : "True" }],
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Discovery?.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _stop.Dispose();
    }
}
