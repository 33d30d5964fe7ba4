namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>
/// The label names of the Loki streams NodeCollector pushes, as the logs dashboard may use them. The one place the
/// dashboard test reads them from. The logs pipeline (Logs/, Export/Loki/) is being built beside this and its stream
/// labels are not on main yet: once they are, this list is to be replaced by (or checked against) the names that
/// code defines, so a renamed label fails the dashboard test.
/// </summary>
internal static class LokiStreamLabels
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "namespace", "pod", "container", "node", "stream", "job", "app",
    };
}
