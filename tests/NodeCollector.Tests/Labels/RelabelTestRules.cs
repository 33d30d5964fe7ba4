using NodeCollector.Config;
using NodeCollector.Labels;
using YamlDotNet.RepresentationModel;

namespace NodeCollector.Tests.Labels;

/// <summary>Builds rules from YAML the way a user writes them, through the configuration binder.</summary>
internal static class RelabelTestRules
{
    public static IReadOnlyList<RelabelRule> Parse(string yaml, Func<string, string?>? environment = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var problems = new ConfigProblems("test.yaml");
        var configs = new ConfigReader(stream.Documents[0].RootNode, "relabel_configs", problems, environment ?? (_ => null)).List(RelabelConfig.Schema);
        for (var i = 0; i < configs.Count; i++)
        {
            configs[i].Validate(problems, $"relabel_configs[{i}]");
        }

        Assert.Empty(problems.All);
        return [.. configs.Select(c => RelabelRule.TryCreate(c, out _)!)];
    }

    public static LabelSet Set(params (string Name, string Value)[] labels) =>
        LabelSet.From([.. labels.Select(l => new Label(l.Name, l.Value))]);

    /// <summary>Applies the rules; null when they drop the set.</summary>
    public static LabelSet? Apply(IReadOnlyList<RelabelRule> rules, LabelSet input)
    {
        var builder = new LabelSetBuilder(input);
        return RelabelRule.ApplyAll(rules, builder) ? builder.Build() : null;
    }
}
