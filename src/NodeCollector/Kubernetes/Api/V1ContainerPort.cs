namespace NodeCollector.Kubernetes.Api;

/// <summary>A declared container port.</summary>
internal sealed class V1ContainerPort
{
    public string? Name { get; init; }

    public int ContainerPort { get; init; }

    /// <summary>TCP, UDP or SCTP; the API server defaults it to TCP.</summary>
    public string? Protocol { get; init; }
}
