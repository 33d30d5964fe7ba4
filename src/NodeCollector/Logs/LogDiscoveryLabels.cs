using NodeCollector.Kubernetes;
using NodeCollector.Labels;

namespace NodeCollector.Logs;

/// <summary>
/// The labels relabeling sees for one container's log files, as Promtail's kubernetes-pods job has them: the pod's
/// <c>__meta_kubernetes_pod_*</c> labels (names as Prometheus' pod discovery builds them), the container name and
/// <c>__path__</c>. Without a pod (Kubernetes disabled, or the pod is not known) they come from the directory names.
/// </summary>
internal static class LogDiscoveryLabels
{
    public const string PathLabel = "__path__";

    private static readonly PrefixedLabelNames LabelNames = new(MetaLabelNames.PodLabelPrefix);
    private static readonly PrefixedLabelNames LabelPresentNames = new(MetaLabelNames.PodLabelPresentPrefix);
    private static readonly PrefixedLabelNames AnnotationNames = new(MetaLabelNames.PodAnnotationPrefix);
    private static readonly PrefixedLabelNames AnnotationPresentNames = new(MetaLabelNames.PodAnnotationPresentPrefix);

    public static LabelSet Build(PodInfo? pod, PodLogDirectory directory, string container, string path)
    {
        var labels = new SortedLabels(24);
        labels.Add(MetaLabelNames.Namespace, directory.Namespace);
        labels.Add(MetaLabelNames.PodName, directory.Pod);
        labels.Add(MetaLabelNames.PodUid, directory.Uid);
        labels.Add(MetaLabelNames.ContainerName, container);
        labels.Add(PathLabel, path);
        if (pod is not null)
        {
            labels.Add(MetaLabelNames.PodIP, pod.PodIP);
            labels.Add(MetaLabelNames.PodHostIP, pod.HostIP);
            labels.Add(MetaLabelNames.PodNodeName, pod.NodeName);
            labels.Add(MetaLabelNames.PodPhase, pod.Phase);
            labels.Add(MetaLabelNames.PodReady, pod.Ready);
            labels.Add(MetaLabelNames.PodControllerKind, pod.ControllerKind);
            labels.Add(MetaLabelNames.PodControllerName, pod.ControllerName);
            foreach (var (key, value) in pod.Labels)
            {
                labels.Add(LabelNames.Get(key), value);
                labels.Add(LabelPresentNames.Get(key), MetaLabelNames.PresentValue);
            }

            foreach (var (key, value) in pod.Annotations)
            {
                labels.Add(AnnotationNames.Get(key), value);
                labels.Add(AnnotationPresentNames.Get(key), MetaLabelNames.PresentValue);
            }

            foreach (var info in pod.Containers)
            {
                if (info.Name == container)
                {
                    labels.Add(MetaLabelNames.ContainerImage, info.Image);
                    labels.Add(MetaLabelNames.ContainerId, info.ContainerId);
                    labels.Add(MetaLabelNames.ContainerInit, info.IsInit ? "true" : "false");
                }
            }
        }

        return LabelSet.From(labels.ToImmutable().AsSpan());
    }
}
