using System.Collections.Immutable;
using System.Globalization;
using NodeCollector.Kubernetes.Api;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Builds the discovery label sets of a pod as Prometheus' <c>kubernetes_sd_configs</c> with <c>role: pod</c>
/// does (PROTOCOLS.md §3.3): no targets without a pod IP; regular containers, then init containers; one
/// target per declared port (<c>__address__</c> = <c>podIP:port</c>, IPv6 in brackets) and one per
/// container without ports (<c>__address__</c> = bare pod IP). Labels with empty values are left out.
/// </summary>
internal static class PodTargetLabels
{
    private static readonly PrefixedLabelNames LabelNames = new(MetaLabelNames.PodLabelPrefix);
    private static readonly PrefixedLabelNames LabelPresentNames = new(MetaLabelNames.PodLabelPresentPrefix);
    private static readonly PrefixedLabelNames AnnotationNames = new(MetaLabelNames.PodAnnotationPrefix);
    private static readonly PrefixedLabelNames AnnotationPresentNames = new(MetaLabelNames.PodAnnotationPresentPrefix);

    public static ImmutableArray<ImmutableArray<Label>> Build(V1Pod pod)
    {
        var podIP = pod.Status?.PodIP;
        if (string.IsNullOrEmpty(podIP))
        {
            return [];
        }

        var common = CommonLabels(pod);
        var containers = pod.Spec?.Containers ?? [];
        var initContainers = pod.Spec?.InitContainers ?? [];
        var targets = ImmutableArray.CreateBuilder<ImmutableArray<Label>>();
        AddContainerTargets(targets, common, podIP, containers, pod.Status?.ContainerStatuses, isInit: false);
        AddContainerTargets(targets, common, podIP, initContainers, pod.Status?.InitContainerStatuses, isInit: true);
        return targets.DrainToImmutable();
    }

    /// <summary>The <c>status</c> of the pod's <c>Ready</c> condition lower-cased, or <c>unknown</c>.</summary>
    public static string ReadyValue(V1Pod pod)
    {
        foreach (var condition in pod.Status?.Conditions ?? [])
        {
            if (condition.Type == "Ready")
            {
                return LowerCondition(condition.Status);
            }
        }

        return "unknown";
    }

    /// <summary>The owner reference with <c>controller: true</c>, the first if several claim it.</summary>
    public static V1OwnerReference? Controller(V1Pod pod)
    {
        foreach (var owner in pod.Metadata?.OwnerReferences ?? [])
        {
            if (owner.Controller == true)
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>The container id from the status entry of that name, or empty.</summary>
    public static string ContainerId(IReadOnlyList<V1ContainerStatus>? statuses, string? name)
    {
        foreach (var status in statuses ?? [])
        {
            if (status.Name == name)
            {
                return status.ContainerId ?? "";
            }
        }

        return "";
    }

    private static ImmutableArray<Label> CommonLabels(V1Pod pod)
    {
        var meta = pod.Metadata;
        var labels = new SortedLabels(16 + (4 * ((meta?.Labels?.Count ?? 0) + (meta?.Annotations?.Count ?? 0))));
        labels.Add(MetaLabelNames.Namespace, meta?.Namespace);
        labels.Add(MetaLabelNames.PodName, meta?.Name);
        labels.Add(MetaLabelNames.PodUid, meta?.Uid);
        labels.Add(MetaLabelNames.PodIP, pod.Status?.PodIP);
        labels.Add(MetaLabelNames.PodHostIP, pod.Status?.HostIP);
        labels.Add(MetaLabelNames.PodNodeName, pod.Spec?.NodeName);
        labels.Add(MetaLabelNames.PodPhase, pod.Status?.Phase);
        labels.Add(MetaLabelNames.PodReady, ReadyValue(pod));
        var controller = Controller(pod);
        labels.Add(MetaLabelNames.PodControllerKind, controller?.Kind);
        labels.Add(MetaLabelNames.PodControllerName, controller?.Name);
        foreach (var (key, value) in meta?.Labels ?? ImmutableDictionary<string, string>.Empty)
        {
            labels.Add(LabelNames.Get(key), value);
            labels.Add(LabelPresentNames.Get(key), MetaLabelNames.PresentValue);
        }

        foreach (var (key, value) in meta?.Annotations ?? ImmutableDictionary<string, string>.Empty)
        {
            labels.Add(AnnotationNames.Get(key), value);
            labels.Add(AnnotationPresentNames.Get(key), MetaLabelNames.PresentValue);
        }

        return labels.ToImmutable();
    }

    private static void AddContainerTargets(
        ImmutableArray<ImmutableArray<Label>>.Builder targets,
        ImmutableArray<Label> common,
        string podIP,
        IReadOnlyList<V1Container> containers,
        IReadOnlyList<V1ContainerStatus>? statuses,
        bool isInit)
    {
        foreach (var container in containers)
        {
            var id = ContainerId(statuses, container.Name);
            var ports = container.Ports ?? [];
            if (ports.Count == 0)
            {
                var own = ContainerLabels(podIP, container, id, isInit);
                targets.Add(SortedLabels.Merge(common, own.ToImmutable()));
                continue;
            }

            foreach (var port in ports)
            {
                var number = port.ContainerPort.ToString(CultureInfo.InvariantCulture);
                var own = ContainerLabels(JoinHostPort(podIP, number), container, id, isInit);
                own.Add(MetaLabelNames.ContainerPortName, port.Name);
                own.Add(MetaLabelNames.ContainerPortNumber, number);
                own.Add(MetaLabelNames.ContainerPortProtocol, port.Protocol);
                targets.Add(SortedLabels.Merge(common, own.ToImmutable()));
            }
        }
    }

    private static SortedLabels ContainerLabels(string address, V1Container container, string id, bool isInit)
    {
        var own = new SortedLabels(8);
        own.Add(MetaLabelNames.Address, address);
        own.Add(MetaLabelNames.ContainerName, container.Name);
        own.Add(MetaLabelNames.ContainerId, id);
        own.Add(MetaLabelNames.ContainerImage, container.Image);
        own.Add(MetaLabelNames.ContainerInit, isInit ? "true" : "false");
        return own;
    }

    /// <summary>Go's <c>net.JoinHostPort</c>: a host with a colon (IPv6) goes in brackets.</summary>
    public static string JoinHostPort(string host, string port) =>
        host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]:" + port : host + ":" + port;

    private static string LowerCondition(string? status) => status switch
    {
        "True" => "true",
        "False" => "false",
        "Unknown" or null => "unknown",
        _ => status.ToLowerInvariant(),
    };
}
