namespace NodeCollector.Kubernetes;

internal enum PodChangeKind
{
    Added,
    Updated,
    Removed,
}
