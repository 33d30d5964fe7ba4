namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// One event of a watch stream: <see cref="Object"/> is set for ADDED, MODIFIED, DELETED and BOOKMARK
/// (a bookmark's object carries only <c>metadata.resourceVersion</c>), <see cref="Status"/> for ERROR.
/// </summary>
internal sealed class WatchEvent<T>(WatchEventType type, T? @object, V1Status? status)
    where T : class, IKubernetesObject
{
    public WatchEventType Type { get; } = type;

    public T? Object { get; } = @object;

    public V1Status? Status { get; } = status;

    /// <summary>The resourceVersion this event brings the watch to; null for ERROR.</summary>
    public string? ResourceVersion => Object?.Metadata?.ResourceVersion;
}
