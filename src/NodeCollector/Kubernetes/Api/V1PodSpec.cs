namespace NodeCollector.Kubernetes.Api;

/// <summary>The part of a pod's <c>spec</c> that a node agent reads.</summary>
internal sealed class V1PodSpec
{
    public string? NodeName { get; init; }

    public bool? HostNetwork { get; init; }

    public IReadOnlyList<V1Container>? Containers { get; init; }

    public IReadOnlyList<V1Container>? InitContainers { get; init; }
}
