using NodeCollector.Kubernetes;
using NodeCollector.Labels;

namespace NodeCollector.Logs;

/// <summary>
/// Turns a container's discovery labels into its Loki stream labels: Promtail-like defaults first (<c>namespace</c>,
/// <c>pod</c>, <c>container</c>, <c>node</c>, <c>job</c> = <c>namespace/container</c>, <c>app</c>, and the platform
/// labels <c>project_id</c>, <c>deployment_id</c>, <c>managed_by</c> when the pod carries them), then
/// <c>logs.relabel_configs</c>, which may change them or drop the container. Labels starting with <c>__</c> are
/// removed and names made valid for Loki; <c>stream</c> is added last. Labels named in
/// <paramref name="structuredMetadata"/> are moved out of the stream labels under <see cref="StreamLabels.MetadataPrefix"/>.
/// </summary>
internal sealed class LogStreamLabeler(IReadOnlyList<RelabelRule> rules, string nodeName, IReadOnlyCollection<string>? structuredMetadata = null)
{
    private static readonly (string Label, string[] PodLabels)[] Defaults =
    [
        ("app", ["app.kubernetes.io/name", "app"]),
        ("project_id", ["project-id", "project_id"]),
        ("deployment_id", ["deployment-id", "deployment_id"]),
        ("managed_by", ["managed-by", "app.kubernetes.io/managed-by"]),
    ];

    private readonly LabelSetBuilder _builder = new();
    private readonly HashSet<string> _metadata = new(structuredMetadata ?? [], StringComparer.Ordinal);

    /// <summary>The stream labels, or null when relabeling dropped the container. Not thread-safe.</summary>
    public StreamLabels? TryBuild(LabelSet discovered)
    {
        var b = _builder;
        b.Reset(discovered);
        var @namespace = discovered.Get(MetaLabelNames.Namespace);
        var container = discovered.Get(MetaLabelNames.ContainerName);
        b.Set("namespace", @namespace);
        b.Set("pod", discovered.Get(MetaLabelNames.PodName));
        b.Set("container", container);
        b.Set("node", nodeName.Length > 0 ? nodeName : discovered.Get(MetaLabelNames.PodNodeName));
        b.Set("job", @namespace + "/" + container);
        foreach (var (label, podLabels) in Defaults)
        {
            foreach (var podLabel in podLabels)
            {
                var value = discovered.Get(MetaLabelNames.PodLabelPrefix + LabelNameSanitizer.Sanitize(podLabel));
                if (value.Length > 0)
                {
                    b.Set(label, value);
                    break;
                }
            }
        }

        if (!RelabelRule.ApplyAll(rules, b))
        {
            return null;
        }

        var kept = new List<Label>(b.Count + 1);
        foreach (var label in b.Snapshot())
        {
            if (!label.Name.StartsWith("__", StringComparison.Ordinal) && label.Name != "stream")
            {
                var valid = LabelNames.IsValid(label.Name) ? label : new Label(ValidName(label.Name), label.Value);
                kept.Add(_metadata.Contains(valid.Name) ? new Label(StreamLabels.MetadataPrefix + valid.Name, valid.Value) : valid);
            }
        }

        kept.Add(new Label("stream", "stdout"));
        var stdout = LabelSet.From(kept.ToArray());
        kept[^1] = new Label("stream", "stderr");
        return new StreamLabels(stdout, LabelSet.From(kept.ToArray()));
    }

    private static string ValidName(string name)
    {
        var sanitized = LabelNameSanitizer.Sanitize(name);
        return char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }
}
