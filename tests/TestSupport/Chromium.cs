namespace NodeCollector.TestSupport;

/// <summary>Debian's Chromium, driven by Playwright for browser tests (Playwright's own browsers are never downloaded).</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string DebianPackage = "chromium";

    public static readonly string[] Args = ["--headless", "--no-sandbox"];

    public static bool IsInstalled => File.Exists(ExecutablePath);
}

/// <summary>
/// A fact that runs the demo node in Chromium: skipped without Chromium or the demo's fixtures on a developer's
/// machine, failed under CI.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumDemoFactAttribute : FactAttribute
{
    public ChromiumDemoFactAttribute()
    {
        if (RepoPaths.UnderCi)
        {
            return;
        }

        Skip = Chromium.IsInstalled
            ? FixtureSkip.Reason("kubelet")
            : $"{Chromium.ExecutablePath} is not installed: run ./test.sh, or apt-get install {Chromium.DebianPackage}";
    }
}
