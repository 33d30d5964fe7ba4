namespace NodeCollector.Kubernetes.Api;

/// <summary>A <c>NodeList</c>; with a <c>metadata.name</c> field selector it holds at most one node.</summary>
internal sealed class V1NodeList
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public V1ListMeta? Metadata { get; init; }

    public IReadOnlyList<V1Node>? Items { get; init; }
}
