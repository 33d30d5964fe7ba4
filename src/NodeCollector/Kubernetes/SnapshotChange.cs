using System.Collections.Immutable;

namespace NodeCollector.Kubernetes;

/// <summary>
/// What a subscriber is told after each new snapshot: the pods that changed (a relist reports everything
/// that differs from before, including pods deleted while disconnected), whether the node object changed,
/// and whether <see cref="NodeSnapshot.State"/> changed.
/// </summary>
internal sealed class SnapshotChange
{
    public required NodeSnapshot Previous { get; init; }

    public required NodeSnapshot Snapshot { get; init; }

    public required ImmutableArray<PodChange> Pods { get; init; }

    public required bool NodeChanged { get; init; }

    public bool StateChanged => Previous.State != Snapshot.State;
}
