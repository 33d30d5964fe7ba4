using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>One kind of object kept in the snapshot by a <see cref="ListWatchLoop{T}"/>: how to list and watch it, and where changes go.</summary>
internal interface IListWatchSource<T>
    where T : class, IKubernetesObject
{
    /// <summary>For log lines: <c>pods</c>, <c>node</c>.</summary>
    string Kind { get; }

    /// <summary>Lists every object (all pages) and puts the result into the snapshot; returns the version to watch from.</summary>
    Task<string> ListAndReplaceAsync(CancellationToken cancellationToken);

    Task<IWatchStream<T>> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Applies an ADDED, MODIFIED or DELETED event.</summary>
    void Apply(WatchEvent<T> watchEvent);

    /// <summary>Marks what this source put in the snapshot as current or stale.</summary>
    void SetState(SnapshotState state);
}
