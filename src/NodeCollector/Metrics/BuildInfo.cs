using System.Reflection;
using System.Runtime.InteropServices;

namespace NodeCollector.Metrics;

/// <summary>What <c>nodecollector_build_info</c> reports: the version and git revision we were built from, and the runtime.</summary>
internal readonly record struct BuildInfo(string Version, string Revision, string Runtime)
{
    public const string Unknown = "unknown";

    public static BuildInfo Current { get; } = FromInformationalVersion(
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        RuntimeInformation.FrameworkDescription);

    /// <summary>Splits an informational version like <c>0.1.0+3e76e82…</c> (the SDK appends the commit) into version and revision.</summary>
    public static BuildInfo FromInformationalVersion(string? informationalVersion, string runtime)
    {
        if (string.IsNullOrEmpty(informationalVersion))
        {
            return new BuildInfo(Unknown, Unknown, runtime);
        }

        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return new BuildInfo(informationalVersion, Unknown, runtime);
        }

        var revision = informationalVersion[(plus + 1)..];
        return new BuildInfo(informationalVersion[..plus], revision.Length > 0 ? revision : Unknown, runtime);
    }
}
