using System.Collections.Immutable;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Kubernetes;

/// <summary>
/// The fake cluster's objects and their history, with resourceVersion semantics like etcd's: one counter for
/// every change, a history from which watches resume, and a compaction floor below which they get 410.
/// Every change is written to the matching open watches in order, under one lock.
/// </summary>
internal sealed class FakeClusterState
{
    private readonly Lock _lock = new();
    private readonly List<FakeHistoryEvent> _history = [];
    private readonly List<FakeWatchSession> _sessions = [];
    private readonly Dictionary<long, ImmutableSortedDictionary<string, V1Pod>> _listSnapshots = [];
    private ImmutableSortedDictionary<string, V1Pod> _pods = ImmutableSortedDictionary.Create<string, V1Pod>(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, V1Node> _nodes = ImmutableSortedDictionary.Create<string, V1Node>(StringComparer.Ordinal);
    private long _resourceVersion = 1000;
    private long _oldestResumable = 1000;

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Every pod, keyed <c>namespace/name</c>, as a list would return it now.</summary>
    public ImmutableSortedDictionary<string, V1Pod> Pods
    {
        get
        {
            lock (_lock)
            {
                return _pods;
            }
        }
    }

    public V1Pod AddPod(V1Pod pod)
    {
        lock (_lock)
        {
            var key = Key(pod);
            if (_pods.ContainsKey(key))
            {
                throw new InvalidOperationException($"pod {key} already exists");
            }

            var stored = FakeObjects.WithVersion(pod, ++_resourceVersion, pod.Metadata?.Uid ?? Guid.NewGuid().ToString());
            _pods = _pods.SetItem(key, stored);
            Record(FakeObjectKind.Pod, "ADDED", stored.Metadata!.Name!, stored.Spec?.NodeName, FakeWatchEvents.Line("ADDED", stored));
            return stored;
        }
    }

    public V1Pod UpdatePod(V1Pod pod)
    {
        lock (_lock)
        {
            var key = Key(pod);
            if (!_pods.TryGetValue(key, out var existing))
            {
                throw new InvalidOperationException($"pod {key} does not exist");
            }

            var stored = FakeObjects.WithVersion(pod, ++_resourceVersion, existing.Metadata!.Uid!);
            _pods = _pods.SetItem(key, stored);
            Record(FakeObjectKind.Pod, "MODIFIED", stored.Metadata!.Name!, stored.Spec?.NodeName, FakeWatchEvents.Line("MODIFIED", stored));
            return stored;
        }
    }

    public bool DeletePod(string @namespace, string name)
    {
        lock (_lock)
        {
            var key = @namespace + "/" + name;
            if (!_pods.TryGetValue(key, out var existing))
            {
                return false;
            }

            var last = FakeObjects.WithVersion(existing, ++_resourceVersion, existing.Metadata!.Uid!);
            _pods = _pods.Remove(key);
            Record(FakeObjectKind.Pod, "DELETED", name, last.Spec?.NodeName, FakeWatchEvents.Line("DELETED", last));
            return true;
        }
    }

    public V1Node SetNode(V1Node node)
    {
        lock (_lock)
        {
            var name = node.Metadata?.Name ?? throw new ArgumentException("a node needs a name", nameof(node));
            var exists = _nodes.TryGetValue(name, out var existing);
            var stored = FakeObjects.WithVersion(node, ++_resourceVersion, existing?.Metadata?.Uid ?? node.Metadata.Uid ?? Guid.NewGuid().ToString());
            _nodes = _nodes.SetItem(name, stored);
            var type = exists ? "MODIFIED" : "ADDED";
            Record(FakeObjectKind.Node, type, name, null, FakeWatchEvents.Line(type, stored));
            return stored;
        }
    }

    /// <summary>Compacts the history: watches from any version before now, and open continue tokens, get 410.</summary>
    public void ExpireHistory()
    {
        lock (_lock)
        {
            _oldestResumable = _resourceVersion;
            _history.Clear();
            _listSnapshots.Clear();
        }
    }

    /// <summary>Pods for a list: a new consistent snapshot, or the one a continue token refers to (null when expired).</summary>
    public (ImmutableSortedDictionary<string, V1Pod>? Pods, long ResourceVersion) PodsForList(long? continueFrom)
    {
        lock (_lock)
        {
            if (continueFrom is { } version)
            {
                return version >= _oldestResumable && _listSnapshots.TryGetValue(version, out var kept) ? (kept, version) : (null, version);
            }

            _listSnapshots[_resourceVersion] = _pods;
            return (_pods, _resourceVersion);
        }
    }

    public (ImmutableSortedDictionary<string, V1Node> Nodes, long ResourceVersion) NodesForList()
    {
        lock (_lock)
        {
            return (_nodes, _resourceVersion);
        }
    }

    /// <summary>
    /// Registers a watch from <paramref name="from"/> (null: start with ADDED for every current object) and queues
    /// what it missed. False when <paramref name="from"/> is older than the history.
    /// </summary>
    public bool OpenWatch(FakeWatchSession session, long? from, out long oldest)
    {
        lock (_lock)
        {
            oldest = _oldestResumable;
            if (from is { } version && version < _oldestResumable)
            {
                return false;
            }

            if (from is null)
            {
                QueueCurrent(session);
            }
            else
            {
                foreach (var change in _history)
                {
                    if (change.ResourceVersion > from && session.Matches(change))
                    {
                        session.Enqueue(change.Line);
                    }
                }
            }

            _sessions.Add(session);
            return true;
        }
    }

    public void CloseWatch(FakeWatchSession session)
    {
        lock (_lock)
        {
            _sessions.Remove(session);
        }
    }

    /// <summary>Runs <paramref name="action"/> on every open watch, in order with the changes.</summary>
    public void ForEachWatch(Action<FakeWatchSession> action)
    {
        lock (_lock)
        {
            foreach (var session in _sessions.ToArray())
            {
                action(session);
            }
        }
    }

    public void SendBookmarks()
    {
        lock (_lock)
        {
            foreach (var session in _sessions)
            {
                if (session.WantsBookmarks)
                {
                    session.Enqueue(FakeWatchEvents.Bookmark(session.Kind, _resourceVersion));
                }
            }
        }
    }

    private void QueueCurrent(FakeWatchSession session)
    {
        if (session.Kind == FakeObjectKind.Pod)
        {
            foreach (var pod in _pods.Values)
            {
                var change = new FakeHistoryEvent(0, FakeObjectKind.Pod, "ADDED", pod.Metadata!.Name!, pod.Spec?.NodeName, FakeWatchEvents.Line("ADDED", pod));
                if (session.Matches(change))
                {
                    session.Enqueue(change.Line);
                }
            }

            return;
        }

        foreach (var node in _nodes.Values)
        {
            var change = new FakeHistoryEvent(0, FakeObjectKind.Node, "ADDED", node.Metadata!.Name!, null, FakeWatchEvents.Line("ADDED", node));
            if (session.Matches(change))
            {
                session.Enqueue(change.Line);
            }
        }
    }

    private void Record(FakeObjectKind kind, string type, string name, string? nodeName, byte[] line)
    {
        var change = new FakeHistoryEvent(_resourceVersion, kind, type, name, nodeName, line);
        _history.Add(change);
        foreach (var session in _sessions)
        {
            if (session.Matches(change))
            {
                session.Enqueue(line);
            }
        }
    }

    private static string Key(V1Pod pod) =>
        (pod.Metadata?.Namespace ?? throw new ArgumentException("a pod needs a namespace", nameof(pod))) + "/" +
        (pod.Metadata.Name ?? throw new ArgumentException("a pod needs a name", nameof(pod)));
}
