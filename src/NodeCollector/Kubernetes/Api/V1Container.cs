namespace NodeCollector.Kubernetes.Api;

/// <summary>One entry of <c>spec.containers</c> or <c>spec.initContainers</c>.</summary>
internal sealed class V1Container
{
    public string? Name { get; init; }

    public string? Image { get; init; }

    public IReadOnlyList<V1ContainerPort>? Ports { get; init; }
}
