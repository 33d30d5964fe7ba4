using System.Text.Json.Serialization;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// Source-generated System.Text.Json metadata for the API types: no reflection at run time.
/// Field names are the API's camelCase; unknown fields are skipped; nulls are not written.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1PodList))]
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(V1NodeList))]
[JsonSerializable(typeof(V1Status))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext;
