namespace NodeCollector.Kubernetes.Api;

/// <summary>A core/v1 Node, reduced to what a node agent reads.</summary>
internal sealed class V1Node : IKubernetesObject
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public V1ObjectMeta? Metadata { get; init; }

    public V1NodeSpec? Spec { get; init; }

    public V1NodeStatus? Status { get; init; }
}
