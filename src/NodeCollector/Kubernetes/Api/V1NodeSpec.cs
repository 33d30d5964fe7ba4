using System.Text.Json.Serialization;

namespace NodeCollector.Kubernetes.Api;

/// <summary>The part of a node's <c>spec</c> that a node agent reads.</summary>
internal sealed class V1NodeSpec
{
    [JsonPropertyName("providerID")]
    public string? ProviderId { get; init; }
}
