using System.Collections.Immutable;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>The node this collector runs on, as the snapshot holds it. Empty strings stand for absent fields.</summary>
internal sealed class NodeInfo
{
    public required string Name { get; init; }

    public required string Uid { get; init; }

    /// <summary>Opaque: compare only for equality.</summary>
    public required string ResourceVersion { get; init; }

    public required string ProviderId { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    public required ImmutableArray<NodeAddressInfo> Addresses { get; init; }

    /// <summary>The first <c>InternalIP</c> address: where the kubelet is reached. Empty if the node has none.</summary>
    public required string InternalIP { get; init; }

    /// <summary>The kubelet's port from <c>status.daemonEndpoints</c> (10250 on most clusters); 0 if not reported.</summary>
    public required int KubeletPort { get; init; }

    /// <summary>
    /// The labels Prometheus' pod role adds with <c>attach_metadata: {node: true}</c>:
    /// <c>__meta_kubernetes_node_name</c>, <c>_label_*</c>, <c>_labelpresent_*</c>, <c>_annotation_*</c>,
    /// <c>_annotationpresent_*</c>. Sorted by name.
    /// </summary>
    public required ImmutableArray<Label> MetadataLabels { get; init; }

    /// <summary>
    /// The node's target as Prometheus' <c>role: node</c> builds it (<c>__address__</c> = preferred address
    /// and kubelet port, <c>instance</c>, <c>__meta_kubernetes_node_*</c> including <c>_address_&lt;type&gt;</c>
    /// and <c>_provider_id</c>); empty when the node has no address. Sorted by name.
    /// </summary>
    public required ImmutableArray<Label> TargetLabels { get; init; }
}
