namespace NodeCollector.Kubernetes.Api;

/// <summary>The port a node daemon (the kubelet) listens on.</summary>
internal sealed class V1DaemonEndpoint
{
    public int Port { get; init; }
}
