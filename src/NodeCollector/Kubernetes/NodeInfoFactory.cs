using System.Collections.Immutable;
using System.Globalization;
using NodeCollector.Kubernetes.Api;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>Turns the node object into <see cref="NodeInfo"/>, with labels as Prometheus' Kubernetes discovery names them.</summary>
internal static class NodeInfoFactory
{
    private static readonly IReadOnlyDictionary<string, string> NoEntries = ImmutableDictionary<string, string>.Empty;
    private static readonly PrefixedLabelNames LabelNames = new(MetaLabelNames.NodeLabelPrefix);
    private static readonly PrefixedLabelNames LabelPresentNames = new(MetaLabelNames.NodeLabelPresentPrefix);
    private static readonly PrefixedLabelNames AnnotationNames = new(MetaLabelNames.NodeAnnotationPrefix);
    private static readonly PrefixedLabelNames AnnotationPresentNames = new(MetaLabelNames.NodeAnnotationPresentPrefix);
    private static readonly PrefixedLabelNames AddressNames = new(MetaLabelNames.NodeAddressPrefix);

    /// <summary>Address types in the order Prometheus (after Kubernetes) prefers them for <c>__address__</c>.</summary>
    private static readonly string[] AddressPreference =
        ["InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname"];

    public static NodeInfo Create(V1Node node)
    {
        var meta = node.Metadata;
        var addresses = Addresses(node.Status?.Addresses);
        var kubeletPort = node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port ?? 0;
        var metadata = MetadataLabels(meta);
        return new NodeInfo
        {
            Name = meta?.Name ?? "",
            Uid = meta?.Uid ?? "",
            ResourceVersion = meta?.ResourceVersion ?? "",
            ProviderId = node.Spec?.ProviderId ?? "",
            Labels = meta?.Labels ?? NoEntries,
            Annotations = meta?.Annotations ?? NoEntries,
            Addresses = addresses,
            InternalIP = FirstOfType(addresses, "InternalIP") ?? "",
            KubeletPort = kubeletPort,
            MetadataLabels = metadata,
            TargetLabels = TargetLabels(meta?.Name, node.Spec?.ProviderId, addresses, kubeletPort, metadata),
        };
    }

    private static ImmutableArray<NodeAddressInfo> Addresses(IReadOnlyList<V1NodeAddress>? addresses)
    {
        var result = ImmutableArray.CreateBuilder<NodeAddressInfo>(addresses?.Count ?? 0);
        foreach (var address in addresses ?? [])
        {
            if (!string.IsNullOrEmpty(address.Type) && !string.IsNullOrEmpty(address.Address))
            {
                result.Add(new NodeAddressInfo(address.Type, address.Address));
            }
        }

        return result.DrainToImmutable();
    }

    private static ImmutableArray<Label> MetadataLabels(V1ObjectMeta? meta)
    {
        var labels = new SortedLabels();
        labels.Add(MetaLabelNames.NodeName, meta?.Name);
        foreach (var (key, value) in meta?.Labels ?? NoEntries)
        {
            labels.Add(LabelNames.Get(key), value);
            labels.Add(LabelPresentNames.Get(key), MetaLabelNames.PresentValue);
        }

        foreach (var (key, value) in meta?.Annotations ?? NoEntries)
        {
            labels.Add(AnnotationNames.Get(key), value);
            labels.Add(AnnotationPresentNames.Get(key), MetaLabelNames.PresentValue);
        }

        return labels.ToImmutable();
    }

    private static ImmutableArray<Label> TargetLabels(
        string? name, string? providerId, ImmutableArray<NodeAddressInfo> addresses, int kubeletPort, ImmutableArray<Label> metadata)
    {
        string? preferred = null;
        foreach (var type in AddressPreference)
        {
            preferred ??= FirstOfType(addresses, type);
        }

        if (preferred is null)
        {
            return [];
        }

        var own = new SortedLabels();
        own.Add(MetaLabelNames.Address, PodTargetLabels.JoinHostPort(preferred, kubeletPort.ToString(CultureInfo.InvariantCulture)));
        own.Add(MetaLabelNames.Instance, name);
        own.Add(MetaLabelNames.NodeProviderId, providerId);
        foreach (var address in addresses)
        {
            if (FirstOfType(addresses, address.Type) == address.Address)
            {
                own.Add(AddressNames.Get(address.Type), address.Address);
            }
        }

        return SortedLabels.Merge(metadata, own.ToImmutable());
    }

    private static string? FirstOfType(ImmutableArray<NodeAddressInfo> addresses, string type)
    {
        foreach (var address in addresses)
        {
            if (address.Type == type)
            {
                return address.Address;
            }
        }

        return null;
    }
}
