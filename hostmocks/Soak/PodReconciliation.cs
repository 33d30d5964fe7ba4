using System.Net;
using System.Text.RegularExpressions;
using HostMocks.Kubernetes;

namespace HostMocks.Soak;

/// <summary>
/// The pods the collector shows on its status page (namespace, name and labels of each row of the <c>pods</c>
/// section) against the fake API's pods on this node: both as sets of <c>namespace/name {labels}</c>.
/// </summary>
internal sealed partial record PodReconciliation(int Expected, int Shown, List<string> Missing, List<string> Extra)
{
    public bool Matches => Missing.Count == 0 && Extra.Count == 0;

    public static PodReconciliation From(string statusPage, FakeClusterState cluster, string node)
    {
        var expected = cluster.Pods.Values
            .Where(p => p.Spec?.NodeName == node)
            .Select(p => Key(p.Metadata!.Namespace!, p.Metadata.Name!, string.Join(", ", (p.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value))))
            .ToHashSet(StringComparer.Ordinal);
        var shown = Rows(statusPage);
        return new PodReconciliation(expected.Count, shown.Count, [.. expected.Except(shown).Order(StringComparer.Ordinal)], [.. shown.Except(expected).Order(StringComparer.Ordinal)]);
    }

    private static HashSet<string> Rows(string statusPage)
    {
        var section = SectionPattern().Match(statusPage);
        var rows = new HashSet<string>(StringComparer.Ordinal);
        if (!section.Success)
        {
            return rows;
        }

        foreach (Match row in RowPattern().Matches(section.Groups[1].Value))
        {
            var cells = CellPattern().Matches(row.Groups[1].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToList();
            if (cells.Count >= 7)
            {
                rows.Add(Key(cells[0], cells[1], cells[6]));
            }
        }

        return rows;
    }

    private static string Key(string @namespace, string name, string labels) => $"{@namespace}/{name} {{{labels}}}";

    [GeneratedRegex("""<section id="pods">(.*?)</section>""", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();
}
