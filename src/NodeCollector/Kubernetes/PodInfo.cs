using System.Collections.Immutable;
using NodeCollector.Labels;

namespace NodeCollector.Kubernetes;

/// <summary>
/// A pod scheduled on this node as the snapshot holds it: immutable, built once per change of the
/// pod (<see cref="PodInfoFactory"/>), with its discovery label sets precomputed.
/// Empty strings stand for absent fields.
/// </summary>
internal sealed class PodInfo
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    /// <summary>Opaque: compare only for equality.</summary>
    public required string ResourceVersion { get; init; }

    public required string NodeName { get; init; }

    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public required string Phase { get; init; }

    /// <summary>The <c>Ready</c> condition lower-cased: <c>true</c>, <c>false</c>, or <c>unknown</c> without one.</summary>
    public required string Ready { get; init; }

    public required string PodIP { get; init; }

    public required ImmutableArray<string> PodIPs { get; init; }

    public required string HostIP { get; init; }

    public required bool HostNetwork { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IReadOnlyDictionary<string, string> Annotations { get; init; }

    /// <summary>Kind of the owner reference with <c>controller: true</c> (ReplicaSet, DaemonSet, ...); empty if none.</summary>
    public required string ControllerKind { get; init; }

    public required string ControllerName { get; init; }

    /// <summary>Regular containers first, then init containers, as Prometheus orders them.</summary>
    public required ImmutableArray<ContainerInfo> Containers { get; init; }

    /// <summary>
    /// The discovery label sets of this pod exactly as Prometheus' <c>kubernetes_sd_configs</c> with
    /// <c>role: pod</c> builds them: one per declared port and one per container without ports; none
    /// without a pod IP. Each set is sorted by name (ordinal).
    /// </summary>
    public required ImmutableArray<ImmutableArray<Label>> Targets { get; init; }

    /// <summary>The snapshot key: <c>namespace/name</c>.</summary>
    public string Key => Namespace + "/" + Name;

    public bool IsReady => Ready == "true";

    /// <summary>The kubelet's log directory name under <c>/var/log/pods</c>: <c>&lt;namespace&gt;_&lt;name&gt;_&lt;uid&gt;</c>.</summary>
    public string LogDirectoryName => Namespace + "_" + Name + "_" + Uid;
}
