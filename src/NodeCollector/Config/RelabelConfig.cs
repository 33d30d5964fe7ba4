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
        .Field("action", (o, r) => o.Action = r.String().ToLowerInvariant());

    public IReadOnlyList<string> SourceLabels { get; set; } = [];

    public string Separator { get; set; } = ";";

    public string Regex { get; set; } = "(.*)";

    public ulong Modulus { get; set; }

    public string TargetLabel { get; set; } = "";

    public string Replacement { get; set; } = "$1";

    public string Action { get; set; } = "replace";

    /// <summary>Reports every problem <see cref="RelabelRule.TryCreate"/> finds, at the key it concerns.</summary>
    /// <summary>Validates a list of rules found at <paramref name="path"/> (<c>path[i].key</c> in messages).</summary>
    public static void ValidateAll(ConfigProblems problems, string path, IReadOnlyList<RelabelConfig> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            rules[i].Validate(problems, $"{path}[{i}]");
        }
    }

    public void Validate(ConfigProblems problems, string path)
    {
        RelabelRule.TryCreate(this, out var found);
        foreach (var (key, message) in found)
        {
            problems.Add(path + "." + key, message);
        }
    }
}
