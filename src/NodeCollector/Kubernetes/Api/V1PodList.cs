namespace NodeCollector.Kubernetes.Api;

/// <summary>A <c>PodList</c> (one page of it when paginated).</summary>
internal sealed class V1PodList
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public V1ListMeta? Metadata { get; init; }

    public IReadOnlyList<V1Pod>? Items { get; init; }
}
