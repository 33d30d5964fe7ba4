namespace NodeCollector.TestSupport;

/// <summary>
/// Where tests leave files for a person to look at (screenshots): <c>NODECOLLECTOR_ARTIFACTS</c>, or
/// <c>artifacts/</c> beside the test assembly. CI can upload the folder.
/// </summary>
internal static class Artifacts
{
    public static string Path(string fileName)
    {
        var dir = Environment.GetEnvironmentVariable("NODECOLLECTOR_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        return System.IO.Path.Combine(dir, fileName);
    }
}
