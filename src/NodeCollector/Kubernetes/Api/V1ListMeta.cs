namespace NodeCollector.Kubernetes.Api;

/// <summary>The <c>metadata</c> of a list response.</summary>
internal sealed class V1ListMeta
{
    /// <summary>The version to start a watch from. The kubelet's <c>/pods</c> leaves it out.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Set when more pages follow; pass it back as <c>continue</c>.</summary>
    public string? Continue { get; init; }
}
