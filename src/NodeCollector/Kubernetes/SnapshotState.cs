namespace NodeCollector.Kubernetes;

/// <summary>How far the pods in a <see cref="NodeSnapshot"/> can be trusted.</summary>
internal enum SnapshotState
{
    /// <summary>No pod list has succeeded yet: the snapshot is empty, not "no pods".</summary>
    NotSynced,

    /// <summary>Listed, and the watch is connected: changes arrive as they happen.</summary>
    Current,

    /// <summary>The watch broke and recovery (resume or relist) is under way: pods may have changed since.</summary>
    Stale,
}
