using System.Collections.Immutable;

namespace NodeCollector.Kubernetes;

/// <summary>A container of a pod on this node, with what its status says about it.</summary>
internal sealed class ContainerInfo
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    /// <summary>Runtime and id (<c>containerd://…</c>); empty until the container was created.</summary>
    public required string ContainerId { get; init; }

    public required bool IsInit { get; init; }

    public required bool Ready { get; init; }

    public required int RestartCount { get; init; }

    public required ImmutableArray<ContainerPortInfo> Ports { get; init; }
}
