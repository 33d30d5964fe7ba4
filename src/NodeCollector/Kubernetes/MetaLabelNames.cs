namespace NodeCollector.Kubernetes;

/// <summary>The discovery label names of Prometheus' Kubernetes service discovery (roles pod and node).</summary>
internal static class MetaLabelNames
{
    public const string Address = "__address__";
    public const string Instance = "instance";
    public const string Namespace = "__meta_kubernetes_namespace";

    public const string PodName = "__meta_kubernetes_pod_name";
    public const string PodUid = "__meta_kubernetes_pod_uid";
    public const string PodIP = "__meta_kubernetes_pod_ip";
    public const string PodHostIP = "__meta_kubernetes_pod_host_ip";
    public const string PodNodeName = "__meta_kubernetes_pod_node_name";
    public const string PodPhase = "__meta_kubernetes_pod_phase";
    public const string PodReady = "__meta_kubernetes_pod_ready";
    public const string PodControllerKind = "__meta_kubernetes_pod_controller_kind";
    public const string PodControllerName = "__meta_kubernetes_pod_controller_name";
    public const string PodLabelPrefix = "__meta_kubernetes_pod_label_";
    public const string PodLabelPresentPrefix = "__meta_kubernetes_pod_labelpresent_";
    public const string PodAnnotationPrefix = "__meta_kubernetes_pod_annotation_";
    public const string PodAnnotationPresentPrefix = "__meta_kubernetes_pod_annotationpresent_";

    public const string ContainerName = "__meta_kubernetes_pod_container_name";
    public const string ContainerImage = "__meta_kubernetes_pod_container_image";
    public const string ContainerId = "__meta_kubernetes_pod_container_id";
    public const string ContainerInit = "__meta_kubernetes_pod_container_init";
    public const string ContainerPortName = "__meta_kubernetes_pod_container_port_name";
    public const string ContainerPortNumber = "__meta_kubernetes_pod_container_port_number";
    public const string ContainerPortProtocol = "__meta_kubernetes_pod_container_port_protocol";

    public const string NodeName = "__meta_kubernetes_node_name";
    public const string NodeProviderId = "__meta_kubernetes_node_provider_id";
    public const string NodeLabelPrefix = "__meta_kubernetes_node_label_";
    public const string NodeLabelPresentPrefix = "__meta_kubernetes_node_labelpresent_";
    public const string NodeAnnotationPrefix = "__meta_kubernetes_node_annotation_";
    public const string NodeAnnotationPresentPrefix = "__meta_kubernetes_node_annotationpresent_";
    public const string NodeAddressPrefix = "__meta_kubernetes_node_address_";

    /// <summary>The value of every <c>*present_*</c> label.</summary>
    public const string PresentValue = "true";
}
