using System.Text.Json.Serialization;

namespace NodeCollector.Kubernetes.Api;

/// <summary>One entry of <c>status.containerStatuses</c> or <c>status.initContainerStatuses</c>.</summary>
internal sealed class V1ContainerStatus
{
    public string? Name { get; init; }

    /// <summary>Runtime and id, e.g. <c>containerd://&lt;64 hex&gt;</c>.</summary>
    [JsonPropertyName("containerID")]
    public string? ContainerId { get; init; }

    public bool Ready { get; init; }

    public int RestartCount { get; init; }
}
