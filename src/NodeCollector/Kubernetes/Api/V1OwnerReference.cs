namespace NodeCollector.Kubernetes.Api;

/// <summary>One entry of <c>metadata.ownerReferences</c>.</summary>
internal sealed class V1OwnerReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Uid { get; init; }

    /// <summary>True for the managing controller; at most one owner has it.</summary>
    public bool? Controller { get; init; }
}
