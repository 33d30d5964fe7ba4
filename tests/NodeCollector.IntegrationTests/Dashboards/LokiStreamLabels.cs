using NodeCollector.Kubernetes;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>
/// The label names of the Loki streams NodeCollector pushes, as the logs dashboard may use them: those the logs
/// pipeline's <see cref="LogStreamLabeler"/> gives a pod carrying every label it has a default for (so the optional
/// <c>app</c>, <c>project_id</c>, ... are in), without relabel rules. A label renamed there fails the dashboard test.
/// </summary>
internal static class LokiStreamLabels
{
    private static readonly string[] DefaultedPodLabels = ["app", "project_id", "deployment_id", "managed_by"];

    public static readonly IReadOnlySet<string> Names = Build();

    private static HashSet<string> Build()
    {
        Label[] discovered =
        [
            new(MetaLabelNames.Namespace, "shop"),
            new(MetaLabelNames.PodName, "api-1"),
            new(MetaLabelNames.ContainerName, "app"),
            .. DefaultedPodLabels.Select(l => new Label(MetaLabelNames.PodLabelPrefix + l, "x")),
        ];
        var streams = new LogStreamLabeler([], "node-1").TryBuild(LabelSet.From(discovered))
            ?? throw new InvalidOperationException("the labeler dropped a container without relabel rules");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in new[] { streams.Stdout, streams.Stderr })
        {
            names.UnionWith(set.Labels.ToArray().Select(l => l.Name));
        }

        return names;
    }
}
