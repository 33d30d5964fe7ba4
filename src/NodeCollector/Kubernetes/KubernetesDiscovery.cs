using Microsoft.Extensions.Hosting;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Discovery of the pods on this node (and of the node itself), kept current by list+watch. The rest of
/// the collector reads <see cref="Snapshot"/> at any moment, checks <see cref="IsReady"/> for
/// <c>/-/ready</c>, and <see cref="Subscribe"/>s to hear of every change without polling.
/// Run it as a hosted service (<see cref="BackgroundService.StartAsync"/>/<see cref="BackgroundService.StopAsync"/>)
/// or call <see cref="RunAsync"/> directly.
/// </summary>
internal sealed class KubernetesDiscovery : BackgroundService
{
    private readonly KubernetesOptions _options;
    private readonly IKubernetesApi _api;
    private readonly bool _ownsApi;
    private readonly NodeSnapshotStore _store;

    /// <summary>Discovery over the built-in HTTP client, configured by <paramref name="options"/>.</summary>
    public KubernetesDiscovery(KubernetesOptions options)
        : this(options, new KubernetesApiClient(ValidOrThrow(options)), ownsApi: true)
    {
    }

    /// <summary>Discovery over another implementation of the API seam (a KubernetesClient adapter, a test double).</summary>
    public KubernetesDiscovery(KubernetesOptions options, IKubernetesApi api)
        : this(ValidOrThrow(options), api, ownsApi: false)
    {
    }

    private KubernetesDiscovery(KubernetesOptions options, IKubernetesApi api, bool ownsApi)
    {
        _options = options;
        _api = api;
        _ownsApi = ownsApi;
        _store = new NodeSnapshotStore(options.Logger);
    }

    /// <summary>The current snapshot; never null (empty and <see cref="SnapshotState.NotSynced"/> before the first list).</summary>
    public NodeSnapshot Snapshot => _store.Current;

    /// <summary>True once the first pod list succeeded (it stays true; staleness shows in <see cref="NodeSnapshot.State"/>).</summary>
    public bool IsReady => _store.Current.FirstListSucceeded;

    /// <summary>
    /// Calls <paramref name="onChange"/> synchronously after every new snapshot, in order, one call at a time,
    /// until the handle is disposed. The callback must be quick (hand slow work to a queue); an exception it
    /// throws is logged and does not affect discovery. Read <see cref="Snapshot"/> first to get the state
    /// before subscribing.
    /// </summary>
    public IDisposable Subscribe(Action<SnapshotChange> onChange) => _store.Subscribe(onChange);

    /// <summary>Runs the pod (and node) list+watch loops until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        Log.Starting(_options.Logger, _options.NodeName, _options.ApiServer);
        var pods = new ListWatchLoop<V1Pod>(new PodListWatchSource(_api, _store, _options), _options).RunAsync(cancellationToken);
        if (!_options.WatchNode)
        {
            return pods;
        }

        var node = new ListWatchLoop<V1Node>(new NodeListWatchSource(_api, _store, _options), _options).RunAsync(cancellationToken);
        return Task.WhenAll(pods, node);
    }

    public override void Dispose()
    {
        base.Dispose();
        if (_ownsApi && _api is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    private static KubernetesOptions ValidOrThrow(KubernetesOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0
            ? options
            : throw new ArgumentException("invalid Kubernetes options: " + string.Join("; ", problems), nameof(options));
    }
}
