using System.Collections.Immutable;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>
/// What the collector knows about its node at one moment: the pods scheduled on it, keyed by
/// <c>namespace/name</c> and by uid, and the node object. Immutable; each change makes a new one with a
/// higher <see cref="Version"/>. Check <see cref="State"/> before trusting it as current.
/// </summary>
internal sealed class NodeSnapshot
{
    // One reference field: a racing first use computes twice at worst, never tears.
    private ImmutableArray<ImmutableArray<Label>> _targets;

    public static NodeSnapshot Empty { get; } = new()
    {
        Version = 0,
        State = SnapshotState.NotSynced,
        PodsByKey = ImmutableDictionary.Create<string, PodInfo>(StringComparer.Ordinal),
        PodsByUid = ImmutableDictionary.Create<string, PodInfo>(StringComparer.Ordinal),
        Node = null,
        PodsResourceVersion = "",
    };

    /// <summary>Increases by one with every new snapshot.</summary>
    public required long Version { get; init; }

    public required SnapshotState State { get; init; }

    /// <summary>The first pod list succeeded: the readiness condition of the discovery.</summary>
    public bool FirstListSucceeded => State != SnapshotState.NotSynced;

    public required ImmutableDictionary<string, PodInfo> PodsByKey { get; init; }

    public required ImmutableDictionary<string, PodInfo> PodsByUid { get; init; }

    /// <summary>This node, or null before it was read (or when it cannot be).</summary>
    public required NodeInfo? Node { get; init; }

    /// <summary>The resourceVersion of the last pod list or pod change applied.</summary>
    public required string PodsResourceVersion { get; init; }

    public IEnumerable<PodInfo> Pods => PodsByKey.Values;

    public int PodCount => PodsByKey.Count;

    public bool TryGetPod(string @namespace, string name, out PodInfo pod) =>
        PodsByKey.TryGetValue(@namespace + "/" + name, out pod!);

    public bool TryGetPodByUid(string uid, out PodInfo pod) => PodsByUid.TryGetValue(uid, out pod!);

    /// <summary>Every pod's discovery label sets, pods ordered by key; computed on first use.</summary>
    public ImmutableArray<ImmutableArray<Label>> Targets
    {
        get
        {
            var targets = _targets;
            if (targets.IsDefault)
            {
                targets = CollectTargets();
                _targets = targets;
            }

            return targets;
        }
    }

    private ImmutableArray<ImmutableArray<Label>> CollectTargets()
    {
        var keys = PodsByKey.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<ImmutableArray<Label>>();
        foreach (var key in keys)
        {
            result.AddRange(PodsByKey[key].Targets);
        }

        return result.ToImmutable();
    }
}
