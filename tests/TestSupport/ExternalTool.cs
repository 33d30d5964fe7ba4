namespace NodeCollector.TestSupport;

/// <summary>Finds external programs the tests use as real peers (promtool, prometheus, node_exporter).</summary>
internal static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="Find"/>, but fails with an actionable message when the tool is missing.</summary>
    public static string Require(string name, string debianPackage) =>
        Find(name) ?? throw new InvalidOperationException(
            $"{name} is not installed: run ./test.sh (it installs Debian's {debianPackage}), or apt-get install {debianPackage}");
}

/// <summary>A fact that needs an external tool: skipped without it on a developer's machine, failed under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool, string debianPackage)
    {
        if (ExternalTool.Find(tool) is null && !RepoPaths.UnderCi)
        {
            Skip = $"{tool} is not installed: run ./test.sh, or apt-get install {debianPackage}";
        }
    }
}
