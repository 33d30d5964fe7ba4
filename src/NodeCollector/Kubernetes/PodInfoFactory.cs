using System.Collections.Immutable;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>Turns a pod as the API sends it into the immutable <see cref="PodInfo"/> the snapshot holds.</summary>
internal static class PodInfoFactory
{
    private static readonly IReadOnlyDictionary<string, string> NoEntries = ImmutableDictionary<string, string>.Empty;

    public static PodInfo Create(V1Pod pod)
    {
        var meta = pod.Metadata;
        var controller = PodTargetLabels.Controller(pod);
        return new PodInfo
        {
            Namespace = meta?.Namespace ?? "",
            Name = meta?.Name ?? "",
            Uid = meta?.Uid ?? "",
            ResourceVersion = meta?.ResourceVersion ?? "",
            NodeName = pod.Spec?.NodeName ?? "",
            Phase = pod.Status?.Phase ?? "",
            Ready = PodTargetLabels.ReadyValue(pod),
            PodIP = pod.Status?.PodIP ?? "",
            PodIPs = PodIPs(pod.Status),
            HostIP = pod.Status?.HostIP ?? "",
            HostNetwork = pod.Spec?.HostNetwork ?? false,
            Labels = meta?.Labels ?? NoEntries,
            Annotations = meta?.Annotations ?? NoEntries,
            ControllerKind = controller?.Kind ?? "",
            ControllerName = controller?.Name ?? "",
            Containers = Containers(pod),
            Targets = PodTargetLabels.Build(pod),
        };
    }

    private static ImmutableArray<string> PodIPs(V1PodStatus? status)
    {
        var ips = status?.PodIPs;
        if (ips is null || ips.Count == 0)
        {
            return string.IsNullOrEmpty(status?.PodIP) ? [] : [status.PodIP];
        }

        var result = ImmutableArray.CreateBuilder<string>(ips.Count);
        foreach (var ip in ips)
        {
            if (!string.IsNullOrEmpty(ip.Ip))
            {
                result.Add(ip.Ip);
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<ContainerInfo> Containers(V1Pod pod)
    {
        var regular = pod.Spec?.Containers ?? [];
        var init = pod.Spec?.InitContainers ?? [];
        var result = ImmutableArray.CreateBuilder<ContainerInfo>(regular.Count + init.Count);
        foreach (var container in regular)
        {
            result.Add(Container(container, pod.Status?.ContainerStatuses, isInit: false));
        }

        foreach (var container in init)
        {
            result.Add(Container(container, pod.Status?.InitContainerStatuses, isInit: true));
        }

        return result.DrainToImmutable();
    }

    private static ContainerInfo Container(V1Container container, IReadOnlyList<V1ContainerStatus>? statuses, bool isInit)
    {
        V1ContainerStatus? status = null;
        foreach (var candidate in statuses ?? [])
        {
            if (candidate.Name == container.Name)
            {
                status = candidate;
                break;
            }
        }

        var ports = container.Ports ?? [];
        var portInfos = ImmutableArray.CreateBuilder<ContainerPortInfo>(ports.Count);
        foreach (var port in ports)
        {
            portInfos.Add(new ContainerPortInfo(port.Name ?? "", port.ContainerPort, port.Protocol ?? "TCP"));
        }

        return new ContainerInfo
        {
            Name = container.Name ?? "",
            Image = container.Image ?? "",
            ContainerId = status?.ContainerId ?? "",
            IsInit = isInit,
            Ready = status?.Ready ?? false,
            RestartCount = status?.RestartCount ?? 0,
            Ports = portInfos.DrainToImmutable(),
        };
    }
}
