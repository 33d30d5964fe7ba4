using Microsoft.Extensions.Logging;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>The pods whose <c>spec.nodeName</c> is this node: listed page by page, then watched.</summary>
internal sealed class PodListWatchSource(IKubernetesApi api, NodeSnapshotStore store, KubernetesOptions options) : IListWatchSource<V1Pod>
{
    /// <summary>How often a list restarts because its continue token expired before giving up for this round.</summary>
    private const int MaxListRestarts = 3;

    private readonly ILogger _logger = options.Logger;

    public string Kind => "pods";

    public async Task<string> ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        for (var restart = 0; ; restart++)
        {
            var pods = new List<V1Pod>();
            string? continueToken = null;
            string? resourceVersion = null;
            var pages = 0;
            try
            {
                do
                {
                    var page = await api.ListPodsAsync(options.NodeName, options.PageSize, continueToken, cancellationToken).ConfigureAwait(false);
                    pages++;
                    pods.AddRange(page.Items ?? []);
                    resourceVersion ??= page.Metadata?.ResourceVersion;
                    continueToken = page.Metadata?.Continue;
                }
                while (!string.IsNullOrEmpty(continueToken));
            }
            catch (KubernetesApiException e) when (e.IsGone && continueToken is not null && restart < MaxListRestarts)
            {
                Log.ListContinueExpired(_logger, Kind);
                continue;
            }

            if (string.IsNullOrEmpty(resourceVersion))
            {
                throw new KubernetesApiException(0, "NoResourceVersion", "the pod list has no metadata.resourceVersion to watch from");
            }

            var wasReady = store.Current.FirstListSucceeded;
            store.ReplacePods(pods, resourceVersion);
            Log.Listed(_logger, Kind, pods.Count, resourceVersion, pages);
            if (!wasReady)
            {
                Log.Ready(_logger, options.NodeName, pods.Count);
            }

            return resourceVersion;
        }
    }

    public Task<IWatchStream<V1Pod>> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken) =>
        api.WatchPodsAsync(options.NodeName, resourceVersion, timeout, cancellationToken);

    public void Apply(WatchEvent<V1Pod> watchEvent) => store.ApplyPod(watchEvent.Type, watchEvent.Object!);

    public void SetState(SnapshotState state) => store.SetPodsState(state);
}
