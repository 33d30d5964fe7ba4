using System.Text.Json.Serialization;

namespace NodeCollector.Kubernetes.Api;

/// <summary>The part of a pod's <c>status</c> that a node agent reads.</summary>
internal sealed class V1PodStatus
{
    public string? Phase { get; init; }

    [JsonPropertyName("podIP")]
    public string? PodIP { get; init; }

    [JsonPropertyName("podIPs")]
    public IReadOnlyList<V1PodIP>? PodIPs { get; init; }

    [JsonPropertyName("hostIP")]
    public string? HostIP { get; init; }

    public IReadOnlyList<V1PodCondition>? Conditions { get; init; }

    public IReadOnlyList<V1ContainerStatus>? ContainerStatuses { get; init; }

    public IReadOnlyList<V1ContainerStatus>? InitContainerStatuses { get; init; }
}
