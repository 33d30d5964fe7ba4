using NodeCollector.Config;

namespace NodeCollector.Tests.Labels;

public class RelabelValidationTests
{
    [Theory]
    [InlineData("{action: hashmod, source_labels: [a], target_label: b}", "relabel_configs[0].modulus", "requires a modulus")]
    [InlineData("{action: replace, source_labels: [a]}", "relabel_configs[0].target_label", "requires target_label")]
    [InlineData("{action: replace, target_label: 'bad-name'}", "relabel_configs[0].target_label", "is not a valid target_label")]
    [InlineData("{action: lowercase, source_labels: [a], target_label: b, replacement: x}", "relabel_configs[0].replacement", "cannot be set")]
    [InlineData("{action: labelmap, regex: '(.*)', replacement: 'bad-$1'}", "relabel_configs[0].replacement", "is not a valid replacement")]
    [InlineData("{action: keepequal, source_labels: [a], target_label: b, regex: x}", "relabel_configs[0].action", "takes only source_labels and target_label")]
    [InlineData("{action: labeldrop, regex: x, source_labels: [a]}", "relabel_configs[0].action", "takes only regex")]
    [InlineData("{action: keep, source_labels: [a], regex: '(a)\\1'}", "relabel_configs[0].regex", "backreferences are not supported")]
    [InlineData("{action: keep, source_labels: ['a.b']}", "relabel_configs[0].source_labels", "is not a valid label name")]
    [InlineData("{action: explode}", "relabel_configs[0].action", "unknown relabel action")]
    public void Invalid_rules_are_rejected_at_load_naming_their_key(string rule, string keyPath, string messagePart)
    {
        var result = ConfigLoader.Load($"kubernetes: {{enabled: false}}\nlogs:\n  relabel_configs:\n    - {rule}\n", "c.yaml", _ => null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("logs." + keyPath, problem.KeyPath);
        Assert.Contains(messagePart, problem.Message, StringComparison.Ordinal);
        Assert.Equal(4, problem.Line);
    }
}
