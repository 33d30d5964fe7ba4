using NodeCollector.Labels;

namespace NodeCollector.Config;

/// <summary>One <c>relabel_config</c>, with Prometheus' defaults.</summary>
internal sealed record RelabelConfig
{
    public static readonly ConfigSchema<RelabelConfig> Schema = new ConfigSchema<RelabelConfig>()
        .Field("source_labels", (o, r) => o.SourceLabels = r.StringList())
        .Field("separator", (o, r) => o.Separator = r.String())
        .Field("regex", (o, r) => o.Regex = r.String())
        .Field("modulus", (o, r) => o.Modulus = r.UInt64())
        .Field("target_label", (o, r) => o.TargetLabel = r.String())
        .Field("replacement", (o, r) => o.Replacement = r.String())
        .Field("action", (o, r) => o.Action = r.String());

    private static readonly string[] Actions =
        ["replace", "keep", "drop", "keepequal", "dropequal", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase"];

    public IReadOnlyList<string> SourceLabels { get; set; } = [];

    public string Separator { get; set; } = ";";

    public string Regex { get; set; } = "(.*)";

    public ulong Modulus { get; set; }

    public string TargetLabel { get; set; } = "";

    public string Replacement { get; set; } = "$1";

    public string Action { get; set; } = "replace";

    public void Validate(ConfigProblems problems, string path)
    {
        if (!Actions.Contains(Action))
        {
            problems.Add(path + ".action", $"unknown relabel action \"{Action}\" (expected one of: {string.Join(", ", Actions)})");
            return;
        }

        RegexCheck.Validate(problems, path + ".regex", "^(?:" + Regex + ")$");

        foreach (var label in SourceLabels)
        {
            if (!LabelNames.IsValid(label))
            {
                problems.Add(path + ".source_labels", $"\"{label}\" is not a valid label name");
            }
        }

        if (Action == "hashmod" && Modulus == 0)
        {
            problems.Add(path + ".modulus", "the hashmod action requires a modulus greater than 0");
        }

        if (Action is "replace" or "hashmod" or "lowercase" or "uppercase" or "keepequal" or "dropequal" && TargetLabel.Length == 0)
        {
            problems.Add(path + ".target_label", $"the {Action} action requires target_label");
        }
    }
}
