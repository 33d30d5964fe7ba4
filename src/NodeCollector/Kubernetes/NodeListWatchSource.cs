using Microsoft.Extensions.Logging;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>This node's own object: read with a <c>metadata.name</c> field selector, then watched.</summary>
internal sealed class NodeListWatchSource(IKubernetesApi api, NodeSnapshotStore store, KubernetesOptions options) : IListWatchSource<V1Node>
{
    private readonly ILogger _logger = options.Logger;

    public string Kind => "node";

    public async Task<string> ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var list = await api.ReadNodeAsync(options.NodeName, cancellationToken).ConfigureAwait(false);
        var resourceVersion = list.Metadata?.ResourceVersion;
        if (string.IsNullOrEmpty(resourceVersion))
        {
            throw new KubernetesApiException(0, "NoResourceVersion", "the node list has no metadata.resourceVersion to watch from");
        }

        var node = list.Items is { Count: > 0 } items ? items[0] : null;
        if (node is null)
        {
            Log.NodeNotFound(_logger, options.NodeName);
        }

        store.SetNode(node);
        Log.Listed(_logger, Kind, node is null ? 0 : 1, resourceVersion, 1);
        return resourceVersion;
    }

    public Task<IWatchStream<V1Node>> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken) =>
        api.WatchNodeAsync(options.NodeName, resourceVersion, timeout, cancellationToken);

    public void Apply(WatchEvent<V1Node> watchEvent) =>
        store.SetNode(watchEvent.Type == WatchEventType.Deleted ? null : watchEvent.Object);

    public void SetState(SnapshotState state)
    {
        // The snapshot's state describes its pods; a broken node watch only delays node label changes.
    }
}
