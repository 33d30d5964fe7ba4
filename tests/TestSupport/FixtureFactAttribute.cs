namespace NodeCollector.TestSupport;

/// <summary>
/// A fact that needs upstream fixture data under <see cref="RepoPaths.Fixtures"/>. On a developer's machine without
/// it the test is skipped with a message saying how to get it; under CI (<c>CI=true</c>) it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute(string relativePath)
    {
        Skip = FixtureSkip.Reason(relativePath);
    }
}

/// <summary>The theory form of <see cref="FixtureFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute(string relativePath)
    {
        Skip = FixtureSkip.Reason(relativePath);
    }
}

internal static class FixtureSkip
{
    public static string? Reason(string relativePath)
    {
        var path = RepoPaths.Fixture(relativePath);
        if (File.Exists(path) || Directory.Exists(path) || RepoPaths.UnderCi)
        {
            return null;
        }

        return $"fixture {path} is missing: check out the project's shared/ folder beside the repository, " +
            "or set NODECOLLECTOR_FIXTURES to a copy of shared/fixtures";
    }
}
