using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>What discovery offers a scrape config: its static targets and, for <c>role: pod</c>, the pods on this node.</summary>
internal static class ScrapeTargetSets
{
    public static IReadOnlyList<LabelSet> For(ScrapeConfig config, NodeSnapshot? snapshot)
    {
        var sets = new List<LabelSet>();
        foreach (var group in config.StaticConfigs)
        {
            foreach (var address in group.Targets)
            {
                var labels = new List<Label>(group.Labels.Count + 1) { new(TargetLabeler.Address, address) };
                foreach (var (name, value) in group.Labels)
                {
                    labels.Add(new Label(name, value));
                }

                sets.Add(LabelSet.From([.. labels]));
            }
        }

        if (snapshot is not null && config.KubernetesSdConfigs.Any(sd => sd.Role == "pod"))
        {
            foreach (var target in snapshot.Targets)
            {
                sets.Add(LabelSet.From(target.AsSpan()));
            }
        }

        return sets;
    }
}
