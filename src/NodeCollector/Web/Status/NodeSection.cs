using System.Globalization;
using NodeCollector.Kubernetes;

namespace NodeCollector.Web.Status;

/// <summary>The node this collector owns: its name, what the Kubernetes API says of it, and how current that is.</summary>
internal sealed class NodeSection(string configuredName, NodeSnapshot? snapshot) : IStatusSection
{
    public string Id => "node";

    public string Title => "Node";

    public void Render(HtmlBuilder html)
    {
        html.Markup("<dl>");
        Term(html, "name", configuredName.Length > 0 ? configuredName : "(not set)");
        if (snapshot is null)
        {
            Term(html, "kubernetes", "discovery is off (kubernetes.enabled: false)");
            html.Markup("</dl>\n");
            return;
        }

        Term(html, "discovery", snapshot.State switch
        {
            SnapshotState.Current => "current (watching)",
            SnapshotState.Stale => "stale (the watch is recovering)",
            _ => "not synced yet (no pod list has succeeded)",
        });
        Term(html, "pods on this node", snapshot.PodCount.ToString(CultureInfo.InvariantCulture));
        if (snapshot.Node is { } node)
        {
            Term(html, "internal IP", node.InternalIP);
            Term(html, "kubelet port", node.KubeletPort.ToString(CultureInfo.InvariantCulture));
            Term(html, "provider ID", node.ProviderId);
            Term(html, "labels", string.Join(", ", node.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)));
        }

        html.Markup("</dl>\n");
    }

    private static void Term(HtmlBuilder html, string term, string description) =>
        html.Element("dt", term).Element("dd", description);
}
