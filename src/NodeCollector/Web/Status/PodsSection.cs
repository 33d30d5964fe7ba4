using NodeCollector.Kubernetes;

namespace NodeCollector.Web.Status;

/// <summary>The pods discovery has seen on this node, sorted by namespace and name.</summary>
internal sealed class PodsSection(NodeSnapshot? snapshot) : IStatusSection
{
    public string Id => "pods";

    public string Title => "Pods";

    public void Render(HtmlBuilder html)
    {
        if (snapshot is null || snapshot.PodCount == 0)
        {
            html.Empty(snapshot is null ? "Kubernetes discovery is off." : "No pods seen on this node yet.");
            return;
        }

        html.TableStart("namespace", "name", "phase", "IP", "ready", "containers", "labels");
        foreach (var pod in snapshot.Pods.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            html.Row(
                pod.Namespace,
                pod.Name,
                pod.Phase,
                pod.PodIP,
                new Cell(pod.IsReady ? "yes" : "no", pod.IsReady ? "up" : "down"),
                string.Join(", ", pod.Containers.Select(c => c.Name)),
                new Cell(string.Join(", ", pod.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)), "labels"));
        }

        html.TableEnd();
    }
}
