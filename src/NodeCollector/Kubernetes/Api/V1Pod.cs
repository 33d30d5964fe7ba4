namespace NodeCollector.Kubernetes.Api;

/// <summary>A core/v1 Pod, reduced to what a node agent reads. Unknown fields are skipped when reading.</summary>
internal sealed class V1Pod : IKubernetesObject
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public V1ObjectMeta? Metadata { get; init; }

    public V1PodSpec? Spec { get; init; }

    public V1PodStatus? Status { get; init; }
}
