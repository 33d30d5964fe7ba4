namespace NodeCollector.Kubernetes.Api;

/// <summary>The part of a node's <c>status</c> that a node agent reads.</summary>
internal sealed class V1NodeStatus
{
    public IReadOnlyList<V1NodeAddress>? Addresses { get; init; }

    public V1NodeDaemonEndpoints? DaemonEndpoints { get; init; }
}
