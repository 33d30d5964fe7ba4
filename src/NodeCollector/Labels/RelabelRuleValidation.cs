using System.Text.RegularExpressions;
using NodeCollector.Config;

namespace NodeCollector.Labels;

/// <summary>The per-action field rules Prometheus checks when it loads a <c>relabel_config</c>.</summary>
internal static partial class RelabelRuleValidation
{
    public static void Check(RelabelAction action, RelabelConfig config, List<(string Key, string Message)> problems)
    {
        var name = config.Action;
        if (action == RelabelAction.HashMod && config.Modulus == 0)
        {
            problems.Add(("modulus", "the hashmod action requires a modulus greater than 0"));
        }

        if (action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual && config.TargetLabel.Length == 0)
        {
            problems.Add(("target_label", $"the {name} action requires target_label"));
        }
        else if (action is RelabelAction.Replace && !TemplatedLabelName().IsMatch(config.TargetLabel))
        {
            problems.Add(("target_label", $"\"{config.TargetLabel}\" is not a valid target_label for the {name} action"));
        }
        else if (action is RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual && !LabelNames.IsValid(config.TargetLabel))
        {
            problems.Add(("target_label", $"\"{config.TargetLabel}\" is not a valid target_label for the {name} action"));
        }

        if (action is RelabelAction.Lowercase or RelabelAction.Uppercase && config.Replacement != "$1")
        {
            problems.Add(("replacement", $"replacement cannot be set for the {name} action"));
        }

        if (action == RelabelAction.LabelMap && !TemplatedLabelName().IsMatch(config.Replacement))
        {
            problems.Add(("replacement", $"\"{config.Replacement}\" is not a valid replacement for the labelmap action"));
        }

        if (action is RelabelAction.KeepEqual or RelabelAction.DropEqual
            && (config.Regex != Re2Regex.DefaultRelabelPattern || config.Modulus != 0 || config.Separator != ";" || config.Replacement != "$1"))
        {
            problems.Add(("action", $"the {name} action takes only source_labels and target_label"));
        }

        if (action is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (config.SourceLabels.Count > 0 || config.TargetLabel.Length > 0 || config.Modulus != 0 || config.Separator != ";" || config.Replacement != "$1"))
        {
            problems.Add(("action", $"the {name} action takes only regex"));
        }

        foreach (var label in config.SourceLabels)
        {
            if (!LabelNames.IsValid(label))
            {
                problems.Add(("source_labels", $"\"{label}\" is not a valid label name"));
            }
        }
    }

    /// <summary>A label name that may contain <c>$1</c>/<c>${name}</c> references (Prometheus' relabelTarget).</summary>
    [GeneratedRegex(@"^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplatedLabelName();
}
