using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Owns the current <see cref="NodeSnapshot"/> and tells subscribers of every change. Writers (the pod and
/// node watch loops) are serialized by a lock; readers take <see cref="Current"/> without locking.
/// Subscribers are called synchronously, in order, one at a time, right after the snapshot they are told
/// about became current; they must return quickly and hand slow work to their own queue.
/// </summary>
internal sealed class NodeSnapshotStore(ILogger logger)
{
    private readonly Lock _lock = new();
    private ImmutableArray<Action<SnapshotChange>> _subscribers = [];
    private volatile NodeSnapshot _current = NodeSnapshot.Empty;

    public NodeSnapshot Current => _current;

    /// <summary>Calls <paramref name="onChange"/> after every change until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<SnapshotChange> onChange)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Add(onChange);
        }

        return new Subscription(this, onChange);
    }

    /// <summary>A full pod list: replaces every pod, reporting the difference to the previous snapshot.</summary>
    public void ReplacePods(IReadOnlyList<V1Pod> pods, string resourceVersion)
    {
        lock (_lock)
        {
            var before = _current;
            var byKey = ImmutableDictionary.CreateBuilder<string, PodInfo>(StringComparer.Ordinal);
            var changes = ImmutableArray.CreateBuilder<PodChange>();
            foreach (var pod in pods)
            {
                var key = Key(pod);
                before.PodsByKey.TryGetValue(key, out var previous);
                if (previous is not null && previous.ResourceVersion == pod.Metadata?.ResourceVersion)
                {
                    byKey[key] = previous;
                    continue;
                }

                var info = PodInfoFactory.Create(pod);
                byKey[key] = info;
                changes.Add(new PodChange(previous is null ? PodChangeKind.Added : PodChangeKind.Updated, previous, info));
            }

            foreach (var (key, previous) in before.PodsByKey)
            {
                if (!byKey.ContainsKey(key))
                {
                    changes.Add(new PodChange(PodChangeKind.Removed, previous, null));
                }
            }

            var podsByKey = byKey.ToImmutable();
            var byUid = ImmutableDictionary.CreateBuilder<string, PodInfo>(StringComparer.Ordinal);
            foreach (var pod in podsByKey.Values)
            {
                byUid[pod.Uid] = pod;
            }

            Publish(before, Next(before, SnapshotState.Current, podsByKey, byUid.ToImmutable(), before.Node, resourceVersion), changes.ToImmutable(), nodeChanged: false);
        }
    }

    /// <summary>Applies one pod watch event (ADDED, MODIFIED or DELETED). An event already applied changes nothing.</summary>
    public void ApplyPod(WatchEventType type, V1Pod pod)
    {
        lock (_lock)
        {
            var before = _current;
            var key = Key(pod);
            var resourceVersion = pod.Metadata?.ResourceVersion ?? before.PodsResourceVersion;
            before.PodsByKey.TryGetValue(key, out var previous);
            if (type == WatchEventType.Deleted)
            {
                if (previous is null)
                {
                    return;
                }

                var byUid = previous.Uid.Length > 0 && before.PodsByUid.TryGetValue(previous.Uid, out var sameUid) && sameUid == previous
                    ? before.PodsByUid.Remove(previous.Uid)
                    : before.PodsByUid;
                var removed = Next(before, before.State, before.PodsByKey.Remove(key), byUid, before.Node, resourceVersion);
                Publish(before, removed, [new PodChange(PodChangeKind.Removed, previous, null)], nodeChanged: false);
                return;
            }

            if (previous is not null && previous.ResourceVersion == pod.Metadata?.ResourceVersion)
            {
                return;
            }

            var info = PodInfoFactory.Create(pod);
            var uids = before.PodsByUid;
            if (previous is not null && previous.Uid != info.Uid && uids.TryGetValue(previous.Uid, out var old) && old == previous)
            {
                uids = uids.Remove(previous.Uid);
            }

            if (info.Uid.Length > 0)
            {
                uids = uids.SetItem(info.Uid, info);
            }

            var next = Next(before, before.State, before.PodsByKey.SetItem(key, info), uids, before.Node, resourceVersion);
            Publish(before, next, [new PodChange(previous is null ? PodChangeKind.Added : PodChangeKind.Updated, previous, info)], nodeChanged: false);
        }
    }

    /// <summary>Sets (or, with null, clears) the node object.</summary>
    public void SetNode(V1Node? node)
    {
        lock (_lock)
        {
            var before = _current;
            if (node is not null && before.Node is not null && before.Node.ResourceVersion == node.Metadata?.ResourceVersion)
            {
                return;
            }

            if (node is null && before.Node is null)
            {
                return;
            }

            var info = node is null ? null : NodeInfoFactory.Create(node);
            Publish(before, Next(before, before.State, before.PodsByKey, before.PodsByUid, info, before.PodsResourceVersion), [], nodeChanged: true);
        }
    }

    /// <summary>Marks the pods stale (watch broken) or current again (watch reconnected). No-op before the first list.</summary>
    public void SetPodsState(SnapshotState state)
    {
        lock (_lock)
        {
            var before = _current;
            if (before.State == SnapshotState.NotSynced || before.State == state)
            {
                return;
            }

            Publish(before, Next(before, state, before.PodsByKey, before.PodsByUid, before.Node, before.PodsResourceVersion), [], nodeChanged: false);
        }
    }

    private static string Key(V1Pod pod) => pod.Metadata?.Namespace + "/" + pod.Metadata?.Name;

    private static NodeSnapshot Next(
        NodeSnapshot before,
        SnapshotState state,
        ImmutableDictionary<string, PodInfo> byKey,
        ImmutableDictionary<string, PodInfo> byUid,
        NodeInfo? node,
        string resourceVersion) => new()
        {
            Version = before.Version + 1,
            State = state,
            PodsByKey = byKey,
            PodsByUid = byUid,
            Node = node,
            PodsResourceVersion = resourceVersion,
        };

    private void Publish(NodeSnapshot before, NodeSnapshot next, ImmutableArray<PodChange> pods, bool nodeChanged)
    {
        _current = next;
        var subscribers = _subscribers;
        if (subscribers.IsEmpty)
        {
            return;
        }

        var change = new SnapshotChange { Previous = before, Snapshot = next, Pods = pods, NodeChanged = nodeChanged };
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber(change);
            }
            catch (Exception e)
            {
                // A subscriber's bug must not stop discovery or the other subscribers: log it and go on.
                Log.SubscriberFailed(logger, e);
            }
        }
    }

    private void Unsubscribe(Action<SnapshotChange> onChange)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Remove(onChange);
        }
    }

    private sealed class Subscription(NodeSnapshotStore store, Action<SnapshotChange> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                store.Unsubscribe(onChange);
            }
        }
    }
}
