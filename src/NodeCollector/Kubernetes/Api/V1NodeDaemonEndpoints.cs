namespace NodeCollector.Kubernetes.Api;

/// <summary>A node's <c>status.daemonEndpoints</c>.</summary>
internal sealed class V1NodeDaemonEndpoints
{
    public V1DaemonEndpoint? KubeletEndpoint { get; init; }
}
