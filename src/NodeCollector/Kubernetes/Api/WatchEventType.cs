namespace NodeCollector.Kubernetes.Api;

/// <summary>The <c>type</c> of a watch event.</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Only carries a newer <c>resourceVersion</c> to resume from; not a change.</summary>
    Bookmark,

    /// <summary>Carries a <see cref="V1Status"/>; code 410 means the watch's version is too old.</summary>
    Error,
}
