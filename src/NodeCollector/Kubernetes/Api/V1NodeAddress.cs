namespace NodeCollector.Kubernetes.Api;

/// <summary>One entry of <c>status.addresses</c>: type <c>InternalIP</c>, <c>ExternalIP</c>, <c>Hostname</c>, ...</summary>
internal sealed class V1NodeAddress
{
    public string? Type { get; init; }

    public string? Address { get; init; }
}
