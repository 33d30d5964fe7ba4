namespace NodeCollector.Kubernetes.Api;

/// <summary>An API object with <c>metadata</c> (a pod, a node): what a watch event carries.</summary>
internal interface IKubernetesObject
{
    V1ObjectMeta? Metadata { get; }
}
