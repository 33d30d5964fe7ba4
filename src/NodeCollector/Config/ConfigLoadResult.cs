namespace NodeCollector.Config;

/// <summary>A loaded configuration, or every problem that stopped it from loading.</summary>
internal sealed record ConfigLoadResult(CollectorConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>Valid settings that expose data (see <see cref="ExposureWarnings"/>).</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];

    public static ConfigLoadResult Failed(params IReadOnlyList<ConfigProblem> problems) => new(null, problems);
}
