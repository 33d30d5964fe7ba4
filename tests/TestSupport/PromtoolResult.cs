namespace NodeCollector.TestSupport;

/// <summary>How a promtool run ended: its exit code and its stdout and stderr lines, interleaved as they came.</summary>
internal sealed record PromtoolResult(int ExitCode, string Output)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
