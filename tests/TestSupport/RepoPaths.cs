namespace NodeCollector.TestSupport;

/// <summary>Locates the repository and the shared fixtures, whatever directory the tests run from.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor of the test assembly holding NodeCollector.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The one setting for upstream fixtures: <c>NODECOLLECTOR_FIXTURES</c>, default <c>../shared/fixtures</c>
    /// relative to the repository root.
    /// </summary>
    public static string Fixtures { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("NODECOLLECTOR_FIXTURES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Root, "..", "shared", "fixtures"));

    /// <summary>True when running under CI, where a missing fixture or tool is a failure, never a skip.</summary>
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeCollector.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NodeCollector.sln not found above " + AppContext.BaseDirectory);
    }
}
