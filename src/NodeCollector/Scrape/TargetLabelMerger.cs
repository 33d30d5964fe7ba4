using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>
/// Adds a target's labels to a scraped series. With <c>honor_labels: false</c> the target wins and a clashing
/// scraped value moves to <c>exported_&lt;name&gt;</c> (again prefixed while that is taken, shortest names first);
/// with <c>honor_labels: true</c> the scraped value wins and target labels only fill gaps.
/// </summary>
internal static class TargetLabelMerger
{
    public const string ExportedPrefix = "exported_";

    public static void Merge(LabelSetBuilder series, LabelSet target, bool honorLabels)
    {
        List<Label>? clashes = null;
        foreach (var label in target.Labels)
        {
            var scraped = series.Get(label.Name);
            if (honorLabels)
            {
                if (scraped.Length == 0)
                {
                    series.Set(label.Name, label.Value);
                }

                continue;
            }

            if (scraped.Length > 0)
            {
                (clashes ??= []).Add(new Label(label.Name, scraped));
            }

            series.Set(label.Name, label.Value);
        }

        if (clashes is null)
        {
            return;
        }

        clashes.Sort(static (a, b) => a.Name.Length != b.Name.Length ? a.Name.Length - b.Name.Length : string.CompareOrdinal(a.Name, b.Name));
        foreach (var clash in clashes)
        {
            var name = ExportedPrefix + clash.Name;
            while (series.Get(name).Length > 0)
            {
                name = ExportedPrefix + name;
            }

            series.Set(name, clash.Value);
        }
    }
}
