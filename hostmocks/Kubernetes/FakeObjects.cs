using System.Globalization;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Kubernetes;

/// <summary>Copies of API objects with the metadata the server assigns (resourceVersion, uid).</summary>
internal static class FakeObjects
{
    public static V1Pod WithVersion(V1Pod pod, long resourceVersion, string uid) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = WithVersion(pod.Metadata, resourceVersion, uid),
        Spec = pod.Spec,
        Status = pod.Status,
    };

    public static V1Node WithVersion(V1Node node, long resourceVersion, string uid) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = WithVersion(node.Metadata, resourceVersion, uid),
        Spec = node.Spec,
        Status = node.Status,
    };

    private static V1ObjectMeta WithVersion(V1ObjectMeta? meta, long resourceVersion, string uid) => new()
    {
        Name = meta?.Name,
        Namespace = meta?.Namespace,
        Uid = uid,
        ResourceVersion = resourceVersion.ToString(CultureInfo.InvariantCulture),
        Labels = meta?.Labels,
        Annotations = meta?.Annotations,
        OwnerReferences = meta?.OwnerReferences,
    };
}
