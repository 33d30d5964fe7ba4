namespace NodeCollector.Kubernetes.Api;

/// <summary>One entry of <c>status.podIPs</c>.</summary>
internal sealed class V1PodIP
{
    public string? Ip { get; init; }
}
