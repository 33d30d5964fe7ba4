namespace NodeCollector.Kubernetes.Api;

/// <summary>One entry of <c>status.conditions</c>: <c>Ready</c>, <c>ContainersReady</c>, ...</summary>
internal sealed class V1PodCondition
{
    public string? Type { get; init; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string? Status { get; init; }
}
