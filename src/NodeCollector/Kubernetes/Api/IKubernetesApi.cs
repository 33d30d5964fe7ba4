namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// The calls a node agent makes to the Kubernetes API: list and watch the pods of one node, read and watch
/// that node. The seam where KubernetesClient could replace <see cref="KubernetesApiClient"/>.
/// Errors: <see cref="KubernetesApiException"/> for an error status (410 = version too old),
/// <see cref="TimeoutException"/> when the server does not answer in time, <see cref="IOException"/> or
/// <see cref="System.Net.Http.HttpRequestException"/> for transport failures.
/// </summary>
internal interface IKubernetesApi
{
    /// <summary>One page of the pods with <c>spec.nodeName</c> = <paramref name="nodeName"/>.</summary>
    Task<V1PodList> ListPodsAsync(string nodeName, int limit, string? continueToken, CancellationToken cancellationToken);

    /// <summary>
    /// Watches those pods from <paramref name="resourceVersion"/>, with bookmarks; the server ends the
    /// stream after <paramref name="timeout"/>. Completes when the server accepted the watch.
    /// </summary>
    Task<IWatchStream<V1Pod>> WatchPodsAsync(string nodeName, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the node named <paramref name="nodeName"/> as a list with a <c>metadata.name</c> field
    /// selector (empty when it does not exist), so that the list's version can start a watch.
    /// </summary>
    Task<V1NodeList> ReadNodeAsync(string nodeName, CancellationToken cancellationToken);

    /// <summary>Watches the node named <paramref name="nodeName"/> from <paramref name="resourceVersion"/>.</summary>
    Task<IWatchStream<V1Node>> WatchNodeAsync(string nodeName, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);
}
