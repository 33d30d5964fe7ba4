namespace NodeCollector.Kubernetes.Api;

/// <summary>The part of <c>metadata</c> of an API object that a node agent reads.</summary>
internal sealed class V1ObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    /// <summary>Opaque: compare only for equality.</summary>
    public string? ResourceVersion { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public IReadOnlyList<V1OwnerReference>? OwnerReferences { get; init; }
}
