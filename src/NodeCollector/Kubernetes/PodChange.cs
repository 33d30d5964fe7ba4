namespace NodeCollector.Kubernetes;

/// <summary>One pod that appeared, changed or went away. <see cref="Previous"/> is null for Added, <see cref="Current"/> for Removed.</summary>
internal readonly record struct PodChange(PodChangeKind Kind, PodInfo? Previous, PodInfo? Current)
{
    public PodInfo Pod => Current ?? Previous!;
}
